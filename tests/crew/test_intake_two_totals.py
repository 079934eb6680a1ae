"""Two amounts for the same thing are two budgets, not a part and its total (issue 19):
'budget PLN 500 000 for CTV ... total media budget is PLN 650 000 for CTV' is asked about as
a contradiction, never read as 650,000 with 500,000 its part."""

from __future__ import annotations

import pytest

from .intake_reading import refused_brief

DATES = " 1 March - 30 April 2027, adults 18-49."


@pytest.mark.parametrize("text", [
    "Brief for Warsaw launch: budget PLN 500 000 for CTV, Poland. Note: total media budget is "
    "PLN 650 000 for CTV.",
    "Budget $300k for CTV. Total budget is $400k for CTV.",
    "We have €200k for audio; the total is €250k for audio.",
    "£90k on display. Overall budget £120k on display.",
])
def test_two_amounts_for_the_same_channel_are_two_budgets(text: str) -> None:
    gap = refused_brief(text + DATES)
    assert any(i.field == "budget" and i.kind.value == "contradictory" for i in gap.issues), \
        gap.describe()
