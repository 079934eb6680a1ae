"""Reading one brief in the intake tests: as read (it must be), or as refused (it must be)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap, CampaignBrief
from ad_buyer.models.money import from_micros

TODAY = date(2026, 12, 7)

# A brief that states every required fact, for cases that add text around it.
CORE = "$120k CTV, Q2 2027, adults 25-54, US."
# The start of a brief that states everything but its flight, for the date cases.
US_BRIEF_WITHOUT_FLIGHT = "$200k CTV, US adults 25-54. "
# The end of a brief that states everything but its money, for the money cases.
BRIEF_WITHOUT_MONEY = " CTV, Q2 2027, adults 25-54."


def read_brief(text: str) -> CampaignBrief:
    brief = extract_brief(text, reference_date=TODAY)
    assert isinstance(brief, CampaignBrief), brief.describe()
    return brief


def refused_brief(text: str) -> BriefGap:
    gap = extract_brief(text, reference_date=TODAY)
    assert isinstance(gap, BriefGap), f"read, not refused: {gap}"
    return gap


def read_flight(text: str) -> tuple[date, date]:
    brief = read_brief(text)
    return brief.flight_start, brief.flight_end


def flight_refusal(text: str) -> str:
    """What the refusal of ``text`` says about its flight dates."""
    gap = refused_brief(text)
    return " ".join(i.message for i in gap.issues if i.field == "flight_dates")


def assert_core_read(brief: CampaignBrief) -> None:
    """``brief`` holds the facts of ``CORE``, whatever text was around it."""
    assert brief.budget_micros == 120_000_000_000
    assert (brief.flight_start, brief.flight_end) == (date(2027, 4, 1), date(2027, 6, 30))
    assert [c.value for c in brief.channels] == ["ctv"]
    assert (brief.audience.age_min, brief.audience.age_max) == (25, 54)
    assert brief.countries == ["US"]


def stated_fields(brief: CampaignBrief) -> dict[str, Any]:
    """The fields a planner states, as read: money in units, lists in the order read."""
    return {
        "budget": from_micros(brief.budget_micros), "currency": brief.currency,
        "start": brief.flight_start, "end": brief.flight_end,
        "channels": [c.value for c in brief.channels],
        "split": {c.value: p for c, p in brief.channel_split.items()},
        "max_cpm": from_micros(brief.max_cpm_micros) if brief.max_cpm_micros else None,
        "countries": brief.countries, "regions": brief.regions, "dmas": brief.dmas,
        "excluded": brief.excluded_sellers, "included": brief.included_sellers,
        "name": brief.name, "goal": brief.goal.value,
        "age_min": brief.audience.age_min, "age_max": brief.audience.age_max,
        "interests": brief.audience.interests,
        "deal_types": [d.value for d in brief.deal_types],
    }


def comparable_fields(brief: CampaignBrief) -> dict[str, Any]:
    """The channel, place, seller and audience fields: places sorted, sellers lower-cased."""
    return {
        "channels": [c.value for c in brief.channels],
        "split": {c.value: p for c, p in brief.channel_split.items()},
        # places compare as sets: their order carries no meaning
        "countries": sorted(brief.countries), "regions": sorted(brief.regions),
        "dmas": sorted(brief.dmas),
        "excluded": [s.lower() for s in brief.excluded_sellers],
        "included": [s.lower() for s in brief.included_sellers],
        "gender": brief.audience.gender.value,
        "age_min": brief.audience.age_min, "age_max": brief.audience.age_max,
        "household": [h.value for h in brief.audience.household],
        "interests": brief.audience.interests,
    }


def assert_read(text: str, want: dict[str, Any]) -> CampaignBrief:
    """The brief read from ``text`` has the fields in ``want``; places compare as sets."""
    brief = read_brief(text)
    got = comparable_fields(brief)
    want = {k: sorted(v) if k in ("countries", "regions", "dmas") else v for k, v in want.items()}
    assert {k: got[k] for k in want} == want, brief.assumptions
    return brief


# What a brief and its twin in another language must read alike
TWIN_FIELDS = ("budget_micros", "currency", "flight_start", "flight_end", "channels",
               "channel_split", "audience", "countries", "max_cpm_micros")


def twin_facts(brief: CampaignBrief) -> dict[str, object]:
    facts = brief.model_dump(include=set(TWIN_FIELDS))
    facts["channels"] = sorted(facts["channels"])
    return facts
