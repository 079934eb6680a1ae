"""The sandbox agent registry: discovery by capability, trust verification.

Native shape (PROTOCOL.md, Discovery): ``GET /agents`` lists cards with their
``trust_level``; ``GET /verify?agent_url=`` answers a trust verdict. Each
seller's card is listed in the seller's own dialect, so a native registry can
list reference sellers too.

AAMP shape (``reference``): ``GET /agents`` lists agent cards under a registry
``id`` and without trust; trust is read from ``GET /agents/{id}/trust``
(``trust_status``: preferred, approved, registered, unknown, blocked). There
is no ``/verify``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI, Query, Request
from starlette.responses import Response

from ad_buyer.sandbox.config import SellerSpec
from ad_buyer.sandbox.errors import SandboxError, error_response, install_error_handlers
from ad_buyer.sandbox.media_kit_views import capability_terms, card_in_dialect
from ad_buyer.sandbox.vocabulary import AAMP_TRUST_STATUS, Dialect, TrustLevel
from ad_buyer.sandbox.wire.native import TrustAnswer


@dataclass(frozen=True)
class Listing:
    """One registered seller: its spec (for matching) and where it answers."""

    spec: SellerSpec
    url: str

    @property
    def agent_id(self) -> str:
        return self.spec.seller_id

    @property
    def trust(self) -> TrustLevel:
        return self.spec.trust_level


class RegistryState:
    """Registered sellers (blocked ones included: they are listed, as blocked)."""

    def __init__(self, listings: list[Listing], dialect: Dialect = Dialect.NATIVE) -> None:
        self.listings = listings
        self.dialect = dialect
        self.outage = False

    def find_by_url(self, url: str) -> Listing | None:
        wanted = _url_key(url)
        return next((e for e in self.listings if _url_key(e.url) == wanted), None)

    def find(self, agent_id: str) -> Listing | None:
        return next((e for e in self.listings if e.agent_id == agent_id), None)

    def entry(self, listing: Listing) -> dict[str, Any]:
        """How the registry lists a seller, in the registry's shape."""
        card = card_in_dialect(listing.spec, listing.url)
        if self.dialect is Dialect.REFERENCE:
            return {"id": listing.agent_id, **card}
        return {**card, "agent_id": listing.agent_id, "trust_level": listing.trust.value}


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

    def listing(agent_id: str) -> Listing:
        found = state.find(agent_id)
        if found is None:
            raise SandboxError(404, "agent_not_found", f"no agent {agent_id!r} in the registry")
        return found

    @app.get("/agents")
    async def agents(agent_type: str | None = None,
                     capabilities: str | None = Query(default=None)) -> dict[str, Any]:
        wanted = {c.strip().lower() for c in (capabilities or "").split(",") if c.strip()}
        if agent_type not in (None, "", "seller"):
            return {"agents": []}
        found = [e for e in state.listings if wanted <= capability_terms(e.spec)]
        body: dict[str, Any] = {"agents": [state.entry(e) for e in found]}
        if state.dialect is Dialect.REFERENCE:
            body["total"] = len(found)
        return body

    @app.get("/agents/{agent_id}")
    async def agent(agent_id: str) -> dict[str, Any]:
        return state.entry(listing(agent_id))

    if state.dialect is Dialect.REFERENCE:
        @app.get("/agents/{agent_id}/trust")
        async def trust(agent_id: str) -> dict[str, Any]:
            found = listing(agent_id)
            return {"agent_id": agent_id, "trust_status": AAMP_TRUST_STATUS[found.trust],
                    "registered": True, "registry_id": f"aamp-{agent_id}"}
    else:
        @app.get("/verify")
        async def verify(agent_url: str) -> dict[str, Any]:
            found = state.find_by_url(agent_url)
            if found is None:
                info = TrustAnswer(is_registered=False, trust_level=TrustLevel.UNKNOWN)
            else:
                info = TrustAnswer(is_registered=True, trust_level=found.trust,
                                   registry_id=f"reg-{found.agent_id}")
            return info.model_dump(mode="json")

    return app
