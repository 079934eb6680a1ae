"""The per-package share cap (issue 17): no package (one seller's product) takes more
than its share of a channel's budget, in total, in the selection, at approval and at
booking, checked against the sellers' own records."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.crew.definitions import CrewDefinitions
from ad_buyer.events.log import RationaleLog
from ad_buyer.guards.shares import ShareCap, parse_share
from ad_buyer.models.brief import CampaignBrief, Channel
from ad_buyer.orchestration.portfolio import (
    Candidate,
    GroupLimit,
    PortfolioConstraints,
    PortfolioOptimizer,
    greedy_select,
)
from ad_buyer.sandbox.network import SandboxNetwork
from seller_records import live_by_package, live_micros

from .test_seller_share import book, call, cost_of, make_ctx, obeying_the_seller

NO_CAPS = ShareCap(seller_share_pct=None, package_share_pct=None)
PACKAGE_ONLY = ShareCap(seller_share_pct=None, package_share_pct=Decimal(20))


def _candidates() -> list[Candidate]:
    # One package quoted at two sizes, and two small packages.
    return [Candidate("big-a", "s1", 50, 100, package="s1|big"),
            Candidate("big-b", "s1", 40, 90, package="s1|big"),
            Candidate("small-1", "s2", 30, 20, package="s2|p1"),
            Candidate("small-2", "s3", 30, 20, package="s3|p2")]


@pytest.mark.parametrize("select", ["cp-sat", "greedy"])
def test_the_selection_holds_a_packages_room_over_all_its_quotes(select: str) -> None:
    cons = PortfolioConstraints(budget_micros=200,
                                per_package={"s1|big": GroupLimit(max_spend_micros=60)})
    cands = _candidates()
    solution = (PortfolioOptimizer().optimize(cands, cons) if select == "cp-sat"
                else greedy_select(cands, cons, order="value"))
    big = sum(c.cost_micros for c in solution.selected if c.package == "s1|big")
    assert 0 < big <= 60  # one of its two sizes, never both
    assert solution.feasible
    uncapped = PortfolioOptimizer().optimize(cands, PortfolioConstraints(budget_micros=200))
    assert sum(c.cost_micros for c in uncapped.selected if c.package == "s1|big") == 90


def test_the_package_cap_applies_from_three_packages_and_counts_what_one_holds() -> None:
    cap = ShareCap()
    assert cap.package_room(1_000, ["a|1", "a|2"], {}) is None  # two packages: no cap
    assert cap.package_room(1_000, ["a|1", "a|2", "b|1"], {"a|1": 100}) == {
        "a|1": 300, "a|2": 400, "b|1": 400}
    assert ShareCap(package_share_pct=None).package_room(1_000, ["a", "b", "c"], {}) is None


def test_the_package_option_reads_percent_or_none() -> None:
    assert parse_share(None, "25").package_share_pct == Decimal(25)
    assert parse_share(None, "none").package_share_pct is None
    assert parse_share(None, None).package_share_pct == Decimal(40)  # the default
    with pytest.raises(ValueError, match="package share"):
        parse_share(None, "0")


def test_a_proposal_and_its_booking_hold_each_packages_share(
        crew: CrewDefinitions, brief: CampaignBrief, rationale_log: RationaleLog,
        network: SandboxNetwork) -> None:
    ctx = make_ctx(brief, rationale_log, network, PACKAGE_ONLY)
    call(crew, ctx, "propose_allocation")
    cap = ctx.approved_allocation().amount_for(Channel.DISPLAY) * 20 // 100
    proposal = obeying_the_seller(crew, ctx)
    lines = ctx.states[Channel.DISPLAY].proposals[proposal["proposal_id"]].lines
    assert lines
    assert all(line.cost_micros <= cap for line in lines)
    assert isinstance(book(crew, ctx, proposal["proposal_id"]), dict)
    held = live_by_package(network)["display"]
    assert held
    assert max(held.values()) <= cap
    notes = [e for e in rationale_log.get_run(ctx.run_id or "").entries
             if e.kind == "guard" and "package share cap applied" in e.summary]
    assert notes
    assert "the package share cap cost" in notes[0].rationale


def test_a_proposal_over_a_packages_share_is_refused_at_approval_and_booking(
        crew: CrewDefinitions, brief: CampaignBrief, rationale_log: RationaleLog,
        network: SandboxNetwork) -> None:
    ctx = make_ctx(brief, rationale_log, network, NO_CAPS)
    call(crew, ctx, "propose_allocation")
    cap = ctx.approved_allocation().amount_for(Channel.DISPLAY) * 20 // 100
    proposal = obeying_the_seller(crew, ctx)
    pid = proposal["proposal_id"]
    lines = ctx.states[Channel.DISPLAY].proposals[pid].lines
    assert max(line.cost_micros for line in lines) > cap  # made with no cap
    ctx.share_cap = PACKAGE_ONLY
    refused = call(crew, ctx, "review_proposal", proposal_id=pid, decision="approve",
                   rationale="approve it anyway")
    assert isinstance(refused, str)
    assert "package" in refused
    assert "over its share cap" in refused
    # Approved before the cap, it is still refused at booking, before money moves.
    ctx.share_cap = NO_CAPS
    assert isinstance(call(crew, ctx, "review_proposal", proposal_id=pid,
                           decision="approve", rationale="approve with no cap"), dict)
    ctx.share_cap = PACKAGE_ONLY
    booked = call(crew, ctx, "book_portfolio", channel="display", proposal_id=pid,
                  rationale="book the approved proposal")
    assert isinstance(booked, str)
    assert "over its share cap" in booked
    assert live_micros(network) == 0
    assert cost_of(ctx, pid) > cap
