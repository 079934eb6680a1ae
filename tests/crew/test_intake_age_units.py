"""Ages written with a unit after them, in any of the forms planners use (issue 19):
'18-35 yrs', '25 to 54 years old', '18 a 35 años', '30-49 Jahre', '21+ yrs'."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief

BASE = "$90k on online video, 1 Oct 2027 to 10 Nov 2027, US, "


@pytest.mark.parametrize(("ages", "lo", "hi"), [
    ("18-35 yrs", 18, 35),
    ("25-44yrs", 25, 44),
    ("25 to 54 years old", 25, 54),
    ("30-49 Jahre", 30, 49),
    ("18 a 34 años", 18, 34),
    ("25-44 yrs.", 25, 44),
    ("21-39 lat", 21, 39),
    ("35-64 years", 35, 64),
])
def test_an_age_range_with_a_unit_is_read(ages: str, lo: int, hi: int) -> None:
    brief = read_brief(BASE + ages + ".")
    assert (brief.audience.age_min, brief.audience.age_max) == (lo, hi)


@pytest.mark.parametrize(("ages", "lo"), [("18+ yrs", 18), ("21+ years", 21),
                                          ("35+ y/o", 35), ("50+ Jahre", 50)])
def test_an_age_floor_with_a_unit_is_read(ages: str, lo: int) -> None:
    brief = read_brief(BASE + ages + ".")
    assert (brief.audience.age_min, brief.audience.age_max) == (lo, None)

