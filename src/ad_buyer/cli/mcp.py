"""``ad-buyer mcp``: the MCP server on stdio, for a desktop assistant's config."""

from __future__ import annotations

from ad_buyer.cli.options import DbOption, RegistryOption


def mcp_command(db: DbOption = None, registry_url: RegistryOption = None) -> None:
    """Serve the buyer's MCP tools on stdio (plan, revise, book after confirmation, run
    status, rationale, pacing, sellers). Configure it in Claude Desktop as a command."""
    from ad_buyer.api.service import BuyerService
    from ad_buyer.cli.briefs import check_registry
    from ad_buyer.cli.database import check_durable_url, open_database
    from ad_buyer.mcp_server.server import build_mcp

    if registry_url:
        check_registry(registry_url)
    database = open_database(db)
    check_durable_url(database.url)
    service = BuyerService(database.url, registry_url=registry_url)
    service.start()
    try:
        build_mcp(service).run("stdio")
    finally:
        service.stop()
