"""Buying from reference-dialect sellers (issue #8, items 1-6), against the sandbox
with every seller (and the registry) speaking what the IAB reference really sends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ad_buyer.clients.credentials import SellerKeyAuth, SellerKeyStore
from ad_buyer.media_kit.client import MediaKitClient
from ad_buyer.media_kit.models import PackageDetail, PackageSummary
from ad_buyer.orchestration.multi_seller import MultiSellerOrchestrator
from ad_buyer.orchestration.negotiation_stage import NegotiationStage
from ad_buyer.registry.client import RegistryClient, RegistryError
from ad_buyer.registry.models import TrustLevel
from ad_buyer.sandbox.config import FaultConfig, SandboxConfig
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.vocabulary import Dialect
from seller_keys import sandbox_auth
from wire_spy import Spy

from .helpers import ctv_params, ctv_requirements

Make = Callable[..., MultiSellerOrchestrator]
SHOP = {"deal_type": "PD", "flight_start": "2026-07-01", "flight_end": "2026-09-30",
        "countries": ["US"]}


@pytest.fixture
def network() -> SandboxNetwork:
    """Overrides the package's: ``registry``, ``auth`` and ``make_orchestrator`` use it."""
    return SandboxNetwork(SandboxConfig(dialect=Dialect.REFERENCE))


@pytest.fixture
def make(make_orchestrator: Make) -> Make:
    return make_orchestrator


def stored_quotes(network: SandboxNetwork, seller_id: str) -> list[Any]:
    return list(network.seller_for(seller_id).trading.quotes.values())


# ---- 1. discovery ----


async def test_aamp_registry_cards_and_trust_are_read(registry: RegistryClient,
                                                      network: SandboxNetwork,
                                                      make: Make) -> None:
    cards = {c.agent_id: c for c in await registry.discover_sellers(["ctv"])}
    assert {"harborview", "streamwave", "shadyreach"} <= set(cards)
    assert all(c.card_style == "a2a" for c in cards.values())
    assert cards["streamwave"].trust_level is TrustLevel.PREFERRED
    assert cards["omnicast"].trust_level is TrustLevel.VERIFIED  # AAMP "approved"
    assert cards["shadyreach"].trust_level is TrustLevel.BLOCKED
    trust = await registry.verify_agent(network.seller_url("lumacast"))
    assert (trust.is_registered, trust.trust_level) == (True, TrustLevel.REGISTERED)
    unknown = await registry.verify_agent(network.seller_url("offgrid"))
    assert unknown.trust_level is TrustLevel.UNKNOWN
    kept = await make().discover_sellers(ctv_requirements())
    assert "shadyreach" not in {c.agent_id for c in kept}


def _break_card(name: str) -> Callable[[str, Any], Any]:
    def rewrite(path: str, body: Any) -> Any:
        if path.endswith("/agents") and isinstance(body, dict):
            body["agents"] = [{**a, "capabilities": "not an object"}
                              if name in ("*", a.get("id")) else a for a in body["agents"]]
        return body
    return rewrite


async def test_a_malformed_card_skips_that_seller_with_a_warning_the_run_reports(
        network: SandboxNetwork, make: Make, caplog: pytest.LogCaptureFixture) -> None:
    spy = Spy(network.transport(), rewrite=_break_card("harborview"))
    registry = RegistryClient(registry_url=network.registry_url, transport=spy)
    result = await make(registry_client=registry).shop(
        ctv_requirements(max_cpm=45.0), budget=50_000, **SHOP)
    found = {c.agent_id for c in result.discovered_sellers}
    assert "harborview" not in found
    assert {"streamwave", "lumacast"} <= found
    [warning] = result.discovery_warnings
    assert "Harborview Streaming" in warning
    assert "capabilities" in warning
    assert "skipped" in warning
    assert "Harborview Streaming" in caplog.text  # logged as a warning too
    assert result.selection.booked_deals  # the others still book
    await registry.aclose()


async def test_check_fails_when_no_card_parses(network: SandboxNetwork) -> None:
    spy = Spy(network.transport(), rewrite=_break_card("*"))
    async with RegistryClient(registry_url=network.registry_url, transport=spy) as registry:
        assert await registry.discover_sellers() == []
        with pytest.raises(RegistryError, match="no card could be read"):
            await registry.check()


# ---- 2. media kit ----


