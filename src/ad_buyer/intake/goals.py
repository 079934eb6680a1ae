"""The campaign's goal and the KPIs a brief names ("Objective: consideration", "KPI is CPA")."""

from __future__ import annotations

import re

from ad_buyer.intake.reading import Reading
from ad_buyer.models.brief import CampaignGoal

_GOALS: list[tuple[CampaignGoal, str]] = [
    (CampaignGoal.AWARENESS, r"awareness|reach|brand\s+lift"),
    (CampaignGoal.CONSIDERATION, r"consideration|engagement|site\s+visits|video\s+completions?"),
    (CampaignGoal.PERFORMANCE, r"(?<!period\sof\s)performance|conversions?|sales|cpa|roas|"
                               r"installs?|leads?(?![\s-]+(?:up|in)\b)|"  # no "lead-up"
                               r"sign[\s-]?ups?|applications|registrations?|purchases|"
                               r"orders|acquisitions?|new\s+(?:accounts?|customers)"),
]
_GOAL_EXPLICIT = re.compile(r"\b(?:goal|objective)\s*(?:is|:)?\s*(\w+)", re.IGNORECASE)
_KPI_WORDS = re.compile(
    r"\b(vcr|ctr|cpa|cpcv|roas|viewability|completion\s+rate|reach|frequency|brand\s+lift)\b",
    re.IGNORECASE,
)


def read_goal_and_kpis(text: str, reading: Reading) -> None:
    explicit = _GOAL_EXPLICIT.search(text)
    chosen: CampaignGoal | None = None
    if explicit:
        reading.mark_match(explicit)
        for goal, words in _GOALS:
            if re.fullmatch(words, explicit.group(1), re.IGNORECASE):
                chosen = goal
    if chosen is None:
        hits = []
        for goal, words in _GOALS:
            m = re.search(rf"\b(?:{words})\b", text, re.IGNORECASE)
            if m:
                reading.mark_match(m)
                hits.append((m.start(), goal))
        if hits:
            hits.sort(key=lambda h: h[0])
            chosen = hits[0][1]
            if len(hits) > 1:
                others = ", ".join(g.value for _, g in hits[1:])
                reading.assume(
                    f"goal read as {chosen.value}, the first mentioned (also mentioned: {others})"
                )
        else:
            chosen = CampaignGoal.AWARENESS
            reading.assume("no goal stated: awareness assumed")
    reading.facts["goal"] = chosen
    kpis: list[str] = []
    for m in _KPI_WORDS.finditer(text):
        reading.mark_match(m)
        kpi = re.sub(r"\s+", " ", m.group(1).lower())
        if kpi not in kpis:
            kpis.append(kpi)
    if kpis:
        reading.facts["kpis"] = kpis
