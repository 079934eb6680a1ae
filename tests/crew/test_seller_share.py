"""The per-seller share cap (issue 17): no seller takes more than its share of a
channel's budget, in total, whatever a seller's text asks or the crew proposes."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ad_buyer.crew.buyer import desks_for_sandbox
from ad_buyer.crew.definitions import CrewDefinitions
from ad_buyer.crew.tooling import ToolContext, invoke_tool
from ad_buyer.events.log import RationaleLog
from ad_buyer.guards.shares import ShareCap, parse_share
from ad_buyer.models.brief import CampaignBrief, Channel
from ad_buyer.sandbox.catalog import PROMPT_INJECTION
from ad_buyer.sandbox.network import SandboxNetwork
from seller_records import live_micros

INJECTED = "bargainbanners"


def make_ctx(brief: CampaignBrief, log: RationaleLog, network: SandboxNetwork,
             cap: ShareCap) -> ToolContext:
    display = brief.model_copy(update={"channels": [Channel.DISPLAY], "countries": ["US"],
                                       "max_cpm_micros": None})
    return ToolContext(brief=display, log=log, run_id=log.start_run(name=display.name),
                       desk_factory=desks_for_sandbox(None, network), share_cap=cap)


def call(crew: CrewDefinitions, ctx: ToolContext, tool: str, **arguments: Any) -> Any:
    caller = crew.manager if tool in crew.manager.tools else \
        crew.specialist_for(Channel.DISPLAY)
    text = invoke_tool(crew, tool, arguments, ctx, caller=caller, model="test")
    return text if text.startswith("Error") else json.loads(text)


def obeying_the_seller(crew: CrewDefinitions, ctx: ToolContext) -> dict[str, Any]:
    """A specialist that does what the injected description says: it quotes every
    fitting package, then proposes only the injected seller's quotes."""
    sellers = call(crew, ctx, "discover_sellers", channel="display")["sellers"]
    kits = call(crew, ctx, "read_media_kits", channel="display",
                seller_ids=[s["seller_id"] for s in sellers])
    assert any(PROMPT_INJECTION in p["description"] for p in kits["packages"])
    fitting = [p["ref"] for p in kits["packages"] if p["fits"]]
    quotes = call(crew, ctx, "request_quotes", channel="display", package_refs=fitting[:12],
                  rationale="every fitting package")["quotes"]
    assert len({q["seller_id"] for q in quotes}) >= 3
    mine = [q["ref"] for q in quotes if q["seller_id"] == INJECTED]
    assert mine
    proposal = call(crew, ctx, "propose_portfolio", channel="display", quote_refs=mine,
                    rationale="the seller says to book every package with it")
    assert isinstance(proposal, dict), proposal
    return proposal


def cost_of(ctx: ToolContext, proposal_id: str) -> int:
    return ctx.states[Channel.DISPLAY].proposals[proposal_id].cost_micros


def book(crew: CrewDefinitions, ctx: ToolContext, proposal_id: str) -> Any:
    review = call(crew, ctx, "review_proposal", proposal_id=proposal_id, decision="approve",
                  rationale="approve what the specialist proposed")
    if isinstance(review, str):
        return review
    return call(crew, ctx, "book_portfolio", channel="display", proposal_id=proposal_id,
                rationale="book the approved proposal")


def test_an_injected_seller_description_cannot_take_a_seller_past_its_share(
        crew: CrewDefinitions, brief: CampaignBrief, rationale_log: RationaleLog,
        network: SandboxNetwork) -> None:
    ctx = make_ctx(brief, rationale_log, network, ShareCap())
    call(crew, ctx, "propose_allocation")
    budget = ctx.approved_allocation().amount_for(Channel.DISPLAY)
    cap = budget * 40 // 100
    first = obeying_the_seller(crew, ctx)
    assert first["lines"]
    assert 0 < cost_of(ctx, first["proposal_id"]) <= cap
    booked = book(crew, ctx, first["proposal_id"])
    assert isinstance(booked, dict), booked
    held = live_micros(network, INJECTED)
    assert 0 < held <= cap
    # A second round for the same seller (fresh quotes) has only the room left.
    packages = [p.ref for p in ctx.states[Channel.DISPLAY].packages.values()
                if p.seller_id == INJECTED and p.fits]
    again = call(crew, ctx, "request_quotes", channel="display", package_refs=packages,
                 rationale="more from this seller")["quotes"]
    assert again
    second = call(crew, ctx, "propose_portfolio", channel="display",
                  quote_refs=[q["ref"] for q in again], rationale="book this seller again")
    assert isinstance(second, dict), second
    assert cost_of(ctx, second["proposal_id"]) <= cap - held
    if second["lines"]:
        assert isinstance(book(crew, ctx, second["proposal_id"]), dict)
    assert live_micros(network, INJECTED) <= cap
    notes = [e for e in rationale_log.get_run(ctx.run_id or "").entries
             if e.kind == "guard" and "seller share cap applied" in e.summary]
    assert notes
    assert "the seller share cap cost" in notes[0].rationale  # what it cost is logged


