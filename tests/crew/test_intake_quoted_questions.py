"""A reply that answers quoted questions line by line ("> Geo?\\nCalifornia only."): the
quoted questions are no older message and state nothing, the answers are the brief, and
an answer to "any sellers to avoid?" names sellers to avoid ("Yes," and "None" name no
seller)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.models.money import from_micros

from .intake_reading import read_brief


def _reply(quote: str, sellers_question: str, sellers_answer: str) -> str:
    return (f"{quote} What's the total?\n$610,000.\n{quote} Which channels?\nCTV only.\n"
            f"{quote} Flight?\nMarch 29 – May 23, 2027.\n{quote} {sellers_question}\n"
            f"{sellers_answer}\n{quote} Geo?\nCalifornia only.")


@pytest.mark.parametrize("quote", [">", ">>", "> >"])
@pytest.mark.parametrize("question", ["Any sellers to avoid?", "Publishers to exclude?",
                                      "Anyone we should avoid?", "Should we block any vendors?"])
def test_answers_to_quoted_questions_are_the_brief(quote: str, question: str) -> None:
    brief = read_brief(_reply(quote, question, "Yes, StreamHaus."))
    assert from_micros(brief.budget_micros) == Decimal("610000")
    assert brief.regions == ["US-CA"]
    assert str(brief.flight_start) == "2027-03-29"
    assert brief.excluded_sellers == ["StreamHaus"]
    assert brief.not_understood == []


@pytest.mark.parametrize("answer", ["None.", "No.", "Nope", "N/A"])
def test_no_seller_to_avoid_names_none(answer: str) -> None:
    brief = read_brief(_reply(">", "Any sellers to avoid?", answer))
    assert brief.excluded_sellers == []


def test_a_quoted_line_with_a_number_is_still_an_older_message() -> None:
    brief = read_brief("Budget is now $420K, everything else stands.\n\n> Budget 380K, CTV only, "
                       "April 5 - June 27 2027, Texas?\n")
    assert from_micros(brief.budget_micros) == Decimal("420000")