async def test_reference_media_kits_are_read_and_a_bad_package_skips_only_itself(
        network: SandboxNetwork, auth: SellerKeyAuth) -> None:
    url = network.seller_url("harborview")
    spec = network.seller_spec("harborview")

    def break_second(path: str, body: Any) -> Any:
        if path.endswith("/media-kit"):
            body["all_packages"][1]["device_types"] = "ctv"
        return body

    spy = Spy(network.transport(), rewrite=break_second)
    async with MediaKitClient(auth=auth, transport=spy) as kits:
        kit = await kits.get_media_kit(url)
        public = await kits.get_package(url, spec.packages[0].package_id)
        tiered = await kits.get_package(url, spec.packages[0].package_id, tiered=True)
    assert kit.seller_name is None
    assert len(kit.all_packages) == len(spec.packages) - 1
    assert len(kits.skipped_packages) == 1
    assert "all_packages[1]" in kits.skipped_packages[0]
    assert any(p.description == "" for p in kit.all_packages)  # a null description
    assert type(public) is PackageSummary  # the public view whatever the key
    assert isinstance(tiered, PackageDetail)
    assert tiered.product_id == spec.packages[0].product_id != tiered.package_id


# ---- 3. quotes ----


async def test_quotes_name_the_sellers_product_id_and_its_media_type(
        network: SandboxNetwork, make: Make) -> None:
    result = await make().shop(ctv_requirements(media_type="online_video", max_cpm=40.0),
                               budget=60_000, **SHOP)
    quotes = [r.quote for r in result.quote_results if r.quote is not None]
    assert quotes
    for quote in quotes:
        spec = network.seller_spec(quote.seller_url or "")
        assert spec.product(quote.product.product_id) is not None
        assert spec.package(quote.product.product_id) is None  # never our package id
    olv_sellers = {s.seller_id for s in network.sellers if "online_video" in s.channels}
    media = {q.record.media_type for sid in olv_sellers for q in stored_quotes(network, sid)}
    assert media == {"digital"}
    assert result.selection.booked_deals


async def test_a_channel_the_seller_cannot_sell_is_skipped_with_a_reason(
        network: SandboxNetwork, make: Make) -> None:
    result = await make().shop(ctv_requirements(media_type="audio", max_cpm=40.0),
                               budget=60_000, **SHOP)
    assert result.discovered_sellers
    errors = [r.error or "" for r in result.quote_results]
    assert errors
    assert all(e.startswith("media_type_unsupported") and "audio" in e for e in errors)
    assert all(stored_quotes(network, c.agent_id) == [] for c in result.discovered_sellers)
    assert result.selection.booked_deals == []


async def test_without_a_key_no_package_is_quoted_and_each_says_why(
        network: SandboxNetwork, make: Make) -> None:
    result = await make(auth=SellerKeyAuth(SellerKeyStore.in_memory())).shop(
        ctv_requirements(max_cpm=45.0), budget=60_000, **SHOP)
    reasons = {r["reason"].split(":")[0] for r in result.package_rejections}
    assert "no_product_id" in reasons
    assert result.quote_results == []
    assert all(stored_quotes(network, s.seller_id) == [] for s in network.sellers)


# ---- 4 and 5. negotiation and booking ----


async def test_negotiated_price_is_the_booked_price_read_back(
        network: SandboxNetwork, make: Make, auth: SellerKeyAuth) -> None:
    spy = Spy(network.transport())
    orch = make(transport=spy, negotiation=NegotiationStage.over_http(auth=auth, transport=spy))
    result = await orch.orchestrate(ctv_requirements(), ctv_params(target_cpm=15.0),
                                    budget=1_000_000, max_deals=3)
    agreed = [r for r in result.negotiations if r.get("outcome") == "accepted"]
    assert agreed, result.negotiations
    deals = {d.quote_id: d for d in result.selection.booked_deals}
    for record in agreed:
        deal = deals.get(record["agreed_on_quote_id"])  # no re-quote: the quote itself
        if deal is None:
            continue
        price = round(record["final_price"] * 1e6)
        assert deal.pricing.final_cpm.amount_micros == price
        assert deal.openrtb_params is not None
        assert deal.openrtb_params.bidfloor.amount_micros == price  # Money on this wire
        [stored] = [d for d in network.booked_deals(deal.seller_url or "")
                    if d.deal.deal_id == deal.deal_id]
        assert stored.price_micros == price
    reads = [c for c in spy.calls if c.method == "GET" and "/api/v1/deals/" in c.path]
    assert len(reads) >= len(result.selection.booked_deals)  # every booking read back
    sent = [b for b in spy.bodies("/counter") + spy.bodies("/negotiations/messages")]
    assert sent
    assert all(b.get("quote_id") for b in sent)
    assert not spy.bodies("/proposals")  # negotiated on the quote: no second opening
    for record in result.negotiations:
        nego = next(n for url in network.seller_urls for n in network.negotiations(url)
                    if n.negotiation_id == record["negotiation_id"])
        assert len(nego.rounds) == record["rounds"]  # nothing sent twice


