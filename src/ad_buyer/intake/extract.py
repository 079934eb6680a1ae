"""Brief intake: plain-English brief text in, a validated ``CampaignBrief`` or a gap list out.

Offline (no model, or the offline model) the brief is read by rules
(:mod:`ad_buyer.intake.rules`). With a real model, the model returns JSON
that pydantic validates; output that does not validate is rejected with a
clear error, never repaired by guessing.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ad_buyer.definition_files import PromptTemplate, definitions_root
from ad_buyer.intake import rules
from ad_buyer.intake.flight_text import check_flight
from ad_buyer.intake.names import generated_name
from ad_buyer.intake.tables import tables_as_lines
from ad_buyer.intake.unread import IGNORE_ANSWERS, PLACES_NAMED, UNREAD_FIELD, unread_issues
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
    from ad_buyer.llm.gateway import ChatModel

logger = logging.getLogger(__name__)

REQUIRED_FACTS = ("budget", "flight_dates", "channels")


def _answer_budget(answer: str, reading: rules.Reading) -> None:
    # A bare "250k" is the budget here: the question asked for one.
    text = rules.read_max_cpm(answer, rules.Reading(reference=reading.reference))
    if re.fullmatch(r"\s*-?[\d.,]+\s*(?:k|m|mm|thousand|million|grand)?\s*", text,
                    re.IGNORECASE):
        text = f"budget {text.strip()}"
    rules.read_budget(text, reading)


def _answer_flight(answer: str, reading: rules.Reading) -> None:
    rules.read_flight(answer, reading)


def _answer_channels(answer: str, reading: rules.Reading) -> None:
    rules.read_channels(answer, reading)


def _answer_max_cpm(answer: str, reading: rules.Reading) -> None:
    # A bare "$30" is a CPM here: the question asked for one.
    rules.read_max_cpm(f"CPM cap {answer}", reading)


def _answer_split(answer: str, reading: rules.Reading) -> None:
    rules.read_split(answer, reading)


def _answer_sellers(answer: str, reading: rules.Reading) -> None:
    if answer.strip().lower() in {"none", "no", "nobody", "any", "all"}:
        reading.facts.update(excluded_sellers=[], included_sellers=[])
        return
    rules.read_sellers(answer, reading)
    if "excluded_sellers" not in reading.facts and "included_sellers" not in reading.facts:
        reading.issue("sellers", GapKind.INVALID,
                      f"no seller read in {answer.strip()!r}; say 'exclude X' or 'only X'")
        return
    reading.facts.setdefault("excluded_sellers", [])
    reading.facts.setdefault("included_sellers", [])


def _answer_name(answer: str, reading: rules.Reading) -> None:
    # A plain answer is the name: the question asked for one ("Campaign:" is optional).
    name = re.sub(r"^\s*(?:campaign(?:\s+name)?|name)\s*:\s*", "", answer, flags=re.IGNORECASE)
    name = name.strip().strip("\"'“”‘’").strip()
    if name:
        reading.facts["name"] = name[:200]
    else:
        reading.issue("name", GapKind.MISSING, "no name given")


_AnswerReader = Callable[[str, rules.Reading], None]
# Facts a planner's answer can settle on its own, and the issue fields each replaces.
ANSWER_READERS: dict[str, tuple[_AnswerReader, frozenset[str]]] = {
    "budget": (_answer_budget, frozenset({"budget", "currency"})),
    "currency": (_answer_budget, frozenset({"budget", "currency"})),
    "flight_dates": (_answer_flight, frozenset({"flight_dates"})),
    "channels": (_answer_channels, frozenset({"channels", "channel_split"})),
    "max_cpm": (_answer_max_cpm, frozenset({"max_cpm"})),
    "channel_split": (_answer_split, frozenset({"channel_split"})),
    "sellers": (_answer_sellers, frozenset({"sellers"})),
    "name": (_answer_name, frozenset({"name"})),
}


class BriefExtractionError(ValueError):
    """A model's brief extraction was not valid JSON for the expected schema."""


