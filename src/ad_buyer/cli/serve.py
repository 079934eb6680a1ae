"""``ad-buyer serve``: the HTTP API (and the MCP server at ``/mcp``) on uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ad_buyer.cli.options import DbOption, RegistryOption

console = Console()


def serve_command(
    host: Annotated[str, typer.Option(help="address to listen on; beyond loopback an API "
                                           "key is required ($AD_BUYER_API_KEYS)")
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535)] = 8000,
    db: DbOption = None,
    registry_url: RegistryOption = None,
) -> None:
    """Serve the buyer's HTTP API: plans (dry runs), revisions, booking, runs on the
    queue, logs, reports, pacing; OpenAPI at /docs."""
    import uvicorn

    from ad_buyer.api.security import ApiKeys, NoApiKeyError, check_bind, is_loopback
    from ad_buyer.cli.briefs import check_registry
    from ad_buyer.cli.database import check_durable_url, open_database
    from ad_buyer.mcp_server.mounted import build_app

    keys = ApiKeys.from_env()
    try:
        check_bind(host, keys)
    except NoApiKeyError as exc:
        console.print(f"[bold red]{escape(str(exc))}[/bold red]")
        raise typer.Exit(code=2) from exc
    if registry_url:
        check_registry(registry_url)
    database = open_database(db)
    check_durable_url(database.url)
    app = build_app(database.url, registry_url=registry_url, keys=keys,
                    loopback=is_loopback(host))
    console.print(f"ad-buyer API on http://{host}:{port} (console: /console; OpenAPI: "
                  "/docs; MCP: /mcp)" + ("; API key required" if keys.required else ""))
    uvicorn.run(app, host=host, port=port, log_level="warning")
