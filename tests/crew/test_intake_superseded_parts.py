"""A part of the brief its writer marks as no longer standing ("Draft from Monday
(superseded, do not use): $500k ..."): set aside whole, so its budget, flight and dates
neither contradict the brief that stands nor stop it as unread."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief, refused_brief

_STANDS = ("Final numbers: $600k, CTV 70 / audio 30, June 14 - August 22, 2027, adults 18-49, "
           "Nashville and Memphis.")


@pytest.mark.parametrize("old", [
    "Draft from Monday (superseded, do not use): $500k, CTV only, June 1 - August 31.",
    "Old version (do not use): $500k, CTV only, June 1 - August 31.",
    "OUTDATED -- $500k, CTV only, June 1 - August 31",
    "Previous draft (ignore): $500k, CTV only, June 1 - August 31.",
    "v1 - no longer valid: $500k, CTV only, June 1 - August 31.",
    "[Superseded] $500k, CTV only, June 1 - August 31",
    "Earlier numbers (obsolete):\n$500k\nCTV only\nJune 1 - August 31",
])
def test_a_part_marked_superseded_is_set_aside(old: str) -> None:
    brief = read_brief(f"{_STANDS}\n\n{old}")
    assert brief.budget_micros == 600_000 * 1_000_000
    assert (brief.flight_start.isoformat(), brief.flight_end.isoformat()) == (
        "2027-06-14", "2027-08-22")
    assert sorted(c.value for c in brief.channels) == ["audio", "ctv"]


def test_the_only_budget_marked_superseded_leaves_none() -> None:
    gap = refused_brief("Budget (superseded): $500k\nCTV, June 14 - August 22 2027, adults "
                        "18-49, Nashville.")
    assert any(issue.field == "budget" for issue in gap.issues)


def test_a_line_naming_the_old_amount_beside_the_new_one_keeps_the_new() -> None:
    brief = read_brief("Budget: $600k (the old $500k is superseded). CTV, June 14 - August 22 "
                       "2027, adults 18-49, Nashville.")
    assert brief.budget_micros == 600_000 * 1_000_000


@pytest.mark.parametrize("head", [
    "Final numbers (these replace the previous draft)",
    "Updated plan - the old version is void",
    "New figures, superseding the earlier numbers",
])
def test_a_head_saying_what_it_replaces_stands(head: str) -> None:
    brief = read_brief(f"{head}: $600k, CTV only, June 14 - August 22, 2027, adults 18-49, "
                       "Nashville.")
    assert brief.budget_micros == 600_000 * 1_000_000
