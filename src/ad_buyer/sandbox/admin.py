"""``/sandbox-admin``: what a served sandbox's sellers hold, and their live faults.

Served only when asked (``ad-buyer sandbox serve --admin``): it is for the
tests and benchmarks that drive a buyer in another process and must check the
sellers' side afterwards (``GET /sandbox-admin/deals``, ``/negotiations``), or make a seller
misbehave mid-run (``PUT /sandbox-admin/sellers/{id}/faults``). It never shows
a package's private floor or reservation price.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from fastapi import FastAPI, Query, Request
from pydantic import ValidationError

from ad_buyer.sandbox.config import FaultConfig
from ad_buyer.sandbox.context import json_body
from ad_buyer.sandbox.errors import SandboxError, install_error_handlers, summarize
from ad_buyer.sandbox.money import money, spend_micros
from ad_buyer.sandbox.seller_app import SandboxSeller
from ad_buyer.sandbox.trading import StoredDeal
from ad_buyer.sandbox.wire.admin import HeldDeal, HeldDeals, HeldNegotiation, HeldNegotiations

ADMIN_PATH = "/sandbox-admin"


def held_deal(seller: SandboxSeller, stored: StoredDeal) -> HeldDeal:
    deal = stored.deal
    terms = deal.terms
    return HeldDeal(
        seller_id=seller.seller_id, seller_url=seller.ctx.url, deal_id=deal.deal_id,
        quote_id=deal.quote_id, status=deal.status, product_id=terms.product_id,
        package_id=terms.package_id, deal_type=terms.deal_type,
        impressions=terms.impressions, final_cpm=money(stored.price_micros, terms.currency),
        cost=money(spend_micros(stored.price_micros, terms.impressions), terms.currency),
        created_at=deal.created_at, cancelled_at=stored.plan.cancelled_at())


def held_negotiations(seller: SandboxSeller) -> list[HeldNegotiation]:
    desk = seller.trading.negotiations
    refs: dict[str, list[str]] = {}
    for _party, ref, negotiation_id in desk.aliases():
        refs.setdefault(negotiation_id, []).append(ref)
    return [HeldNegotiation(
        seller_id=seller.seller_id, seller_url=seller.ctx.url,
        negotiation_id=n.negotiation_id, package_id=n.package_id,
        refs=list(dict.fromkeys([n.proposal_id, *refs.get(n.negotiation_id, [])])),
        status=n.status, rounds=len(n.rounds),
        agreed_cpm=money(n.agreed_micros, seller.ctx.spec.currency)
        if n.agreed_micros is not None else None)
        for n in desk.negotiations.values()]


def build_admin_app(sellers: Callable[[], Iterable[SandboxSeller]]) -> FastAPI:
    app = FastAPI(title="sandbox admin", docs_url=None, redoc_url=None, openapi_url=None)
    install_error_handlers(app)

    def seller_named(seller_id: str) -> SandboxSeller:
        found = next((s for s in sellers() if s.seller_id == seller_id), None)
        if found is None:
            raise SandboxError(404, "seller_not_found", f"no sandbox seller {seller_id!r}")
        return found

    @app.get("/deals")
    async def deals(seller_id: str | None = Query(default=None)) -> dict[str, Any]:
        chosen = [seller_named(seller_id)] if seller_id else list(sellers())
        held = [held_deal(s, stored) for s in chosen for stored in s.trading.deals.values()]
        return HeldDeals(deals=held).model_dump(mode="json")

    @app.get("/negotiations")
    async def negotiations() -> dict[str, Any]:
        held = [n for s in sellers() for n in held_negotiations(s)]
        return HeldNegotiations(negotiations=held).model_dump(mode="json")

    @app.get("/sellers/{seller_id}/faults")
    async def faults(seller_id: str) -> dict[str, Any]:
        return seller_named(seller_id).ctx.faults.config.model_dump(mode="json")

    @app.put("/sellers/{seller_id}/faults")
    async def set_faults(seller_id: str, request: Request) -> dict[str, Any]:
        seller = seller_named(seller_id)
        try:
            config = FaultConfig.model_validate(await json_body(request))
        except ValidationError as exc:
            raise SandboxError(422, "validation_error", summarize(exc.errors())) from exc
        seller.ctx.faults.set(config)
        return config.model_dump(mode="json")

    return app