async def test_a_deal_booked_on_other_terms_is_held_not_dropped(
        network: SandboxNetwork, make: Make) -> None:
    network.set_faults("harborview", FaultConfig(booking_price_drift_pct=5.0))
    result = await make().orchestrate(ctv_requirements(max_cpm=40.0), ctv_params(),
                                      budget=1_000_000, max_deals=3)
    sel = result.selection
    [held] = sel.held_deals
    assert held["seller_url"] == network.seller_url("harborview")
    assert "agreed" in held["reason"]
    assert "order_id" in held["reason"]  # why it could not be cancelled
    assert held["deal_id"] not in {d.deal_id for d in sel.booked_deals}
    assert sel.rolled_back == []
    assert [f["cancelled"] for f in sel.flagged] == [False]
    assert len(network.active_deals("harborview")) == 1  # still live at the seller
    booked = sum(round(d.pricing.final_cpm.amount_micros * d.terms.impressions / 1000)
                 for d in sel.booked_deals)
    assert round(sel.total_spend * 1_000_000) == booked + held["cost_micros"]
    assert sel.total_spend + sel.remaining_budget == 1_000_000


async def test_a_deal_naming_another_media_type_is_held_and_shown(
        network: SandboxNetwork, make: Make) -> None:
    """Booked against agreed includes the media type: a ctv quote whose deal says
    digital is recorded and shown, never silently accepted (issue 16)."""
    network.set_faults("harborview", FaultConfig(deal_media_type="digital"))
    result = await make().orchestrate(ctv_requirements(max_cpm=40.0), ctv_params(),
                                      budget=1_000_000, max_deals=3)
    sel = result.selection
    [held] = sel.held_deals
    assert held["seller_url"] == network.seller_url("harborview")
    assert "media type digital, agreed ctv" in held["reason"]
    assert held["deal_id"] not in {d.deal_id for d in sel.booked_deals}
    assert sel.booked_deals  # the other sellers' deals name ctv and are booked
    assert all(d.media_type == "ctv" for d in sel.booked_deals)


# ---- 6. rollback ----


async def test_all_or_nothing_holds_what_the_seller_cannot_cancel(
        network: SandboxNetwork, make: Make) -> None:
    network.set_faults("omnicast", FaultConfig(refuse_bookings=True))
    result = await make(booking_mode="all_or_nothing").orchestrate(
        ctv_requirements(max_cpm=60.0), ctv_params(), budget=1_000_000, max_deals=6)
    sel = result.selection
    assert any(f.get("reason") == "booking_refused" for f in sel.failed_bookings)
    assert sel.booked_deals == []
    assert sel.rolled_back == []  # never reported as rolled back
    assert sel.held_deals
    for held in sel.held_deals:
        assert "could not be rolled back" in held["reason"]
        assert "order_id" in held["reason"]
        seller = held["seller_url"].rsplit("/", 1)[1]
        assert [d.deal.deal_id for d in network.active_deals(seller)] == [held["deal_id"]]
    assert sel.total_spend == sum(h["cost_micros"] for h in sel.held_deals) / 1_000_000


async def test_in_a_mixed_world_native_deals_roll_back_and_reference_deals_are_held(
        make: Make) -> None:
    mixed = SandboxNetwork()  # the default world: native and reference sellers
    registry = RegistryClient(registry_url=mixed.registry_url, transport=mixed.transport())
    mixed.set_faults("omnicast", FaultConfig(refuse_bookings=True))
    result = await make(registry_client=registry, transport=mixed.transport(),
                        auth=await sandbox_auth(mixed), booking_mode="all_or_nothing",
                        ).orchestrate(ctv_requirements(max_cpm=60.0), ctv_params(),
                                      budget=1_000_000, max_deals=6)
    sel = result.selection
    rolled = {r["seller_id"] for r in sel.rolled_back}
    held = {h["seller_id"] for h in sel.held_deals}
    assert rolled
    assert held
    assert all(mixed.seller_spec(s).dialect == "native" for s in rolled)
    assert all(mixed.seller_spec(s).dialect == "reference" for s in held)
    assert all(mixed.active_deals(s) == [] for s in rolled)
    await registry.aclose()