def extract_brief(
    text: str,
    llm: ChatModel | None = None,
    *,
    reference_date: date | None = None,
    answers: Mapping[str, str] | None = None,
    allow_past: bool = False,
) -> CampaignBrief | BriefGap:
    """Read a brief. Returns the brief, or a :class:`BriefGap` naming what is missing.

    ``reference_date`` is today for the reading: it resolves years a brief
    leaves out ('Q3', 'July-September': their next occurrence) and every such
    resolution is listed in ``assumptions``. A flight must end after it, and may
    start before it only with ``allow_past`` (the sandbox's ``--allow-past``).
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
    if isinstance(reference, str):  # "2026-12-07" from a YAML or JSON caller
        reference = date.fromisoformat(reference)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows and old Mac line ends
    ignore_unread = answers.pop(UNREAD_FIELD, "").strip().lower() in IGNORE_ANSWERS
    if llm is None or llm.is_offline:
        result = _extract_by_rules(text, reference, answers, allow_past)
    else:
        result = _extract_with_model(text, llm, reference, allow_past)
    return result if ignore_unread else _stop_on_unread(result)


def _stop_on_unread(result: CampaignBrief | BriefGap) -> CampaignBrief | BriefGap:
    """An unread part that carries money, a CPM, a place, a date or an audience stops
    the brief (:mod:`ad_buyer.intake.unread`): never silently dropped."""
    # A place is never settled: "US, plus a few towns near the lake" adds to it.
    settled: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()
    ages: frozenset[int] = frozenset()
    flight = None
    if isinstance(result, CampaignBrief):
        flight = (result.flight_start, result.flight_end)
        audience = result.audience
        settled = frozenset(kind for kind, known in (
            ("money", True), ("a date", True), ("a CPM", result.max_cpm_micros is not None),
            ("an audience", audience != AudienceSpec()),
            (PLACES_NAMED, bool(result.countries or result.dmas or result.regions))) if known)
        years = frozenset({result.flight_start.year, result.flight_end.year})
        ages = frozenset(a for a in (audience.age_min, audience.age_max) if a is not None)
    issues = unread_issues(result.not_understood, settled, years, ages, flight)
    if not issues:
        return result
    if isinstance(result, BriefGap):
        return result.model_copy(update={"issues": [*result.issues, *issues]})
    return BriefGap(issues=issues, assumptions=list(result.assumptions),
                    not_understood=list(result.not_understood))


def require_brief(result: CampaignBrief | BriefGap) -> CampaignBrief:
    """The brief, or :class:`BriefIncompleteError` listing the gaps (before any seller call)."""
    if isinstance(result, BriefGap):
        raise BriefIncompleteError(result)
    return result


def _apply_answers(reading: rules.Reading, answers: Mapping[str, str]) -> None:
    for name, answer in answers.items():
        entry = ANSWER_READERS.get(name)
        if entry is None:
            raise ValueError(f"no rule reads an answer for {name!r}; add it to the brief text")
        reader, replaces = entry
        reading.issues = [i for i in reading.issues if i.field not in replaces]
        sub = rules.Reading(reference=reading.reference, allow_past=reading.allow_past,
                            facts={"channels": reading.facts.get("channels", [])})
        reader(answer, sub)
        reading.facts.update(sub.facts)
        reading.issues += sub.issues
        reading.assumptions += sub.assumptions
        reading.assume(f"{name} as the planner answered: {answer.strip()}")
    if answers:  # an answer may settle a fact another one depends on (a split's channels)
        _recheck_split(reading)


def _recheck_split(reading: rules.Reading) -> None:
    split = reading.facts.get("channel_split")
    channels = reading.facts.get("channels")
    if split and channels and set(split) != set(channels):
        reading.facts.pop("channel_split")
        reading.issue("channel_split", GapKind.CONTRADICTORY,
                      "the split does not cover the brief's channels "
                      f"({', '.join(c.value for c in channels)})")


def _extract_by_rules(text: str, reference: date, answers: Mapping[str, str] | None = None,
                      allow_past: bool = False) -> CampaignBrief | BriefGap:
    reading = rules.Reading(reference=reference, allow_past=allow_past)
    rules.read_all(tables_as_lines(text), reading)  # a pasted sheet: its cells, labelled
    _apply_answers(reading, answers or {})
    unread = reading.facts.pop("not_understood", [])
    if reading.issues:
        return BriefGap(issues=reading.issues, assumptions=reading.assumptions,
                        not_understood=unread)
    return _validated({**reading.facts, "assumptions": reading.assumptions,
                       "not_understood": unread}, reading.assumptions)


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
    included_sellers: list[str] = Field(default_factory=list)
    channel_split: dict[Channel, Decimal] = Field(
        default_factory=dict, description="percent per channel when the brief states a split")
    max_seller_share_pct: Decimal | None = Field(
        default=None, description="the largest percent of a channel one seller may take, "
                                  "when the brief states one ('no seller above 30%')")
    no_seller_share_cap: bool = Field(
        default=False, description="true when the brief asks for no per-seller cap")
    notes: str = ""
    assumptions: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list, description="facts the brief does not state")
    contradictions: list[str] = Field(default_factory=list)
    ambiguities: list[str] = Field(
        default_factory=list, description="facts with more than one reading (e.g. 03/04/2027)")
    not_understood: list[str] = Field(
        default_factory=list, description="parts of the brief you could not read")


def brief_intake_prompt(reference: date, schema: str) -> str:
    path = definitions_root() / "prompts" / "brief_intake.md"
    template = PromptTemplate(name="brief_intake", text=path.read_text(encoding="utf-8"))
    return template.render(reference_date=reference.isoformat(), schema=schema)


def _extract_with_model(text: str, llm: ChatModel, reference: date,
                        allow_past: bool = False) -> CampaignBrief | BriefGap:
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
    issues += [BriefIssue(field="brief", kind=GapKind.AMBIGUOUS, message=a)
               for a in reading.ambiguities]
    if reading.budget is not None and reading.budget <= 0:
        issues.append(BriefIssue(field="budget", kind=GapKind.INVALID,
                                 message=f"budget {reading.budget} is not positive"))
    if reading.flight_start and reading.flight_end:
        dates = rules.Reading(reference=reference, allow_past=allow_past)
        check_flight(reading.flight_start, reading.flight_end, dates)
        issues += dates.issues
    required = {"budget": reading.budget, "flight_dates": reading.flight_start
                and reading.flight_end, "channels": reading.channels}
    issues += [BriefIssue(field=f, kind=GapKind.MISSING, message="not stated")
               for f, value in required.items() if not value and f not in reading.missing]
    if issues:
        return BriefGap(issues=issues, assumptions=reading.assumptions,
                        not_understood=reading.not_understood)
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
        "included_sellers": reading.included_sellers, "channel_split": reading.channel_split,
        "max_seller_share_pct": reading.max_seller_share_pct,
        "no_seller_share_cap": reading.no_seller_share_cap,
        "notes": reading.notes, "assumptions": list(reading.assumptions),
        "not_understood": reading.not_understood,
    }
    assumptions = facts["assumptions"]
    assert isinstance(assumptions, list)
    if reading.name is None and reading.channels and reading.flight_start:
        facts["name"] = generated_name(reading.channels, reading.goal or CampaignGoal.AWARENESS,
                                       reading.flight_start)
        assumptions.append(f"no campaign name given: named {facts['name']!r} (channel, goal, "
                           "start month)")
    if reading.currency is None:
        assumptions.append("no currency stated: USD assumed")
    if reading.goal is None:
        assumptions.append("no goal stated: awareness assumed")
    return _validated(facts, assumptions)
