"""A performance brief books performance deals in the default sandbox (offline crew)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest

from ad_buyer.crew.buyer import desks_for_sandbox
from ad_buyer.crew.run import CampaignRunResult, run_campaign
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.events.log import RunStatus
from ad_buyer.models.brief import Channel
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox
from ad_buyer.storage.db import Database

OFFLINE = {"AD_BUYER_LLM": "offline"}
REFERENCE = date(2026, 5, 10)
# The offline intake reads "performance" alone as the goal; "performance media"
# names the channel.
BRIEF = ("$90k, Q3 2027, performance media and display, adults 25-54, US, "
         "goal: performance, max $15 CPM")
PERFORMANCE_SELLERS = {"convertly", "clickpath"}


@dataclass
class Run:
    result: CampaignRunResult
    network: SandboxNetwork


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('perf') / 'run.db'}")
    network = in_process_sandbox()
    bus = InMemoryEventBus()
    result = run_campaign(BRIEF, desks=desks_for_sandbox(bus, network), db=db,
                          bus=bus, env=OFFLINE, reference_date=REFERENCE)
    yield Run(result, network)
    db.dispose()


def test_performance_brief_books_performance_deals(run: Run) -> None:
    result = run.result
    assert result.status is RunStatus.COMPLETED, result.report
    assert result.brief is not None
    assert result.allocation is not None
    assert result.brief.channels == [Channel.PERFORMANCE, Channel.DISPLAY]
    by_channel = {r.channel: r for r in result.channel_results}
    performance = by_channel[Channel.PERFORMANCE]
    assert not any("no sellers found" in n for n in performance.not_booked)
    assert performance.booked
    assert {line["seller_url"].rsplit("/", 1)[1] for line in performance.booked} \
        <= PERFORMANCE_SELLERS
    assert all(line["product_id"].startswith("prod-performance-")
               for line in performance.booked)
    cap = result.brief.max_cpm_micros
    assert cap == 15_000_000
    assert all(0 < line["cpm_micros"] <= cap for line in performance.booked)
    assert performance.committed_micros == sum(line["cost_micros"]
                                                for line in performance.booked)
    assert performance.committed_micros <= result.allocation.amount_for(Channel.PERFORMANCE)
    assert by_channel[Channel.DISPLAY].booked
    assert result.committed_micros <= result.brief.budget_micros


def test_sellers_hold_exactly_the_reported_performance_deals(run: Run) -> None:
    performance = next(r for r in run.result.channel_results
                       if r.channel is Channel.PERFORMANCE)
    reported = {line["deal_id"] for line in performance.booked}
    held = {stored.deal.deal_id for seller_id in PERFORMANCE_SELLERS
            for stored in run.network.active_deals(seller_id)}
    assert held == reported
    display_sellers = {s.seller_id for s in run.network.sellers
                       if Channel.DISPLAY.value in s.channels}
    assert not display_sellers & PERFORMANCE_SELLERS
