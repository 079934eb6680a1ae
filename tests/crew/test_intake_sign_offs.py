"""One sign-off vocabulary for every reader that looks for one: after any of them, the name
and the office's city sign the mail (no market, no month), whichever reader meets them."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief

_BRIEF = "$200k CTV, Jan 4 - Feb 28 2027, adults 25-54, Chicago."


@pytest.mark.parametrize("sign_off", ["Rgds,", "Groetjes,", "Talk soon,", "Mit freundlichen Grüßen",
                                      "Warmest regards,", "All the best,", "Thanks a lot,"])
def test_after_any_sign_off_the_signature_is_no_market_or_month(sign_off: str) -> None:
    brief = read_brief(f"{_BRIEF}\n\n{sign_off}\nApril Novak\nMedia Planner, Northbank Media, "
                       "Denver")
    assert (brief.dmas, brief.countries) == (["602"], ["US"])
    assert (brief.flight_start.isoformat(), brief.flight_end.isoformat()) == (
        "2027-01-04", "2027-02-28")


@pytest.mark.parametrize("sign_off", ["Rgds,", "BR,", "Groetjes,", "Ty,"])
def test_a_short_sign_off_then_a_bare_name_and_city_is_a_signature(sign_off: str) -> None:
    brief = read_brief(f"{_BRIEF}\n\n{sign_off}\nApril\nDenver")
    assert (brief.dmas, brief.countries) == (["602"], ["US"])
