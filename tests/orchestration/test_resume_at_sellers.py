"""A stopped run resumes from the seller's side (issue 16), against reference-dialect
sandbox sellers that behave as the IAB reference does around a resume.

A resumed run replays its recorded steps (discovery, media kits, quotes) into a
fresh process: here a fresh orchestrator whose desk state is rebuilt from the
recorded step results, as ``ad-buyer resume`` does. The step that was cut short
runs again and must find what the seller already holds.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ad_buyer.clients.credentials import SellerKeyStore
from ad_buyer.crew.buyer import desks_for_sandbox
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.models.brief import CampaignBrief, Channel
from ad_buyer.models.buyer_identity import DealType
from ad_buyer.orchestration.desk.channel_desk import ChannelDesk
from ad_buyer.orchestration.desk.models import DeskState, QuoteNegotiationResult
from ad_buyer.orchestration.desk.terms import DeskTerms
from ad_buyer.sandbox.config import SandboxConfig
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.vocabulary import Dialect

BUDGET = 125_000_000_000  # $125k


@pytest.fixture
def network() -> SandboxNetwork:
    return SandboxNetwork(SandboxConfig(dialect=Dialect.REFERENCE))


@pytest.fixture
def brief() -> CampaignBrief:
    return CampaignBrief(
        name="Resume CTV", budget_micros=BUDGET, flight_start=date(2026, 7, 1),
        flight_end=date(2026, 9, 30), channels=[Channel.CTV], countries=["US"],
        max_cpm_micros=60_000_000, deal_types=[DealType.PREFERRED_DEAL])


class Run:
    """One process's view: a fresh orchestrator (nothing learnt) over the same sellers
    and key store."""

    def __init__(self, network: SandboxNetwork, brief: CampaignBrief,
                 keys: SellerKeyStore) -> None:
        self.desk: ChannelDesk = desks_for_sandbox(InMemoryEventBus(), network, keys=keys)(
            DeskTerms.from_brief(brief, Channel.CTV))


def seller_state(network: SandboxNetwork) -> tuple[int, int, int]:
    """(quotes, negotiation rounds, deals) held by every seller."""
    quotes = rounds = deals = 0
    for url in network.seller_urls:
        seller = network.seller_for(url)
        quotes += len(seller.trading.quotes)
        rounds += sum(len(n.rounds) for n in network.negotiations(url))
        deals += len(network.booked_deals(url))
    return quotes, rounds, deals


async def recorded_steps(run: Run) -> list[Any]:
    """Discovery, media kits and quotes, as a run's record keeps them."""
    state = DeskState(channel="ctv")
    found = await run.desk.discover(state)
    state.apply_discovery(found)
    kits = await run.desk.read_media_kits(state, list(state.sellers))
    state.apply_media_kits(kits)
    fitting = sorted((p for p in kits.packages if p.fits),
                     key=lambda p: (p.expected_cpm_micros or 0, p.ref))[:6]
    quotes = await run.desk.quote(state, [p.ref for p in fitting], BUDGET)
    return [found, kits, quotes]


def replayed(steps: list[Any]) -> DeskState:
    state = DeskState(channel="ctv")
    found, kits, quotes = steps
    state.apply_discovery(found)
    state.apply_media_kits(kits)
    state.apply_quotes(quotes)
    return state


async def agree_one(run: Run, state: DeskState) -> tuple[str, int, QuoteNegotiationResult]:
    """Negotiate quotes until one is agreed: (quote ref, target, result)."""
    for ref, option in state.quotes.items():
        if not option.negotiable:
            continue
        assert option.target_ceiling_micros is not None
        target = option.target_ceiling_micros
        result = await run.desk.negotiate(state, ref, target)
        state.apply_negotiation(result)
        if result.outcome == "accepted":
            return ref, target, result
    raise AssertionError(f"no negotiation was agreed: {state.negotiations}")


async def test_a_run_stopped_after_agreeing_takes_the_agreed_price_and_sends_nothing(
        network: SandboxNetwork, brief: CampaignBrief, tmp_path: Any) -> None:
    keys = SellerKeyStore(tmp_path / "keys.json")
    first = Run(network, brief, keys)
    steps = await recorded_steps(first)
    ref, target, agreed = await agree_one(first, replayed(steps))
    assert agreed.agreed_cpm_micros is not None
    # The process stops before the negotiation step is recorded; a new one resumes.
    resumed = Run(network, brief, keys)
    state = replayed(steps)
    assert state.facts  # the dialect discovery learnt is in the recorded result
    assert {f.dialect for f in state.facts.values()} == {"reference"}
    assert all(f.key_held for f in state.facts.values())  # each issued the buyer a key
    before = seller_state(network)
    again = await resumed.desk.negotiate(state, ref, target)
    assert seller_state(network) == before  # no counter, no re-quote: nothing sent
    assert again.outcome == "accepted"
    assert again.agreed_cpm_micros == agreed.agreed_cpm_micros
    assert again.record["resumed"] is True
    assert again.repriced is not None
    assert again.repriced.quote_id == state.priced[ref].quote_id  # the same quote
    state.apply_negotiation(again)
    proposal = await resumed.desk.propose(state, [ref], BUDGET)
    state.apply_proposal(proposal)
    proposal.proposal.status = "approved"
    booked = await resumed.desk.book(state, proposal.proposal.proposal_id, BUDGET,
                                     mode="best_effort", run_id="run-1", dry_run=False)
    [line] = booked.booked
    assert line["status"] == "booked"
    assert line["cpm_micros"] == agreed.agreed_cpm_micros  # never the fresh quote's price


async def test_a_run_stopped_while_booking_finds_its_deals_and_books_none_twice(
        network: SandboxNetwork, brief: CampaignBrief, tmp_path: Any) -> None:
    keys = SellerKeyStore(tmp_path / "keys.json")
    first = Run(network, brief, keys)
    steps = await recorded_steps(first)
    state = replayed(steps)
    ref, _, agreed = await agree_one(first, state)
    others = [r for r, q in state.quotes.items() if r != ref and not q.negotiated][:1]
    proposal = await first.desk.propose(state, [ref, *others], BUDGET)
    state.apply_proposal(proposal)
    proposal.proposal.status = "approved"
    pid = proposal.proposal.proposal_id
    booked = await first.desk.book(state, pid, BUDGET, mode="best_effort",
                                   run_id="run-1", dry_run=False)
    deals = {line["deal_id"]: line for line in booked.booked}
    assert all(line["status"] == "booked" for line in deals.values())
    before = seller_state(network)
    # The booking step's answer was never recorded. The resumed run books the same
    # proposal again, even under another booking run (keys the sellers never saw).
    for run_id in ("run-1", "run-1-resumed"):
        resumed = Run(network, brief, keys)
        again = await resumed.desk.book(state, pid, BUDGET, mode="best_effort",
                                        run_id=run_id, dry_run=False)
        assert seller_state(network) == before  # 0 doubles
        assert {line["deal_id"] for line in again.booked} == set(deals)  # 0 orphans
        for line in again.booked:
            assert line["status"] == "booked"
            assert line["cpm_micros"] == deals[line["deal_id"]]["cpm_micros"]
            assert line["seller_status"] == "proposed"  # as the seller states it
        assert again.committed_micros == booked.committed_micros
        assert again.not_booked == []
    negotiated = next(line for line in deals.values()
                      if line["quote_id"] == state.priced[ref].quote_id)
    assert negotiated["cpm_micros"] == agreed.agreed_cpm_micros
