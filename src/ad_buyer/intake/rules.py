"""Rule-based brief reading: the offline model's brief intake.

Each reader finds one kind of fact in plain-English brief text, reports what
it inferred (``assumptions``) and what it could not settle (``issues``), and
marks what it read. Nothing is guessed: two different budgets or flights are a
contradiction, an ambiguous date or number is asked about, never picked. The
readers live by job: money (:mod:`~ad_buyer.intake.money`), dates
(:mod:`~ad_buyer.intake.dates`), audience (:mod:`~ad_buyer.intake.audience`),
channels and split (:mod:`~ad_buyer.intake.channels`), sellers
(:mod:`~ad_buyer.intake.sellers`), the name (:mod:`~ad_buyer.intake.names`);
places (:mod:`~ad_buyer.intake.places`); goal, KPIs, deal types and notes
are read here. :func:`read_all` runs them in order.
"""

from __future__ import annotations

import re

from ad_buyer.intake.audience import read_audience
from ad_buyer.intake.channels import read_channels, read_split
from ad_buyer.intake.corrections import read_corrections
from ad_buyer.intake.cpm_caps import read_max_cpm
from ad_buyer.intake.dates import read_flight
from ad_buyer.intake.left_open import read_left_open
from ad_buyer.intake.money import read_budget, settle_rate
from ad_buyer.intake.moved_ends import apply_moved_ends
from ad_buyer.intake.names import read_name, without_name_label
from ad_buyer.intake.noise import read_noise
from ad_buyer.intake.places import read_places
from ad_buyer.intake.reading import Reading, not_understood
from ad_buyer.intake.seller_share import read_seller_share
from ad_buyer.intake.sellers import read_sellers
from ad_buyer.intake.thread import read_thread
from ad_buyer.intake.transcript import read_transcript
from ad_buyer.models.brief import CampaignGoal
from ad_buyer.models.buyer_identity import DealType

__all__ = ["Reading", "read_all", "read_audience", "read_budget",
           "read_channels", "read_flight", "read_max_cpm", "read_sellers", "read_split"]



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


_DEAL_WORDS = [
    (DealType.PROGRAMMATIC_GUARANTEED, r"PG|(?i:programmatic\s+guaranteed)"),
    (DealType.PREFERRED_DEAL, r"PD|(?i:preferred\s+deals?)"),
    (DealType.PRIVATE_AUCTION, r"PA|(?i:pmps?|private\s+auctions?|private\s+marketplaces?)"),
]


_NOT_DEAL = re.compile(r"\b(?i:no|not|without|excluding|exclude|except|avoid|skip)\s+$")


def read_deal_types(text: str, reading: Reading) -> None:
    deal_types = []
    for deal_type, words in _DEAL_WORDS:
        matches = list(re.finditer(rf"\b(?:{words})\b", text))
        for m in matches:
            reading.mark_match(m)
        wanted = [m for m in matches if not _NOT_DEAL.search(text[max(0, m.start() - 12):
                                                                   m.start()])]
        if wanted:
            deal_types.append(deal_type)
        elif matches:
            reading.assume(f"{deal_type.value} deals excluded: the brief says "
                           f"{text[max(0, matches[0].start() - 4):matches[0].end()].strip()!r}")
    if deal_types:
        reading.facts["deal_types"] = deal_types


_NOTES = re.compile(r"^\s*notes?\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)


def read_notes(text: str, reading: Reading) -> None:
    notes = _NOTES.search(text)
    if notes:
        reading.mark_match(notes)
        reading.facts["notes"] = notes.group(1).strip()


def read_all(text: str, reading: Reading) -> None:
    """Every reader, in the order their facts depend on each other."""
    original = text
    text = read_thread(text, reading)  # mail headers and quote marks are not the brief
    text = read_transcript(text, reading)  # "Jess: Dates?": who speaks and asks is no fact
    text = read_noise(text, reading)  # signatures, meeting asks, specs: not the brief
    text = read_left_open(text, reading)  # "Max CPM: n/a" states no CPM
    text = read_corrections(text, reading)  # "make that $400k": the correction stands
    text = read_seller_share(text, reading)  # its percent is no split, budget or CPM
    remaining = read_max_cpm(text, reading)
    remaining = read_audience(remaining, reading)
    read_budget(remaining, reading)
    unnamed = without_name_label(text)  # "Campaign: CTV Blitz Q3" names, it asks nothing
    read_flight(unnamed, reading)
    apply_moved_ends(reading)  # "P.S. start on April 12 instead": the flight's start moves
    settle_rate(reading)  # "$75k per month": times the flight's months
    read_channels(unnamed, reading)
    read_split(unnamed, reading)
    read_places(unnamed, reading)
    read_goal_and_kpis(unnamed, reading)
    read_deal_types(unnamed, reading)
    read_sellers(text, reading)
    read_notes(text, reading)
    read_name(text, reading)
    reading.facts["not_understood"] = not_understood(original, reading.spans)
