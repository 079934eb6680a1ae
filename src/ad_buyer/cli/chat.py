"""``ad-buyer chat``: plan a brief in conversation, revise it, book only on confirmation.

The session reads lines from any iterator (stdin in the CLI, a list in tests):

1. The brief, up to an empty line. Each missing or contradictory fact is asked
   for by name and the answer merged (never guessed).
2. The allocator's plan is shown; plain-English revisions (see
   :mod:`ad_buyer.intake.revisions`) go through the allocation guards and are
   logged in the chat's own rationale-log run.
3. ``book`` shows what will be bought and asks for ``yes`` or ``confirm``;
   anything else cancels. Only then does the guarded buy run (the same as
   ``ad-buyer run``), through the ``book`` callback.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ad_buyer.events.log import EntryKind, RationaleLog, RunStatus
from ad_buyer.guards.allocation import (
    STATED_SPLIT,
    AllocationError,
    AllocationGuardError,
    AllocationProposal,
    GuardLimits,
    propose_allocation,
)
from ad_buyer.intake.extract import ANSWER_READERS, extract_brief
from ad_buyer.intake.plan_revision import CONFIRM_WORDS, PlanState, apply_revision
from ad_buyer.intake.questions import question_for
from ad_buyer.intake.revisions import (
    HELP,
    Revision,
    RevisionKind,
    RevisionParseError,
    parse_revision,
    revision_from_model,
)
from ad_buyer.intake.unread import IGNORE_ANSWERS, UNREAD_FIELD, carried
from ad_buyer.models.brief import BriefGap, CampaignBrief
from ad_buyer.models.money import from_micros
from ad_buyer.reporting.progress_words import channel_words

if TYPE_CHECKING:
    from ad_buyer.llm.gateway import ChatModel

logger = logging.getLogger(__name__)

Booker = Callable[[CampaignBrief, AllocationProposal, str], Any]
# Where the plan shown came from, in a planner's words (AllocationProposal.source).
PLAN_SOURCES = {"allocator": "split by the goal's weights", STATED_SPLIT: "the brief's split",
                "adjusted": "as revised"}

@dataclass
class ChatSession:
    console: Console
    lines: Iterator[str]
    model: ChatModel
    log: RationaleLog
    book: Booker
    reference_date: date | None = None
    limits: GuardLimits = field(default_factory=lambda: GuardLimits(max_shift_pct=Decimal(25)))
    allow_past: bool = False
    # Seller names and currency against the registry (``crew.seller_check.check_sellers``).
    check_sellers: Callable[[CampaignBrief], Any] | None = None
    text: str = ""
    proposal: AllocationProposal | None = None
    history: list[PlanState] = field(default_factory=list)
    run_id: str | None = None
    booked: Any = None

    # ---- input -------------------------------------------------------------

    def _read(self) -> str | None:
        for line in self.lines:
            if line.strip():
                return line.strip()
        return None

    def _read_brief(self) -> str:
        collected: list[str] = []
        for line in self.lines:
            if not line.strip():
                if collected:
                    break
                continue
            collected.append(line.rstrip("\n"))
        return "\n".join(collected)

    def say(self, text: str, style: str = "") -> None:
        self.console.print(f"[{style}]{escape(text)}[/{style}]" if style else escape(text),
                           soft_wrap=True, highlight=False)

    def _record(self, kind: EntryKind, summary: str, rationale: str = "",
                data: dict[str, Any] | None = None) -> None:
        if self.run_id is not None:
            self.log.record(self.run_id, kind, agent="planner (chat)", model="person",
                            summary=summary, rationale=rationale, data=data)

    # ---- phase 1: the brief -----------------------------------------------

    def gather_brief(self) -> CampaignBrief | None:
        self.say(f"brief intake model: {self.model.choice.label}")
        self.say("Paste or type the brief, then an empty line:")
        self.text = self._read_brief()
        answers: dict[str, str] = {}
        while True:
            reading = extract_brief(self.text, self.model, reference_date=self.reference_date,
                                    answers=answers, allow_past=self.allow_past)
            if isinstance(reading, CampaignBrief):
                checked = self.check_sellers(reading) if self.check_sellers else None
                if not isinstance(checked, BriefGap):
                    return reading
                reading = checked
            self._unread([p for p in reading.not_understood if not carried(p)])
            if not self._ask(reading, answers):
                return None

    def _unread(self, parts: list[str]) -> None:
        if parts:
            self.say("I did not understand: " + "; ".join(repr(p) for p in parts)
                     + ". I ignored it; say it another way if it matters.", "yellow")

    def _ask(self, gap: BriefGap, answers: dict[str, str]) -> bool:
        self.say("I need a few facts before I can plan; I will not guess them.", "bold")
        for issue in gap.issues:
            self.say(question_for(issue), "yellow")
            answer = self._read()
            if answer is None or answer.lower() in {"quit", "exit", "cancel"}:
                self.say(f"Stopped: the brief still lacks {', '.join(gap.fields)}. "
                         "Nothing was booked.", "bold red")
                return False
            if issue.field == UNREAD_FIELD:
                self._answer_unread(gap, answer, answers)
            elif issue.field in ANSWER_READERS and self.model.is_offline:
                answers[issue.field] = answer
            else:
                self.text += f"\n{answer}"
        return True

    def _answer_unread(self, gap: BriefGap, answer: str, answers: dict[str, str]) -> None:
        """'ignore' plans without the unread parts; anything else restates them."""
        if answer.strip().lower() in IGNORE_ANSWERS:
            answers[UNREAD_FIELD] = "ignore"
            self._record(EntryKind.DECISION, "the planner chose to plan without the parts "
                         "not understood", rationale="; ".join(gap.not_understood))
            return
        for part in gap.not_understood:
            self.text = re.sub(r"\s+".join(re.escape(w) for w in part.split()), " ", self.text)
        self.text += f"\n{answer}"

    # ---- phase 2: plan and revise -----------------------------------------

    @property
    def state(self) -> PlanState:
        return self.history[-1]

    def start_plan(self, brief: CampaignBrief) -> bool:
        try:
            self.proposal = propose_allocation(brief)
        except AllocationError as exc:
            self.say(str(exc), "red")
            return False
        self.run_id = self.log.start_run(
            name=f"chat: {brief.name}", brief_text=self.text,
            brief=brief.model_dump(mode="json"), manager_model="person (chat)",
            specialist_model=self.model.choice.label)
        self._record(EntryKind.ALLOCATION, "allocator proposal", self.proposal.rationale,
                     self._allocation_data(self.proposal))
        self.history = [PlanState(brief=brief, allocation=self.proposal)]
        for line in brief.read_as().lines():
            self.say(line, "bold" if not line.startswith(" ") else "")
        self._unread(brief.not_understood)
        self.show()
        self.say("Revise the plan in plain English, 'help' for what I understand, "
                 "'book' when ready.")
        return True

    @staticmethod
    def _allocation_data(proposal: AllocationProposal) -> dict[str, Any]:
        return {"currency": proposal.currency, "source": proposal.source, "allocations": [
            {"channel": a.channel.value, "amount_micros": a.amount_micros}
            for a in proposal.allocations]}

    def show(self) -> None:
        state = self.state
        proposal = state.allocation
        table = Table(title=f"Plan: {PLAN_SOURCES.get(proposal.source, proposal.source)}")
        table.add_column("channel")
        table.add_column(f"amount {proposal.currency}", justify="right")
        table.add_column("share", justify="right")
        for a in proposal.allocations:
            share = Decimal(a.amount_micros) * 100 / proposal.budget_micros
            table.add_row(channel_words(a.channel), f"{a.amount:,.2f}", f"{share:.2f}%")
        self.console.print(table)
        brief = state.brief
        cap = (f"{from_micros(brief.max_cpm_micros):,.2f}" if brief.max_cpm_micros
               else "none")
        excluded = ", ".join(brief.excluded_sellers) or "none"
        self.say(f"CPM cap: {cap}; excluded sellers: {excluded}")

    def revise(self, revision: Revision) -> None:
        """Apply one revision through the guards; log it either way."""
        state = self.state
        try:
            new_state, note = self._apply(state, revision)
        except (AllocationGuardError, ValueError) as exc:
            self._record(EntryKind.GUARD, f"revision refused: {revision.text}", str(exc))
            self.say(f"Not applied: {exc}", "red")
            return
        self.history.append(new_state)
        self._record(EntryKind.ALLOCATION if revision.kind is RevisionKind.MOVE
                     else EntryKind.DECISION, f"revision: {revision.text}", note,
                     self._allocation_data(new_state.allocation))
        self.say(note, "green")
        self.show()

    def _apply(self, state: PlanState, revision: Revision) -> tuple[PlanState, str]:
        assert self.proposal is not None
        return apply_revision(state, revision, proposal=self.proposal, limits=self.limits,
                              check_sellers=self.check_sellers)

    def undo(self) -> None:
        if len(self.history) <= 1:
            self.say("Nothing to undo: this is the first plan.", "yellow")
            return
        undone = self.history.pop()
        self._record(EntryKind.DECISION, "revision undone",
                     f"back to the plan before: {undone.reasons[-1] if undone.reasons else ''}",
                     self._allocation_data(self.state.allocation))
        self.say("Undone.", "green")
        self.show()

    # ---- phase 3: confirm and book ------------------------------------------

    def confirm_and_book(self) -> bool:
        """Ask for explicit confirmation; book only on 'yes' or 'confirm'. True if booked."""
        state = self.state
        self.show()
        self.say(f"Book this plan: {state.brief.summary()}? This commits up to "
                 f"{from_micros(state.brief.budget_micros):,.2f} {state.brief.currency}. "
                 "Type 'yes' or 'confirm' to book; anything else cancels.", "bold yellow")
        answer = self._read()
        if answer is None or answer.lower().rstrip(".!") not in CONFIRM_WORDS:
            self._record(EntryKind.DECISION, "booking cancelled",
                         f"the planner answered {answer!r}, not yes/confirm")
            self.say("Cancelled: nothing was booked. Keep revising, or 'book' again.",
                     "bold")
            return False
        self._record(EntryKind.DECISION, "booking confirmed", f"the planner answered {answer!r}")
        self.booked = self.book(state.brief, state.allocation, self.text)
        return True

    # ---- the loop -------------------------------------------------------------

    def _understand(self, line: str) -> Revision | None:
        try:
            return parse_revision(line)
        except RevisionParseError as exc:
            if self.model.is_offline:
                self.say(str(exc), "yellow")
                return None
        try:
            revision = revision_from_model(line, self.model)
        except RevisionParseError as exc:
            self.say(str(exc), "yellow")
            return None
        except Exception as exc:  # the provider failed: say so, apply nothing
            logger.warning("model could not read a revision", exc_info=True)
            self.say(f"The model could not read that ({type(exc).__name__}); nothing was "
                     f"applied.\n{RevisionParseError(line)}", "yellow")
            return None
        self._record(EntryKind.DECISION, f"model read: {line}",
                     f"understood as {revision.kind.value}", {"model": self.model.choice.label})
        self.say(f"{self.model.choice.label} read this as: "
                 f"{revision.kind.value.replace('_', ' ')}", "dim")
        return revision

    def run(self) -> int:
        """The whole conversation; returns the process exit code."""
        brief = self.gather_brief()
        if brief is None:
            return 2
        if not self.start_plan(brief):
            return 1
        assert self.run_id is not None
        outcome, status = "ended without booking", RunStatus.COMPLETED
        while True:
            line = self._read()
            if line is None:
                break
            revision = self._understand(line)
            if revision is None:
                continue
            if revision.kind is RevisionKind.QUIT:
                break
            if revision.kind is RevisionKind.HELP:
                self.say(HELP, "")
            elif revision.kind is RevisionKind.SHOW:
                self.show()
            elif revision.kind is RevisionKind.UNDO:
                self.undo()
            elif revision.kind is RevisionKind.BOOK:
                if self.confirm_and_book():
                    run_id = getattr(self.booked, "run_id", "?")
                    outcome = f"confirmed and bought as run {run_id}"
                    self._record(EntryKind.DECISION, f"booked as run {run_id}", outcome)
                    break
            else:
                self.revise(revision)
        if self.booked is None:
            self.say("Nothing was booked.", "bold")
        self.log.finish_run(self.run_id, status, outcome)
        return 0