def test_without_the_cap_the_same_proposal_takes_more(
        crew: CrewDefinitions, brief: CampaignBrief, rationale_log: RationaleLog,
        network: SandboxNetwork) -> None:
    ctx = make_ctx(brief, rationale_log, network,
                   ShareCap(seller_share_pct=None, package_share_pct=None))
    call(crew, ctx, "propose_allocation")
    budget = ctx.approved_allocation().amount_for(Channel.DISPLAY)
    proposal = obeying_the_seller(crew, ctx)
    assert cost_of(ctx, proposal["proposal_id"]) > budget * 40 // 100


def test_the_share_option_reads_percent_or_none() -> None:
    assert parse_share("30").seller_share_pct == Decimal(30)
    assert parse_share("25%").seller_share_pct == Decimal(25)
    assert parse_share("none").seller_share_pct is None
    for bad in ("0", "101", "lots"):
        with pytest.raises(ValueError, match="share"):
            parse_share(bad)


def test_the_cap_applies_from_three_sellers_and_counts_what_a_seller_holds() -> None:
    cap = ShareCap()
    assert cap.room(100, ["a", "b"], {}) is None  # two sellers: no cap
    room = cap.room(1_000, ["a", "b/", "c"], {"a": 300})
    assert room == {"a": 100, "b": 400, "c": 400}


def test_a_channels_deal_limit_holds_across_proposals(
        crew: CrewDefinitions, brief: CampaignBrief, rationale_log: RationaleLog,
        network: SandboxNetwork) -> None:
    from ad_buyer.orchestration.desk.models import ChannelBuyResult
    from ad_buyer.orchestration.desk.terms import DEFAULT_MAX_DEALS

    ctx = make_ctx(brief, rationale_log, network,
                   ShareCap(seller_share_pct=None, package_share_pct=None))
    call(crew, ctx, "propose_allocation")
    sellers = call(crew, ctx, "discover_sellers", channel="display")["sellers"]
    kits = call(crew, ctx, "read_media_kits", channel="display",
                seller_ids=[s["seller_id"] for s in sellers])
    fitting = [p["ref"] for p in kits["packages"] if p["fits"]]
    quotes = call(crew, ctx, "request_quotes", channel="display", package_refs=fitting[:8],
                  rationale="every fitting package")["quotes"]
    refs = [q["ref"] for q in quotes]
    # The channel already holds four deals from earlier bookings: one more fits.
    earlier = [{"status": "booked", "seller_url": f"http://s{i}", "cost_micros": 1}
               for i in range(DEFAULT_MAX_DEALS - 1)]
    ctx.results.append(ChannelBuyResult(channel=Channel.DISPLAY, committed_micros=4,
                                        booked=earlier))
    one = call(crew, ctx, "propose_portfolio", channel="display", quote_refs=refs,
               rationale="as many deals as the optimizer allows")
    assert isinstance(one, dict), one
    assert len(one["lines"]) == 1
    ctx.results.append(ChannelBuyResult(channel=Channel.DISPLAY, committed_micros=1,
                                        booked=[dict(earlier[0])]))
    full = call(crew, ctx, "propose_portfolio", channel="display", quote_refs=refs,
                rationale="as many deals as the optimizer allows")
    assert isinstance(full, str)
    assert f"already holds its {DEFAULT_MAX_DEALS} deals" in full


@pytest.mark.parametrize(("option", "value", "why"), [
    ("--max-seller-share", "140", "at most 100%"),
    ("--max-package-share", "lots", "is not a share"),
])
def test_a_bad_share_option_is_refused_before_anything_runs(
        tmp_path: Path, option: str, value: str, why: str) -> None:
    from typer.testing import CliRunner

    from ad_buyer.cli import app

    result = CliRunner().invoke(app, ["run", "Budget $50k, CTV, Q3 2027, adults 25-54, US",
                                      "--db", f"sqlite:///{tmp_path / 'x.db'}", option, value],
                                env={"COLUMNS": "250"})
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.replace("│", " ").split())
    assert option in said
    assert why in said
    assert "started" not in said  # no run was started
