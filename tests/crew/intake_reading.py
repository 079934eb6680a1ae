"""Reading one brief in the intake tests: as read (it must be), or as refused (it must be)."""

from __future__ import annotations

from datetime import date

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap, CampaignBrief

TODAY = date(2026, 12, 7)


def read_brief(text: str) -> CampaignBrief:
    brief = extract_brief(text, reference_date=TODAY)
    assert isinstance(brief, CampaignBrief), brief.describe()
    return brief


def refused_brief(text: str) -> BriefGap:
    gap = extract_brief(text, reference_date=TODAY)
    assert isinstance(gap, BriefGap), f"read, not refused: {gap}"
    return gap


# What a brief and its twin in another language must read alike
TWIN_FIELDS = ("budget_micros", "currency", "flight_start", "flight_end", "channels",
               "channel_split", "audience", "countries", "max_cpm_micros")


def twin_facts(brief: CampaignBrief) -> dict[str, object]:
    facts = brief.model_dump(include=set(TWIN_FIELDS))
    facts["channels"] = sorted(facts["channels"])
    return facts
