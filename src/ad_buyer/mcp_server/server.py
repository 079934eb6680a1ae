"""The buyer's MCP server (the official ``mcp`` SDK's FastMCP): tools at a planner's grain.

The tools call the same :class:`~ad_buyer.api.service.BuyerService` as the HTTP
API. Booking holds exactly as in ``ad-buyer chat``: it needs the plan id and the
planner's own confirmation, ``yes`` or ``confirm``; anything else books nothing.
Runs' rationale logs and reports are resources (``run://RUN/log``,
``run://RUN/report``).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import anyio
from mcp.server.fastmcp import FastMCP
from mcp.server.fastmcp.exceptions import ToolError
from mcp.server.transport_security import TransportSecuritySettings
from pydantic import BaseModel, Field

from ad_buyer.api.models import (
    BookingOut,
    BriefIn,
    BriefReading,
    DecisionOut,
    PacingOut,
    PlanOut,
    RevisionOut,
    RunDetail,
    RunLog,
    SellerOut,
)
from ad_buyer.api.plan_store import PlanNotFound
from ad_buyer.api.planning import BriefGaps, PlanClosed, PlanFailed, RevisionRefused
from ad_buyer.api.service import BuyerService
from ad_buyer.events.log import RunNotFoundError
from ad_buyer.intake.plan_revision import CONFIRM_WORDS

INSTRUCTIONS = (
    "ad-buyer is an agentic media buyer. Plan a campaign from a plain-English brief "
    "(plan_campaign: a dry run that quotes sellers and books nothing), show the planner the "
    "plan, revise it as they ask (revise_plan), and book it (book_plan) only after the "
    "planner has confirmed in their own words: pass their answer as `confirmation`; only "
    "'yes' or 'confirm' books. Money is integer micros (1,000,000 = 1 unit of currency).")


class PlanResult(BaseModel):
    """A plan, or the brief's gaps when it cannot be run as written."""

    plan: PlanOut | None = None
    reading: BriefReading | None = Field(
        default=None, description="set when the brief has gaps: ask the planner for each")


class BookResult(BaseModel):
    """A booking, or why nothing was booked."""

    booked: bool
    message: str
    booking: BookingOut | None = None


def _brief(brief: str, reference_date: str | None, allow_past: bool) -> BriefIn:
    try:
        reference = date.fromisoformat(reference_date) if reference_date else None
    except ValueError as exc:
        raise ToolError(f"reference_date {reference_date!r} is not an ISO date") from exc
    return BriefIn(brief=brief, reference_date=reference, allow_past=allow_past)


