"""``OrchestratorChannelBuyer.buy``: media-kit-driven, spends the channel budget,
and a dry run that books nothing (in-process sandbox over HTTP)."""

from __future__ import annotations

from datetime import date

import pytest

from ad_buyer.crew.buyer import (
    DEFAULT_MAX_DEALS,
    ChannelBuyPlan,
    OrchestratorChannelBuyer,
    buyer_for_sandbox,
)
from ad_buyer.crew.tooling import SpendLimits
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.models.brief import CampaignBrief, Channel
from ad_buyer.models.buyer_identity import DealType
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox
from worlds import native_world

CTV_BUDGET = 125_000_000_000  # $125k


@pytest.fixture
def network() -> SandboxNetwork:
    return in_process_sandbox()


@pytest.fixture
def buyer(network: SandboxNetwork) -> OrchestratorChannelBuyer:
    return buyer_for_sandbox(InMemoryEventBus(), network)


@pytest.fixture
def ctv_brief() -> CampaignBrief:
    return CampaignBrief(
        name="Summer Sips CTV", budget_micros=250_000_000_000, flight_start=date(2026, 7, 1),
        flight_end=date(2026, 9, 30), channels=[Channel.CTV, Channel.AUDIO],
        countries=["US"], max_cpm_micros=45_000_000,
        deal_types=[DealType.PREFERRED_DEAL, DealType.PROGRAMMATIC_GUARANTEED])


def limits(brief: CampaignBrief, budget: int = CTV_BUDGET) -> SpendLimits:
    return SpendLimits(channel=Channel.CTV, budget_micros=budget, currency="USD",
                       max_cpm_micros=brief.max_cpm_micros, deal_types=brief.deal_types)


def held(network: SandboxNetwork) -> list[object]:
    return [d for url in network.seller_urls for d in network.booked_deals(url)]


async def test_ctv_buy_commits_at_least_95_percent_never_more(
        buyer: OrchestratorChannelBuyer, network: SandboxNetwork,
        ctv_brief: CampaignBrief) -> None:
    result = await buyer.buy(ctv_brief, limits(ctv_brief))
    assert not isinstance(result, ChannelBuyPlan)
    assert CTV_BUDGET * 95 // 100 <= result.committed_micros <= CTV_BUDGET
    assert 1 < len(result.booked) <= DEFAULT_MAX_DEALS == 5
    assert sum(line["cost_micros"] for line in result.booked) == result.committed_micros
    assert len(held(network)) == len(result.booked)
    for line in result.booked:
        assert line["status"] == "booked"
        assert line["deal_id"]
        assert line["cpm_micros"] <= 45_000_000
        spec = network.seller_spec(line["seller_url"])
        assert spec.product(line["product_id"]) is not None
    assert result.negotiations, "agency-tier quotes are negotiated"


async def test_dry_run_plans_the_same_kind_of_buy_and_books_nothing(
        buyer: OrchestratorChannelBuyer, network: SandboxNetwork,
        ctv_brief: CampaignBrief) -> None:
    result = await buyer.buy(ctv_brief, limits(ctv_brief), dry_run=True)
    assert isinstance(result, ChannelBuyPlan)
    assert result.dry_run
    assert result.booked, "the plan lists deals"
    for line in result.booked:
        assert line["status"] == "planned"
        assert line["deal_id"] == ""
        assert line["impressions"] > 0
        assert line["cpm_micros"] > 0
        assert line["cost_micros"] > 0
    assert CTV_BUDGET * 95 // 100 <= result.committed_micros <= CTV_BUDGET
    assert "DRY RUN" in result.summary
    assert "nothing booked" in result.summary
    assert result.negotiations == []
    assert held(network) == []
    assert all(network.negotiations(url) == [] for url in network.seller_urls)


async def test_budget_under_every_minimum_spend_books_nothing_and_says_why(
        ctv_brief: CampaignBrief) -> None:
    # Native sandbox sellers' minimum spends are $1,000-$5,000: $500 buys nothing
    # (reference-dialect sellers quote no minimum spend, so they are left out).
    network = in_process_sandbox(native_world())
    buyer = buyer_for_sandbox(InMemoryEventBus(), network)
    result = await buyer.buy(ctv_brief, limits(ctv_brief, budget=500_000_000))
    assert result.committed_micros == 0
    assert result.booked == []
    assert any("nothing_fits_budget" in why for why in result.not_booked), result.not_booked
    assert held(network) == []


def test_max_deals_must_be_positive(buyer: OrchestratorChannelBuyer) -> None:
    with pytest.raises(ValueError, match="max_deals"):
        OrchestratorChannelBuyer(buyer.orchestrator, max_deals=0)
