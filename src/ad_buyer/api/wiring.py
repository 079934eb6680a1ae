"""One process's service: the API over a :class:`BuyerService`, with the MCP server
mounted at ``/mcp`` on the same service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from ad_buyer.api.app import create_app
from ad_buyer.api.security import ApiKeys
from ad_buyer.api.service import BuyerService


def build_app(db_url: str | None, *, registry_url: str | None = None,
              keys: ApiKeys | None = None,
              network: Callable[[str | None, Any], Any] | None = None) -> FastAPI:
    service = BuyerService(db_url, registry_url=registry_url, network=network)
    return create_app(service, keys=keys)
