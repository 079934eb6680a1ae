"""Crash mid-portfolio, resume from the journal: nothing booked twice, nothing lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ad_buyer.booking.journal import BookingJournal, IntentStatus, RunStatus
from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.models.deals import DealResponse
from ad_buyer.orchestration.multi_seller import MultiSellerOrchestrator
from ad_buyer.sandbox.network import SandboxNetwork

from .helpers import CTV_SELLERS, ctv_params, ctv_requirements

Make = Callable[..., MultiSellerOrchestrator]


class Crash(Exception):
    """The process dies here."""


class CrashingDealsClient(DealsClient):
    """Lets the seller book the ``crash_on``-th deal, then dies before the buyer
    learns the outcome (the worst moment)."""

    bookings = 0
    crash_on = 2

    async def book_deal(self, quote_id: str, **kw: Any) -> DealResponse:
        type(self).bookings += 1
        deal = await super().book_deal(quote_id, **kw)
        if type(self).bookings == self.crash_on:
            raise Crash("killed mid-portfolio")
        return deal


async def test_resume_after_crash_books_nothing_twice(
        make_orchestrator: Make, network: SandboxNetwork, journal: BookingJournal) -> None:
    CrashingDealsClient.bookings = 0
    crashing = make_orchestrator(journal=journal, max_concurrency=1,
                                 deals_client_factory=lambda url, **kw: CrashingDealsClient(
                                     url, **kw))
    with pytest.raises(Crash):
        await crashing.orchestrate(ctv_requirements(), ctv_params(), budget=1_000_000,
                                   max_deals=3, run_id="run-crash")
    intents = journal.intents("run-crash")
    statuses = sorted(i.status.value for i in intents)
    assert IntentStatus.PENDING.value in statuses  # seller booked it, buyer never heard
    assert sum(len(network.booked_deals(s)) for s in CTV_SELLERS) == 2

    # a new process: fresh orchestrator, same journal database
    fresh = make_orchestrator(journal=BookingJournal(journal.db))
    selection = await fresh.resume("run-crash")
    assert len(selection.booked_deals) == 3
    for seller in CTV_SELLERS:
        assert len(network.booked_deals(seller)) == 1  # each exactly once
    assert {d.deal_id for d in selection.booked_deals} == {
        network.booked_deals(s)[0].deal.deal_id for s in CTV_SELLERS}
    assert {i.status for i in journal.intents("run-crash")} == {IntentStatus.BOOKED}
    run = journal.get_run("run-crash")
    assert run is not None
    assert run.status == RunStatus.COMPLETED

    # resuming again is harmless
    again = await fresh.resume("run-crash")
    assert len(again.booked_deals) == 3
    assert all(len(network.booked_deals(s)) == 1 for s in CTV_SELLERS)


async def test_resume_unknown_run_is_an_error(make_orchestrator: Make,
                                              journal: BookingJournal) -> None:
    with pytest.raises(KeyError, match="no journaled"):
        await make_orchestrator(journal=journal).resume("nope")
