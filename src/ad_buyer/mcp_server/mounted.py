"""One process's service: the API over a :class:`BuyerService`, with the MCP server on
the same service at ``/mcp`` (Streamable HTTP), behind the same API keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from starlette.routing import Route

from ad_buyer.api.app import create_app
from ad_buyer.api.security import ApiKeys, KeyGuard
from ad_buyer.api.service import BuyerService


def build_app(db_url: str | None, *, registry_url: str | None = None,
              keys: ApiKeys | None = None, loopback: bool = True,
              network: Callable[[str | None, Any], Any] | None = None) -> FastAPI:
    from mcp.server.streamable_http_manager import StreamableHTTPSessionManager

    from ad_buyer.mcp_server.server import build_mcp

    keys = keys or ApiKeys([])
    service = BuyerService(db_url, registry_url=registry_url, network=network)
    mcp = build_mcp(service, loopback=loopback)
    mcp.streamable_http_app()  # creates its session manager
    manager: StreamableHTTPSessionManager = mcp.session_manager
    app = create_app(service, keys=keys, lifespans=[manager.run])
    from mcp.server.fastmcp.server import StreamableHTTPASGIApp

    app.router.routes.append(Route("/mcp", endpoint=KeyGuard(StreamableHTTPASGIApp(manager),
                                                             keys)))
    return app
