"""Background told before the ask: the client's story, past campaigns, approvals and
competitors. Its places, dates and amounts are no market, flight or budget, so a labelled
background section ("Background:", "Context:", "Quick recap:", "Some background before the
ask:") is set aside when the ask follows it; a sentence in it that asks something of this
campaign stays in the brief, and a section with no ask after it is the brief."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.models.money import from_micros

from .intake_reading import read_brief

_ASK = ("$400,000 total, CTV only. Flight March 1 - April 30 2027. Markets are Atlanta and "
        "Nashville. Adults 25-44. Please stay off Bargain Banner.")


@pytest.mark.parametrize("background", [
    "Some background before the ask: Crestline Bank is launching a no-fee checking account "
    "across the Southeast this spring. Last year's campaign (display only, $150k) drove cheap "
    "clicks, so the CMO signed off this week on a bigger, video-led plan.",
    "Background: the client ran $90k of radio in Florida last autumn and the CFO approved a "
    "bigger number on Monday.",
    "Context: Crestline opened 12 branches in Texas in 2026 and signed off the 2027 plan in "
    "November.",
    "A bit of context: their two competitors spend $2M a year on linear TV in California.",
    "Team — after the Q4 review, leadership approved the plan. Quick recap: share slipped to 4% "
    "and the Q4 test ($80k on display) underperformed, so we're moving into video.",
    "For context: in 2025 the brand spent €50k on audio across Germany in December.",
])
def test_background_before_the_ask_states_no_fact(background: str) -> None:
    brief = read_brief(f"{background}\n\nThe ask: {_ASK}")
    assert from_micros(brief.budget_micros) == Decimal("400000")
    assert [c.value for c in brief.channels] == ["ctv"]
    assert str(brief.flight_start) == "2027-03-01"
    assert str(brief.flight_end) == "2027-04-30"
    assert sorted(brief.dmas) == ["524", "659"]
    assert brief.regions == []
    assert brief.excluded_sellers == ["Bargain Banner"]
    assert any("background before the ask" in a for a in brief.assumptions)


def test_an_ask_inside_the_background_stays_in_the_brief() -> None:
    brief = read_brief("Background: the client launched in Georgia last year. Please exclude "
                       f"StreamHaus this time.\n\nThe ask: {_ASK}")
    assert sorted(brief.excluded_sellers) == ["Bargain Banner", "StreamHaus"]


def test_a_context_section_with_no_ask_after_it_is_the_brief() -> None:
    brief = read_brief("Context: $250k, CTV only, March 1 - April 30 2027, Georgia, adults "
                       "25-54.\n\nThanks, Owen")
    assert from_micros(brief.budget_micros) == Decimal("250000")
    assert brief.regions == ["US-GA"]
