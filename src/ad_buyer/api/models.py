"""The buyer service's wire models: what the HTTP API and the MCP tools take and return.

Money is integer micros (``*_micros``) in the plan's currency, as everywhere in
the buyer; nothing here carries a seller's API key.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ad_buyer.pacing.mode import PacingMode
from ad_buyer.reporting.portfolio import PortfolioLine

BookingModeName = Literal["best_effort", "all_or_nothing"]
# The facts a planner's answer can settle on its own (the intake's ANSWER_READERS).
AnswerField = Literal["budget", "currency", "flight_dates", "channels", "max_cpm",
                      "channel_split", "sellers"]


class ErrorBody(BaseModel):
    """Every error the API answers with: a stable code, a sentence, and the brief's gaps
    when the error is that the brief cannot be run (422)."""

    error: str = Field(description="a stable code: brief_gaps, not_found, conflict, "
                                   "unauthorized, invalid_request, revision_refused...")
    message: str
    gaps: list[Gap] = Field(default_factory=list)
    read_as: list[str] = Field(default_factory=list)


class Gap(BaseModel):
    """One fact the brief lacks, contradicts or states ambiguously (as ``run`` lists it)."""

    field: str
    kind: str
    message: str


ErrorBody.model_rebuild()


class BriefIn(BaseModel):
    """A campaign brief in plain English, and how to read it."""

    model_config = ConfigDict(extra="forbid")

    brief: str = Field(min_length=1, max_length=20_000,
                       description="the brief text, e.g. '$250k, Q3 2027, CTV and mobile, "
                                   "adults 25-54, US, max $35 CPM'")
    reference_date: date | None = Field(
        default=None, description="today for reading the brief (default: today)")
    allow_past: bool = Field(default=False,
                             description="allow a flight that starts before today")
    answers: dict[AnswerField, str] = Field(
        default_factory=dict,
        description="answers to the brief's gaps, by field; an answer replaces what the "
                    "brief said on that fact (as chat's answers do)")


class RunIn(BriefIn):
    """A brief straight to a run on the campaign queue (what ``ad-buyer enqueue`` does)."""

    again: bool = Field(default=False,
                        description="run a brief that was already run (it is bought twice)")
    pacing: PacingMode = PacingMode.MANUAL
    booking: BookingModeName = "best_effort"


class BriefReading(BaseModel):
    """How a brief was read: the "read as" block and, if it cannot run, its gaps."""

    read_as: list[str]
    gaps: list[Gap] = Field(default_factory=list)
    runnable: bool
    summary: str = ""


class ChannelAmount(BaseModel):
    channel: str
    amount_micros: int


class PlannedDeal(PortfolioLine):
    """One deal of a plan (quoted, not booked) or of a run (as its seller booked it)."""

    status: str = Field(description="planned, booked or held")
    quote_expires_at: datetime | None = None
    audience_fit: str = Field(default="", description="how the package reaches the "
                                                      "brief's audience (planned deals)")
    why: str = Field(default="", description="why the optimizer chose it (planned deals)")


class RevisionChange(BaseModel):
    """What one revision did: the sentence the guards answered with, and the plan's
    allocation and planned money before and after it."""

    revision: str
    applied: str
    allocation_before: list[ChannelAmount]
    allocation_after: list[ChannelAmount]
    planned_before_micros: int
    planned_after_micros: int
    deals_before: int
    deals_after: int


class PlanOut(BaseModel):
    """A plan: the brief as read, the allocation, the quoted portfolio (a dry run) and
    its state. ``book`` buys exactly this brief and allocation."""

    id: str
    status: Literal["planned", "booking", "booked", "failed"]
    name: str
    currency: str
    budget_micros: int
    read_as: list[str]
    allocation: list[ChannelAmount]
    max_cpm_micros: int | None
    excluded_sellers: list[str]
    deals: list[PlannedDeal]
    planned_micros: int
    not_planned: list[str] = Field(description="channels or quotes left out, and why")
    quotes_hold_until: datetime | None = Field(
        description="the earliest quote expiry of the portfolio, as sellers stated it "
                    "(null if no seller said); booking re-quotes at the sellers")
    dry_run_id: str = Field(description="the dry run's id in the rationale log")
    revisions: list[str]
    changes: list[RevisionChange] = Field(default_factory=list,
                                          description="what each revision changed")
    booked_run_id: str | None = None
    created_at: datetime


class RevisionIn(BaseModel):
    """One plan revision, as said in chat: 'move 20% from mobile to ctv', 'drop seller
    X', 'cap CPM at $30'."""

    model_config = ConfigDict(extra="forbid")

    revision: str = Field(min_length=1, max_length=500)


class RevisionOut(BaseModel):
    applied: str
    plan: PlanOut


class BookingOut(BaseModel):
    """What booking a plan did. ``booked_now`` is false when an earlier call booked it."""

    plan_id: str
    run_id: str
    booked_now: bool
    run: RunDetail | None = None


class RunSummaryOut(BaseModel):
    id: str
    name: str
    state: str
    budget_micros: int
    committed_micros: int
    currency: str
    started_at: datetime


class RunDetail(RunSummaryOut):
    """A run: its state and money, and its deals as each seller stated them when read
    back after booking. The money in ``ad-buyer runs``'s words
    (:mod:`ad_buyer.reporting.run_money`): ``planned`` a dry run's plan, nothing sent;
    ``committed`` live at sellers (booked as agreed, or booked on other terms a seller
    would not cancel); ``held`` sent, but the outcome was never read back (may be live).
    A deal's ``status`` ``held`` is either of the last two."""

    planned_micros: int
    held_micros: int
    deals: list[PlannedDeal]
    not_booked: list[str]
    outcome: str
    pacing: str | None = Field(description="the pacing run id, if its deals are paced")


class QueuedRun(BaseModel):
    run_id: str
    state: str


class LogNode(BaseModel):
    """One rationale-log entry and the entries it led to."""

    id: int
    kind: str
    agent: str
    model: str
    summary: str
    rationale: str
    data: dict[str, object]
    created_at: datetime
    children: list[LogNode] = Field(default_factory=list)


class RunLog(BaseModel):
    run_id: str
    name: str
    status: str
    entries: list[LogNode]


class PaceLine(BaseModel):
    """Spend against plan for one deal, channel, seller or the campaign."""

    level: str
    subject: str
    budget_micros: int
    expected_micros: int
    actual_micros: int
    pace_ratio: float | None = Field(description="actual over expected spend")


class Recommendation(BaseModel):
    id: str
    kind: str
    amount_micros: int
    status: str
    rationale: str


class PacingOut(BaseModel):
    run_id: str
    mode: str
    as_of: datetime
    lines: list[PaceLine]
    recommendations: list[Recommendation]


class DecisionOut(BaseModel):
    id: str
    outcome: str


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="rejected by campaign manager", max_length=500)


class SellerOut(BaseModel):
    id: str
    name: str
    url: str
    has_key: bool


BookingOut.model_rebuild()
