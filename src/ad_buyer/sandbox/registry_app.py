"""The sandbox agent registry: discovery by capability, trust verification."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from fastapi import FastAPI, Query, Request
from starlette.responses import Response

from ad_buyer.registry.models import AgentCard, TrustInfo, TrustLevel
from ad_buyer.sandbox.errors import SandboxError, error_response, install_error_handlers


class RegistryState:
    """Registered cards (blocked ones included: they are listed, as blocked)."""

    def __init__(self, cards: list[AgentCard]) -> None:
        self.cards = cards
        self.outage = False

    def find_by_url(self, url: str) -> AgentCard | None:
        wanted = _url_key(url)
        return next((c for c in self.cards if _url_key(c.url) == wanted), None)


LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def _url_key(url: str) -> tuple[str, str, int | None, str]:
    """Compare agent URLs ignoring a trailing slash and loopback aliases."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError):
        return ("", url, None, "")
    host = "localhost" if parsed.host in LOOPBACK_NAMES else parsed.host
    return (parsed.scheme, host, parsed.port, parsed.path.rstrip("/"))


def build_registry_app(state: RegistryState) -> FastAPI:
    app = FastAPI(title="sandbox agent registry", docs_url=None, redoc_url=None,
                  openapi_url=None)
    install_error_handlers(app)

    @app.middleware("http")
    async def outage(request: Request,
                     call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if state.outage:
            return error_response(503, "registry_unavailable",
                                  "the agent registry is temporarily unavailable")
        return await call_next(request)

    @app.get("/agents")
    async def agents(agent_type: str | None = None,
                     capabilities: str | None = Query(default=None)) -> dict[str, Any]:
        wanted = [c.strip() for c in (capabilities or "").split(",") if c.strip()]
        if agent_type not in (None, "", "seller"):
            return {"agents": []}
        found = [c for c in state.cards if all(c.has_capability(w) for w in wanted)]
        return {"agents": [c.model_dump(mode="json") for c in found]}

    @app.get("/agents/{agent_id}")
    async def agent(agent_id: str) -> dict[str, Any]:
        card = next((c for c in state.cards if c.agent_id == agent_id), None)
        if card is None:
            raise SandboxError(404, "agent_not_found", f"no agent {agent_id!r} in the registry")
        return card.model_dump(mode="json")

    @app.get("/verify")
    async def verify(agent_url: str) -> dict[str, Any]:
        card = state.find_by_url(agent_url)
        if card is None:
            info = TrustInfo(is_registered=False, trust_level=TrustLevel.UNKNOWN)
        else:
            info = TrustInfo(is_registered=True, trust_level=card.trust_level,
                             registry_id=f"reg-{card.agent_id}")
        return info.model_dump(mode="json")

    return app
