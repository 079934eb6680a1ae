"""What a run learns before any seller call: models checked, brief read, sellers checked.

1. Every configured real model answers a check call (:mod:`ad_buyer.llm.check`).
2. The brief is read (rules offline, validated JSON with a model); a brief from a
   confirmed chat is taken as it is.
3. The brief's seller names and currency are checked against the registry listing
   (:mod:`ad_buyer.intake.seller_check`).

Any of these can stop the run (failed, or blocked with the list of what is
missing); every model call made here and the reason are in the rationale log.
The whole phase is one durable step of a run.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from ad_buyer.events.log import EntryKind, RationaleLog, RunStatus
from ad_buyer.intake.extract import BriefExtractionError, extract_brief
from ad_buyer.intake.read_ahead import read_as_lines
from ad_buyer.intake.seller_check import check_sellers
from ad_buyer.llm.check import ModelUnavailable, check_models
from ad_buyer.llm.gateway import ModelChoice, ModelTier, UsageLedger, chat_model
from ad_buyer.models.brief import BriefGap, CampaignBrief
from ad_buyer.orchestration.seller_scope import SellerScope

logger = logging.getLogger(__name__)


class IntakeOutcome(BaseModel):
    """The brief a run buys against, or why it stops before any seller call."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    status: RunStatus
    brief: CampaignBrief | None = None
    gap: BriefGap | None = None
    scope: SellerScope | None = None
    report: str = ""
    reader: str = ""
    # What the reader took and assumed, shown before any seller call.
    read_as: list[str] = []

    @property
    def proceeds(self) -> bool:
        return self.status is RunStatus.RUNNING


def log_calls(log: RationaleLog, run_id: str, ledger: UsageLedger, *,
              agent: str = "brief intake") -> None:
    """Every model call outside the crew, paid for whether or not its reply was usable."""
    for call in ledger.calls:
        log.record(run_id, EntryKind.LLM_CALL, agent=agent, model=call.model,
                   summary=f"{call.purpose} call", prompt_tokens=call.prompt_tokens,
                   completion_tokens=call.completion_tokens, cost_usd=call.cost_usd,
                   duration_ms=call.duration_ms)


def _stopped(log: RationaleLog, run_id: str, status: RunStatus, reason: str, *,
             agent: str, model: str, summary: str, data: dict[str, Any] | None = None,
             **outcome: Any) -> IntakeOutcome:
    log.record(run_id, EntryKind.DECISION, agent=agent, model=model, summary=summary,
               rationale=reason, data=data)
    log.finish_run(run_id, status, reason)
    return IntakeOutcome(status=status, report=reason, **outcome)


def resolved_lines(lines: list[str], scope: SellerScope) -> list[str]:
    """The "read as" lines with each seller the planner named shown as the seller it
    matched ("'Primtime Netwrks' -> PrimeTime Networks (primetime) (close spelling)")."""
    labels = {"excluded sellers": scope.excluded, "only sellers": scope.included}
    out = []
    for line in lines:
        for label, matches in labels.items():
            if matches and line.strip().startswith(label + " "):
                head = line[:line.index(label) + len(label)]
                width = len(line) - len(line[len(head):].lstrip()) - len(head)
                line = head + " " * width + "; ".join(m.describe() for m in matches)
        out.append(line)
    return out


def take_brief(log: RationaleLog, run_id: str, brief_text: str, *, desks: Any,
               models: tuple[ModelChoice, ModelChoice], env: Mapping[str, str] | None,
               reference_date: date | None, allow_past: bool,
               brief: CampaignBrief | None) -> IntakeOutcome:
    """Check the models, read the brief, check its sellers; log each, say if it stops."""
    checks = UsageLedger()
    try:
        check_models(list(models), checks)
    except ModelUnavailable as exc:
        log_calls(log, run_id, checks, agent="model check")
        return _stopped(log, run_id, RunStatus.FAILED,
                        f"run stopped before any seller call: {exc}", agent="run",
                        model="deterministic",
                        summary="run stopped: a configured model cannot be used")
    log_calls(log, run_id, checks, agent="model check")
    ledger = UsageLedger()
    reader = chat_model(ModelTier.SPECIALIST, ledger, dict(env) if env is not None else None)
    label = reader.choice.label
    try:
        reading = brief or extract_brief(brief_text, reader, reference_date=reference_date,
                                         allow_past=allow_past)
    except Exception as exc:
        log_calls(log, run_id, ledger)
        reason = f"brief intake failed ({label}): {exc}"
        # A reply that does not validate is expected; anything else deserves a traceback.
        logger.warning("run %s: %s", run_id, reason,
                       exc_info=not isinstance(exc, BriefExtractionError))
        return _stopped(log, run_id, RunStatus.FAILED, reason, agent="brief intake",
                        model=label, summary="run stopped: brief intake failed",
                        data={"error_type": type(exc).__name__}, reader=label)
    log_calls(log, run_id, ledger)
    read = reading if isinstance(reading, CampaignBrief) else None
    shown = read_as_lines(reading, label)
    scope = check_sellers(desks, read) if read is not None else None
    if isinstance(scope, SellerScope):  # show what each name resolved to
        shown = resolved_lines(shown, scope)
    if isinstance(scope, BriefGap):  # an unknown seller or a currency no seller sells
        reading = scope
    if isinstance(reading, BriefGap):
        return _stopped(log, run_id, RunStatus.BLOCKED, reading.describe(),
                        agent="brief intake", model=label,
                        summary="run stopped: the brief has gaps",
                        data=reading.model_dump(mode="json"), gap=reading, reader=label,
                        read_as=shown)
    log.update_run(run_id, name=reading.name, brief=reading.model_dump(mode="json"))
    return IntakeOutcome(status=RunStatus.RUNNING, brief=reading, reader=label, read_as=shown,
                         scope=scope if isinstance(scope, SellerScope) else None)
