"""``ChannelDesk``: one channel shopped step by step (in-process sandbox over HTTP).

Each step returns a result and leaves the state alone; the test applies it, as
the crew's tools do.
"""

from __future__ import annotations

from datetime import date

import pytest

from ad_buyer.crew.buyer import desks_for_sandbox
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.models.brief import CampaignBrief, Channel
from ad_buyer.models.buyer_identity import DealType
from ad_buyer.orchestration.desk.channel_desk import ChannelDesk, DeskRefusal
from ad_buyer.orchestration.desk.models import DeskState
from ad_buyer.orchestration.desk.terms import DEFAULT_MAX_DEALS, DeskTerms
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox
from worlds import native_world

CTV_BUDGET = 125_000_000_000  # $125k


@pytest.fixture
def network() -> SandboxNetwork:
    return in_process_sandbox()


@pytest.fixture
def brief() -> CampaignBrief:
    return CampaignBrief(
        name="Summer Sips CTV", budget_micros=250_000_000_000, flight_start=date(2026, 7, 1),
        flight_end=date(2026, 9, 30), channels=[Channel.CTV, Channel.AUDIO],
        countries=["US"], max_cpm_micros=45_000_000,
        deal_types=[DealType.PREFERRED_DEAL, DealType.PROGRAMMATIC_GUARANTEED])


@pytest.fixture
def desk(network: SandboxNetwork, brief: CampaignBrief) -> ChannelDesk:
    open_desk = desks_for_sandbox(InMemoryEventBus(), network)
    return open_desk(DeskTerms.from_brief(brief, Channel.CTV))


def held(network: SandboxNetwork) -> list[object]:
    return [d for url in network.seller_urls for d in network.booked_deals(url)]


async def quoted(desk: ChannelDesk, state: DeskState, budget: int = CTV_BUDGET,
                 packages: int = 6) -> list[str]:
    """Discover, read every kit and quote the cheapest fitting packages; quote refs."""
    found = await desk.discover(state)
    state.apply_discovery(found)
    assert found.cards
    kits = await desk.read_media_kits(state, list(state.sellers))
    state.apply_media_kits(kits)
    fitting = sorted((p for p in kits.packages if p.fits),
                     key=lambda p: (p.expected_cpm_micros or 0, p.ref))[:packages]
    result = await desk.quote(state, [p.ref for p in fitting], budget)
    state.apply_quotes(result)
    return [q.ref for q in result.quotes]


async def test_steps_leave_the_state_to_the_caller(desk: ChannelDesk) -> None:
    state = DeskState(channel="ctv")
    found = await desk.discover(state)
    assert state.sellers == {}
    state.apply_discovery(found)
    assert set(state.sellers) == {c.agent_id for c in found.cards}
    kits = await desk.read_media_kits(state, list(state.sellers))
    assert state.packages == {}
    state.apply_media_kits(kits)
    for option in kits.packages:
        assert option.ref.startswith("ctv-P")
        assert option.fits == (option.misfit == "")
        if option.expected_cpm_micros is not None and option.expected_cpm_micros > 45_000_000:
            assert option.misfit == "over_max_cpm"


async def test_a_proposal_fills_at_least_95_percent_and_books_as_proposed(
        desk: ChannelDesk, network: SandboxNetwork) -> None:
    state = DeskState(channel="ctv")
    refs = await quoted(desk, state)
    result = await desk.propose(state, refs, CTV_BUDGET, rationale="all open quotes")
    state.apply_proposal(result)
    proposal = result.proposal
    assert CTV_BUDGET * 95 // 100 <= proposal.cost_micros <= CTV_BUDGET
    assert 1 < len(proposal.lines) <= DEFAULT_MAX_DEALS == 5
    assert held(network) == []  # proposing books nothing
    with pytest.raises(DeskRefusal, match="only a proposal the Portfolio Manager approved"):
        await desk.book(state, proposal.proposal_id, CTV_BUDGET, mode="best_effort",
                        run_id=None, dry_run=False)
    proposal.status = "approved"
    booked = await desk.book(state, proposal.proposal_id, CTV_BUDGET, mode="best_effort",
                             run_id=None, dry_run=False)
    assert booked.committed_micros == proposal.cost_micros
    assert sum(line["cost_micros"] for line in booked.booked) == booked.committed_micros
    assert len(held(network)) == len(booked.booked) == len(proposal.lines)
    for line in booked.booked:
        assert line["status"] == "booked"
        assert line["cpm_micros"] <= 45_000_000
        assert network.seller_spec(line["seller_url"]).product(line["product_id"]) is not None


async def test_a_dry_run_plans_the_proposal_and_books_nothing(
        desk: ChannelDesk, network: SandboxNetwork) -> None:
    state = DeskState(channel="ctv")
    refs = await quoted(desk, state)
    result = await desk.propose(state, refs, CTV_BUDGET)
    state.apply_proposal(result)
    result.proposal.status = "approved"
    plan = await desk.book(state, result.proposal.proposal_id, CTV_BUDGET,
                           mode="best_effort", run_id=None, dry_run=True)
    assert plan.dry_run
    assert plan.summary.startswith("DRY RUN")
    assert {line["status"] for line in plan.booked} == {"planned"}
    assert plan.committed_micros == result.proposal.cost_micros
    assert held(network) == []
    with pytest.raises(DeskRefusal, match="a dry run does not negotiate"):
        await desk.negotiate(state, refs[0], 1_000_000, dry_run=True)
    assert all(network.negotiations(url) == [] for url in network.seller_urls)


async def test_a_budget_under_every_minimum_spend_proposes_nothing(brief: CampaignBrief,
                                                                   ) -> None:
    # Native sandbox sellers' minimum spends are $1,000-$5,000: $500 buys nothing.
    network = SandboxNetwork(native_world())
    desk = desks_for_sandbox(InMemoryEventBus(), network)(
        DeskTerms.from_brief(brief, Channel.CTV))
    state = DeskState(channel="ctv")
    refs = await quoted(desk, state, budget=500_000_000)
    if refs:
        result = await desk.propose(state, refs, 500_000_000)
        assert result.proposal.lines == []
        assert {d["quote_ref"] for d in result.proposal.dropped} == set(refs)
    assert held(network) == []


async def test_unknown_refs_and_unfit_packages_are_refused_before_any_seller_call(
        desk: ChannelDesk, network: SandboxNetwork) -> None:
    state = DeskState(channel="ctv")
    with pytest.raises(DeskRefusal, match="unknown seller"):
        await desk.read_media_kits(state, ["streamwave"])
    state.apply_discovery(await desk.discover(state))
    state.apply_media_kits(await desk.read_media_kits(state, list(state.sellers)))
    with pytest.raises(DeskRefusal, match="unknown package ref"):
        await desk.quote(state, ["audio-P1"], CTV_BUDGET)
    unfit = [p.ref for p in state.packages.values() if not p.fits]
    if unfit:
        with pytest.raises(DeskRefusal, match="fail the brief's checks"):
            await desk.quote(state, unfit[:1], CTV_BUDGET)
    with pytest.raises(DeskRefusal, match="unknown quote ref"):
        await desk.propose(state, ["ctv-Q99"], CTV_BUDGET)
