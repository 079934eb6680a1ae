"""The sandbox seller agents: one FastAPI app serving every seller (PROTOCOL.md).

The app is mounted at ``/sellers/{seller_id}``; each request finds its seller
through that path parameter, so a network builds its routes once, not per seller.
Each seller answers in its own dialect (``SellerSpec.dialect``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Depends, FastAPI, Query, Request

from ad_buyer.sandbox.asgi_wraps import SellerFaults
from ad_buyer.sandbox.auth import Caller, Identity
from ad_buyer.sandbox.config import PackageSpec
from ad_buyer.sandbox.context import SellerContext, json_body
from ad_buyer.sandbox.errors import SandboxError, install_error_handlers
from ad_buyer.sandbox.faults import FaultInjector
from ad_buyer.sandbox.media_kit_views import (
    card_in_dialect,
    matches,
    public_view,
    summary,
    view,
)
from ad_buyer.sandbox.negotiation_desk import NegotiationDesk
from ad_buyer.sandbox.negotiation_routes import negotiation_router
from ad_buyer.sandbox.operations import OperationsDesk
from ad_buyer.sandbox.trading import TradingDesk
from ad_buyer.sandbox.wire import native


class SandboxSeller:
    """A seller's state: quotes, deals, negotiations, live fault settings."""

    def __init__(self, ctx: SellerContext) -> None:
        self.ctx = ctx
        self.trading = TradingDesk(ctx)
        self.operations = OperationsDesk(ctx, self.trading)

    @property
    def seller_id(self) -> str:
        return self.ctx.seller_id

    @property
    def desk(self) -> NegotiationDesk:
        return self.trading.negotiations

    def package(self, package_id: str) -> PackageSpec:
        package = self.ctx.spec.package(package_id)
        if package is None:
            raise SandboxError(404, "package_not_found", f"no package {package_id!r}")
        return package


SellerLookup = Callable[[str], "SandboxSeller | None"]


