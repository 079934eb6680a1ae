"""Dates written year first, as in Korea, Japan and China, and the wave dash between them
("2027.03.02 ~ 2027.04.30", issue 19 batch 18)."""

from __future__ import annotations

from datetime import date

import pytest

from .intake_reading import read_brief

FLIGHT = (date(2027, 3, 2), date(2027, 4, 30))


@pytest.mark.parametrize("flight", [
    "2027.03.02 ~ 2027.04.30",
    "2027. 3. 2. ~ 2027. 4. 30.",
    "2027.3.2 - 2027.4.30",
    "2027/03/02 〜 2027/04/30",
    "2027년 3월 2일 ~ 4월 30일",
    "2027年3月2日～2027年4月30日",
    "2027-03-02 ~ 2027-04-30",
])
def test_year_first_dates_and_a_wave_dash(flight: str) -> None:
    brief = read_brief(f"KRW 500 million for mobile app and display (8:2), {flight}, "
                       "South Korea, adults 20-39.")
    assert (brief.flight_start, brief.flight_end) == FLIGHT
    assert brief.not_understood == []