def build_mcp(service: BuyerService, *, loopback: bool = True) -> FastMCP:
    """The MCP server over ``service`` (``loopback``: keep the SDK's DNS-rebinding check
    of the Host header; behind an API key on another address it is off)."""
    security = None if loopback else TransportSecuritySettings(
        enable_dns_rebinding_protection=False)
    mcp = FastMCP("ad-buyer", instructions=INSTRUCTIONS, streamable_http_path="/mcp",
                  transport_security=security, log_level="WARNING")

    async def call(fn: Any, *args: Any) -> Any:
        try:
            return await anyio.to_thread.run_sync(fn, *args)
        except (PlanNotFound, RunNotFoundError) as exc:
            raise ToolError(str(exc).strip("'\"")) from exc
        except KeyError as exc:
            raise ToolError(str(exc.args[0] if exc.args else exc)) from exc
        except (PlanClosed, PlanFailed, RevisionRefused, ValueError) as exc:
            raise ToolError(str(exc)) from exc

    @mcp.tool()
    async def read_brief(brief: str, reference_date: str | None = None,
                         allow_past: bool = False) -> BriefReading:
        """Read a campaign brief: the facts taken, the assumptions made, what was not
        understood, and the gaps that stop it (ask the planner for each). No seller is
        called but the registry listing. reference_date (YYYY-MM-DD) is today."""
        reading: BriefReading = (await call(service.planner.read,
                                            _brief(brief, reference_date, allow_past)))[0]
        return reading

    @mcp.tool()
    async def plan_campaign(brief: str, reference_date: str | None = None,
                            allow_past: bool = False) -> PlanResult:
        """Plan a campaign from a brief: the budget split across channels and a quoted
        portfolio from the sellers (a dry run: nothing is booked). Returns the plan with
        its id, or the brief's gaps."""
        try:
            record = await call(service.planner.plan, _brief(brief, reference_date,
                                                             allow_past))
        except BriefGaps as exc:
            return PlanResult(reading=exc.reading)
        return PlanResult(plan=service.planner.view(record))

    @mcp.tool()
    async def revise_plan(plan_id: str, revision: str) -> RevisionOut:
        """Revise a plan as the planner says it: 'move 20% from mobile to ctv', 'move
        $10k from audio to ctv', 'drop seller NAME', 'cap CPM at $30'. Guards refuse
        moves that go too far; the revised plan is quoted again (nothing is booked)."""
        note, record = await call(service.planner.revise, plan_id, revision)
        return RevisionOut(applied=note, plan=service.planner.view(record))

    @mcp.tool()
    async def book_plan(plan_id: str, confirmation: str) -> BookResult:
        """Book a plan: this commits the plan's budget at the sellers. Call it only after
        showing the planner the plan and asking them to confirm; pass their own answer as
        `confirmation`. Only 'yes' or 'confirm' books; anything else books nothing. A plan
        is booked once: calling again returns the first booking."""
        if confirmation.strip().lower().rstrip(".!") not in CONFIRM_WORDS:
            return BookResult(booked=False, message=(
                f"Not booked: the confirmation was {confirmation!r}, not 'yes' or "
                "'confirm'. Show the planner the plan and ask them to confirm."))
        booking: BookingOut = await call(service.planner.book, plan_id)
        what = "booked" if booking.booked_now else "already booked earlier"
        return BookResult(booked=booking.booked_now, booking=booking,
                          message=f"plan {plan_id} {what} as run {booking.run_id}")

    @mcp.tool()
    async def run_status(run_id: str) -> RunDetail:
        """A run's state, its planned, committed and held money, and its deals as each
        seller stated them."""
        detail: RunDetail = await call(service.runs.detail, run_id)
        return detail

    @mcp.tool()
    async def explain_run(run_id: str) -> RunLog:
        """Why money went where it went: the run's rationale log as a tree of decisions,
        delegations, tool calls and guard decisions."""
        log: RunLog = await call(service.runs.rationale, run_id)
        return log

    @mcp.tool()
    async def pacing_status(run_id: str) -> PacingOut:
        """Spend against plan per deal, channel, seller and campaign, and the pacing
        recommendations waiting for approval."""
        out: PacingOut = await call(service.pacing.status, run_id)
        return out

    @mcp.tool()
    async def approve_recommendation(recommendation_id: str) -> DecisionOut:
        """Approve a pending pacing recommendation: its changes go to the sellers. Only
        on the planner's say-so."""
        out: DecisionOut = await call(service.pacing.approve, recommendation_id)
        return out

    @mcp.tool()
    async def reject_recommendation(recommendation_id: str,
                                    reason: str = "rejected by campaign manager"
                                    ) -> DecisionOut:
        """Reject a pending pacing recommendation (recorded; nothing is sent)."""
        out: DecisionOut = await call(service.pacing.reject, recommendation_id, reason)
        return out

    @mcp.tool()
    async def list_sellers() -> list[SellerOut]:
        """The sellers in the registry, and whether a key is stored for each."""
        sellers: list[SellerOut] = await call(service.sellers)
        return sellers

    @mcp.resource("run://{run_id}/log", mime_type="application/json")
    async def run_log(run_id: str) -> str:
        """A run's rationale log as a JSON tree."""
        log: RunLog = await call(service.runs.rationale, run_id)
        return json.dumps(log.model_dump(mode="json"))

    @mcp.resource("run://{run_id}/report", mime_type="text/html")
    async def run_report(run_id: str) -> str:
        """A run's self-contained HTML report."""
        html: str = await call(service.runs.report_html, run_id)
        return html

    return mcp