def build_sellers_app(lookup: SellerLookup) -> FastAPI:
    app = FastAPI(title="sandbox seller agents", docs_url=None, redoc_url=None,
                  openapi_url=None)
    install_error_handlers(app)

    def current_seller(request: Request) -> SandboxSeller:
        seller = lookup(str(request.path_params.get("seller_id", "")))
        if seller is None:
            raise SandboxError(404, "seller_not_found", "no such seller in the sandbox")
        return seller

    def faults_of(seller_id: str) -> FaultInjector | None:
        seller = lookup(seller_id)
        return None if seller is None else seller.ctx.faults

    app.add_middleware(SellerFaults, lookup=faults_of)

    seller_dep = Depends(current_seller)

    @app.get("/.well-known/agent.json")
    async def well_known(seller: SandboxSeller = seller_dep) -> dict[str, Any]:
        return card_in_dialect(seller.ctx.spec, seller.ctx.url)

    @app.post("/auth/api-keys")
    async def issue_key(request: Request, seller: SandboxSeller = seller_dep) -> dict[str, Any]:
        """A buyer key carrying the identity in the body (the sandbox needs no
        operator key to issue one). The key is shown once; only its hash is kept."""
        req = seller.ctx.validate(native.KeyRequest, await json_body(request))
        identity = Identity(seat_id=req.seat_id, agency_id=req.agency_id,
                            advertiser_id=req.advertiser_id)
        record, key = seller.ctx.keys.issue(identity, req.label)
        return native.KeyAnswer(key_id=record.key_id, api_key=key,
                                identity=identity.model_dump(), label=req.label
                                ).model_dump(mode="json")

    def public(seller: SandboxSeller, package: PackageSpec) -> dict[str, Any]:
        currency = seller.ctx.spec.currency
        if seller.ctx.reference:
            return public_view(package, currency)
        return summary(package, currency).model_dump(mode="json")

    @app.get("/media-kit")
    async def media_kit(seller: SandboxSeller = seller_dep) -> dict[str, Any]:
        spec = seller.ctx.spec
        views = [public(seller, p) for p in spec.packages]
        featured = [v for v, p in zip(views, spec.packages, strict=True) if p.is_featured]
        if seller.ctx.reference:  # no seller_name: the reference seller does not send one
            return {"total_packages": len(views), "featured_count": len(featured),
                    "featured": featured, "all_packages": views}
        return {"seller_name": spec.name, "total_packages": len(views), "featured": featured,
                "all_packages": views}

    @app.get("/media-kit/packages")
    async def packages(featured_only: bool = False,
                       seller: SandboxSeller = seller_dep) -> dict[str, Any]:
        chosen = [p for p in seller.ctx.spec.packages if p.is_featured or not featured_only]
        return {"packages": [public(seller, p) for p in chosen]}

    @app.get("/media-kit/packages/{package_id}")
    async def package(package_id: str, request: Request,
                      seller: SandboxSeller = seller_dep) -> dict[str, Any]:
        found = seller.package(package_id)
        if seller.ctx.reference:  # the public view, whatever the API key
            return public_view(found, seller.ctx.spec.currency)
        return view(seller.ctx.spec, found, seller.ctx.caller(request))

    @app.get("/packages/{package_id}")
    async def tiered_package(package_id: str, request: Request,
                             seller: SandboxSeller = seller_dep) -> dict[str, Any]:
        """The reference seller's tier-gated package view (native sellers have none)."""
        if not seller.ctx.reference:
            raise SandboxError(404, "not_found", "Not Found", detail="Not Found")
        return view(seller.ctx.spec, seller.package(package_id), seller.ctx.caller(request))

    @app.post("/media-kit/search")
    async def search(request: Request, seller: SandboxSeller = seller_dep) -> dict[str, Any]:
        body = await json_body(request)
        wanted = seller.ctx.validate(native.SearchRequest, body)
        claimed = {"agency_id": wanted.agency_id, "advertiser_id": wanted.advertiser_id}
        caller = seller.ctx.caller(request, {k: v for k, v in claimed.items() if v},
                                   claimed_tier=wanted.buyer_tier)
        packages = seller.ctx.spec.packages
        scored = sorted(((matches(p, wanted.query), i, p) for i, p in enumerate(packages)),
                        key=lambda item: (-item[0], item[1]))
        return {"results": [view(seller.ctx.spec, p, caller)
                            for score, _, p in scored if score > 0]}

    def caller_of(seller: SandboxSeller, request: Request) -> Callable[[dict[str, str]], Caller]:
        def resolve(claimed: dict[str, str]) -> Caller:
            return seller.ctx.caller(request, claimed)
        return resolve

    @app.post("/api/v1/quotes")
    async def create_quote(request: Request,
                           seller: SandboxSeller = seller_dep) -> dict[str, Any]:
        body = await json_body(request)
        return seller.trading.create_quote(body, caller_of(seller, request))

    @app.get("/api/v1/quotes/{quote_id}")
    async def get_quote(quote_id: str, seller: SandboxSeller = seller_dep) -> dict[str, Any]:
        return seller.trading.get_quote(quote_id)

    @app.post("/api/v1/deals")
    async def book_deal(request: Request, seller: SandboxSeller = seller_dep) -> dict[str, Any]:
        return seller.trading.book(await json_body(request), caller_of(seller, request))

    @app.get("/api/v1/deals/{deal_id}")
    async def get_deal(deal_id: str, seller: SandboxSeller = seller_dep) -> dict[str, Any]:
        return seller.trading.get_deal(deal_id)

    @app.get("/api/v1/deals/{deal_id}/performance")
    async def performance(deal_id: str, as_of: str | None = Query(default=None),
                          seller: SandboxSeller = seller_dep) -> dict[str, Any]:
        return seller.operations.performance(deal_id, as_of)

    @app.post("/api/v1/change-requests")
    async def change_request(request: Request,
                             seller: SandboxSeller = seller_dep) -> dict[str, Any]:
        return seller.operations.request_change(await json_body(request))

    @app.get("/api/v1/change-requests/{change_request_id}")
    async def get_change_request(change_request_id: str,
                                 seller: SandboxSeller = seller_dep) -> dict[str, Any]:
        return seller.operations.get_change(change_request_id)

    app.include_router(negotiation_router(current_seller))
    return app
