"""Brief intake: plain-English brief text in, a validated ``CampaignBrief`` or a gap list out.

Offline (no model, or the offline model) the brief is read by rules
(:mod:`ad_buyer.crew.brief_rules`). With a real model, the model returns JSON
that pydantic validates; output that does not validate is rejected with a
clear error, never repaired by guessing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ad_buyer.crew import brief_rules as rules
from ad_buyer.crew.definitions import PromptTemplate
from ad_buyer.crew.paths import definitions_root
from ad_buyer.models.brief import (
    AudienceSpec,
    BriefGap,
    BriefIncompleteError,
    BriefIssue,
    CampaignBrief,
    CampaignGoal,
    Channel,
    GapKind,
)
from ad_buyer.models.buyer_identity import DealType
from ad_buyer.models.money import Currency, to_micros

if TYPE_CHECKING:  # the model gateway pulls in CrewAI; import it only for types
    from ad_buyer.crew.llm import ChatModel

logger = logging.getLogger(__name__)

REQUIRED_FACTS = ("budget", "flight_dates", "channels")


def _answer_budget(answer: str, _reference: date, reading: rules.Reading) -> None:
    rules.read_budget(rules.read_max_cpm(answer, rules.Reading()), reading)


def _answer_flight(answer: str, reference: date, reading: rules.Reading) -> None:
    rules.read_flight(answer, reference, reading)


def _answer_channels(answer: str, _reference: date, reading: rules.Reading) -> None:
    rules.read_channels(answer, reading)


def _answer_max_cpm(answer: str, _reference: date, reading: rules.Reading) -> None:
    # A bare "$30" is a CPM here: the question asked for one.
    rules.read_max_cpm(f"CPM cap {answer}", reading)


_AnswerReader = Callable[[str, date, rules.Reading], None]
# Facts a planner's answer can settle on its own, and the issue fields each replaces.
ANSWER_READERS: dict[str, tuple[_AnswerReader, frozenset[str]]] = {
    "budget": (_answer_budget, frozenset({"budget", "currency"})),
    "currency": (_answer_budget, frozenset({"budget", "currency"})),
    "flight_dates": (_answer_flight, frozenset({"flight_dates"})),
    "channels": (_answer_channels, frozenset({"channels"})),
    "max_cpm": (_answer_max_cpm, frozenset({"max_cpm"})),
}


class BriefExtractionError(ValueError):
    """A model's brief extraction was not valid JSON for the expected schema."""


def extract_brief(
    text: str,
    llm: ChatModel | None = None,
    *,
    reference_date: date | None = None,
    answers: Mapping[str, str] | None = None,
) -> CampaignBrief | BriefGap:
    """Read a brief. Returns the brief, or a :class:`BriefGap` naming what is missing.

    ``reference_date`` resolves years a brief leaves out ('Q3'); it defaults
    to today and every such resolution is listed in ``assumptions``.
    ``answers`` maps a gap's field (``budget``, ``flight_dates``, ...) to the
    planner's answer to it; an answer replaces what the brief said on that fact.
    """
    answers = dict(answers or {})
    if answers and llm is not None and not llm.is_offline:
        text = text + "\n\nThe planner's answers (they override the brief where they " \
            "differ):\n" + "\n".join(f"- {k}: {v}" for k, v in answers.items())
        answers = {}
    if not text or not text.strip():
        return BriefGap(issues=[BriefIssue(field=f, kind=GapKind.MISSING, message="empty brief")
                                for f in REQUIRED_FACTS])
    reference = reference_date or date.today()
    if llm is None or llm.is_offline:
        return _extract_by_rules(text, reference, answers)
    return _extract_with_model(text, llm, reference)


def require_brief(result: CampaignBrief | BriefGap) -> CampaignBrief:
    """The brief, or :class:`BriefIncompleteError` listing the gaps (before any seller call)."""
    if isinstance(result, BriefGap):
        raise BriefIncompleteError(result)
    return result


def _apply_answers(reading: rules.Reading, answers: Mapping[str, str], reference: date) -> None:
    for name, answer in answers.items():
        entry = ANSWER_READERS.get(name)
        if entry is None:
            raise ValueError(f"no rule reads an answer for {name!r}; add it to the brief text")
        reader, replaces = entry
        reading.issues = [i for i in reading.issues if i.field not in replaces]
        sub = rules.Reading()
        reader(answer, reference, sub)
        reading.facts.update(sub.facts)
        reading.issues += sub.issues
        reading.assumptions += sub.assumptions
        reading.assumptions.append(f"{name} as the planner answered: {answer.strip()}")


