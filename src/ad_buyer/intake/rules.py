"""Rule-based brief reading: the offline model's brief intake.

Each reader finds one kind of fact in plain-English brief text, reports what
it inferred (``assumptions``) and what it could not settle (``issues``), and
marks what it read. Nothing is guessed: two different budgets or flights are a
contradiction, an ambiguous date or number is asked about, never picked. The
readers live by job: money (:mod:`~ad_buyer.intake.money`), dates
(:mod:`~ad_buyer.intake.dates`), audience (:mod:`~ad_buyer.intake.audience`),
channels and split (:mod:`~ad_buyer.intake.channels`), sellers
(:mod:`~ad_buyer.intake.sellers`), the name (:mod:`~ad_buyer.intake.names`);
places (:mod:`~ad_buyer.intake.places`); goal and KPIs (:mod:`~ad_buyer.intake.goals`),
deal types (:mod:`~ad_buyer.intake.deal_types`); notes are read here.
:func:`read_all` runs them in order.
"""

from __future__ import annotations

import re

from ad_buyer.intake.audience import read_audience
from ad_buyer.intake.background import read_background
from ad_buyer.intake.budget_rate import settle_rate
from ad_buyer.intake.channels import read_channels
from ad_buyer.intake.company_names import without_company_names
from ad_buyer.intake.corrections import read_corrections
from ad_buyer.intake.cpm_caps import read_max_cpm
from ad_buyer.intake.dates import read_flight
from ad_buyer.intake.deal_types import read_deal_types
from ad_buyer.intake.goals import read_goal_and_kpis, without_kpi_targets
from ad_buyer.intake.kids import check_children, without_kids_content
from ad_buyer.intake.languages import read_languages
from ad_buyer.intake.left_open import read_left_open
from ad_buyer.intake.money import read_budget
from ad_buyer.intake.moved_ends import apply_moved_ends
from ad_buyer.intake.names import read_name, without_name_label
from ad_buyer.intake.noise import read_noise
from ad_buyer.intake.person_months import without_person_months
from ad_buyer.intake.reading import Reading, not_understood
from ad_buyer.intake.seller_share import read_seller_share
from ad_buyer.intake.sellers import read_sellers
from ad_buyer.intake.split_reading import read_split
from ad_buyer.intake.targets import read_targets
from ad_buyer.intake.thread import read_thread
from ad_buyer.intake.transcript import read_transcript
from ad_buyer.intake.world_places import read_places_worldwide

__all__ = ["Reading", "read_all", "read_audience", "read_budget",
           "read_channels", "read_flight", "read_max_cpm", "read_sellers", "read_split"]


_NOTES = re.compile(r"^\s*notes?\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)


def read_notes(text: str, reading: Reading) -> None:
    notes = _NOTES.search(text)
    if notes:
        reading.mark_match(notes)
        reading.facts["notes"] = notes.group(1).strip()


def read_all(text: str, reading: Reading) -> None:
    """Every reader, in the order their facts depend on each other."""
    text = read_languages(text, reading)  # "Verba: R$ 1,2 mi", "kvinder 25-49": in English
    original = text
    text = read_thread(text, reading)  # mail headers and quote marks are not the brief
    text = read_transcript(text, reading)  # "Jess: Dates?": who speaks and asks is no fact
    text = read_noise(text, reading)  # signatures, meeting asks, specs: not the brief
    text = read_background(text, reading)  # "Background: ...\n\nThe ask: $400k": history
    text = read_left_open(text, reading)  # "Max CPM: n/a" states no CPM
    text = read_corrections(text, reading)  # "make that $400k": the correction stands
    text = read_seller_share(text, reading)  # its percent is no split, budget or CPM
    text = read_targets(text, reading)  # "3x weekly freq cap", "20k installs": no money
    text = without_kids_content(text, reading)  # "no kids' content" is no audience
    remaining = read_max_cpm(text, reading)
    remaining = read_audience(remaining, reading)
    read_budget(remaining, reading)
    unnamed = without_name_label(text)  # "Campaign: CTV Blitz Q3" names, it asks nothing
    unnamed = without_person_months(unnamed, reading)  # "Thanks,\nApril" names no month
    read_flight(unnamed, reading)
    apply_moved_ends(reading)  # "P.S. start on April 12 instead": the flight's start moves
    settle_rate(reading)  # "$75k per month": times the flight's months
    no_kpis = without_kpi_targets(unnamed, reading)  # "a VCR of 85% on CTV" is no share
    read_channels(no_kpis, reading)
    read_split(no_kpis, reading)
    # "Maharashtra", "Kanto": the world's regions first; "Denver Media Partners" is no market
    read_places_worldwide(without_company_names(unnamed), reading)
    read_goal_and_kpis(unnamed, reading)
    read_deal_types(unnamed, reading)
    check_children(unnamed, reading)  # "Audience: under-13s" read as no children stops
    read_sellers(text, reading)
    read_notes(text, reading)
    read_name(text, reading)
    reading.facts["not_understood"] = not_understood(original, reading.spans)