def _extract_by_rules(text: str, reference: date,
                      answers: Mapping[str, str] | None = None) -> CampaignBrief | BriefGap:
    reading = rules.Reading()
    remaining = rules.read_max_cpm(text, reading)
    rules.read_budget(remaining, reading)
    rules.read_flight(text, reference, reading)
    rules.read_channels(text, reading)
    rules.read_audience(text, reading)
    rules.read_geo(text, reading)
    rules.read_goal_and_kpis(text, reading)
    rules.read_deal_types_and_exclusions(text, reading)
    rules.read_name_and_notes(text, reading)
    _apply_answers(reading, answers or {}, reference)
    if reading.issues:
        return BriefGap(issues=reading.issues, assumptions=reading.assumptions)
    return _validated({**reading.facts, "assumptions": reading.assumptions}, reading.assumptions)


def _validated(facts: dict[str, object], assumptions: list[str]) -> CampaignBrief | BriefGap:
    try:
        return CampaignBrief.model_validate(facts)
    except ValidationError as exc:
        issues = [
            BriefIssue(field=".".join(str(p) for p in err["loc"]) or "brief",
                       kind=GapKind.INVALID, message=err["msg"])
            for err in exc.errors()
        ]
        return BriefGap(issues=issues, assumptions=assumptions)


class ModelBriefReading(BaseModel):
    """The JSON a real model must return for a brief (natural units, ISO dates)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    budget: Decimal | None = Field(default=None, description="total budget in currency units")
    currency: Currency | None = None
    flight_start: date | None = None
    flight_end: date | None = None
    channels: list[Channel] = Field(default_factory=list)
    goal: CampaignGoal | None = None
    kpis: list[str] = Field(default_factory=list)
    audience: AudienceSpec | None = None
    countries: list[str] = Field(default_factory=list)
    dmas: list[str] = Field(default_factory=list)
    max_cpm: Decimal | None = None
    deal_types: list[DealType] = Field(default_factory=list)
    excluded_sellers: list[str] = Field(default_factory=list)
    notes: str = ""
    assumptions: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list, description="facts the brief does not state")
    contradictions: list[str] = Field(default_factory=list)


def brief_intake_prompt(reference: date, schema: str) -> str:
    path = definitions_root() / "prompts" / "brief_intake.md"
    template = PromptTemplate(name="brief_intake", text=path.read_text(encoding="utf-8"))
    return template.render(reference_date=reference.isoformat(), schema=schema)


def _extract_with_model(text: str, llm: ChatModel, reference: date) -> CampaignBrief | BriefGap:
    schema = json.dumps(ModelBriefReading.model_json_schema(), sort_keys=True)
    system = brief_intake_prompt(reference, schema)
    reply = llm.complete(
        [{"role": "system", "content": system}, {"role": "user", "content": text}],
        json_output=True, purpose="brief_intake",
    )
    try:
        reading = ModelBriefReading.model_validate_json(reply.text)
    except ValidationError as exc:
        raise BriefExtractionError(
            f"model {llm.choice.model} returned a brief that does not validate; "
            f"nothing was guessed:\n{exc}"
        ) from exc
    issues = [BriefIssue(field=f, kind=GapKind.MISSING, message="the model found no value")
              for f in reading.missing]
    issues += [BriefIssue(field="brief", kind=GapKind.CONTRADICTORY, message=c)
               for c in reading.contradictions]
    required = {"budget": reading.budget, "flight_dates": reading.flight_start
                and reading.flight_end, "channels": reading.channels}
    issues += [BriefIssue(field=f, kind=GapKind.MISSING, message="not stated")
               for f, value in required.items() if not value and f not in reading.missing]
    if issues:
        return BriefGap(issues=issues, assumptions=reading.assumptions)
    facts: dict[str, object] = {
        "name": reading.name or "Untitled campaign",
        "budget_micros": to_micros(reading.budget),  # type: ignore[arg-type]
        "currency": reading.currency or "USD",
        "flight_start": reading.flight_start, "flight_end": reading.flight_end,
        "channels": reading.channels, "goal": reading.goal or CampaignGoal.AWARENESS,
        "kpis": reading.kpis, "audience": reading.audience or AudienceSpec(),
        "countries": reading.countries, "dmas": reading.dmas,
        "max_cpm_micros": to_micros(reading.max_cpm) if reading.max_cpm is not None else None,
        "deal_types": reading.deal_types, "excluded_sellers": reading.excluded_sellers,
        "notes": reading.notes, "assumptions": list(reading.assumptions),
    }
    assumptions = facts["assumptions"]
    assert isinstance(assumptions, list)
    if reading.name is None:
        assumptions.append("the model found no campaign name")
    if reading.currency is None:
        assumptions.append("no currency stated: USD assumed")
    if reading.goal is None:
        assumptions.append("no goal stated: awareness assumed")
    return _validated(facts, assumptions)
