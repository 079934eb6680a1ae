"""Flight forms of briefs (issue 19), one case per form: ranges, lengths, holidays,
calendar weeks, a month said apart from the flight.

Each case asserts the fields a planner means; the corpus (test_brief_corpus.py) scores
whole briefs, these pin down each family so a change that breaks one fails here by name.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .intake_reading import read_brief, stated_fields


@pytest.mark.parametrize(("text", "want"), [
    # flights
    ("We'd like to go live the 3rd of May 2027 and run through the 30th of June, $150k audio",
     {"start": date(2027, 5, 3), "end": date(2027, 6, 30)}),
    ("Budget ~$400K. Start 6/1/27, end 8/31/27. CTV.",
     {"start": date(2027, 6, 1), "end": date(2027, 8, 31)}),
    ("$200k CTV from mid-March 2027 for 6 weeks", {"start": date(2027, 3, 15),
                                                  "end": date(2027, 4, 25)}),
    ("online video from the first of October through the fifteenth of November 2027, $175k",
     {"start": date(2027, 10, 1), "end": date(2027, 11, 15)}),
    ("Subject: Vantage Q4 Sales Event\n$400k CTV, Dates: October 15 - December 31, 2027",
     {"start": date(2027, 10, 15), "end": date(2027, 12, 31)}),
    ("$125k on CTV in the first half of February (Feb 1-14, 2027)",
     {"start": date(2027, 2, 1), "end": date(2027, 2, 14)}),
    ("We're launching on March 15, 2027 and want an 8-week CTV flight with $320k",
     {"start": date(2027, 3, 15), "end": date(2027, 5, 9)}),
    ("40k display for black friday week 2027", {"start": date(2027, 11, 22),
                                                "end": date(2027, 11, 28)}),
    ("$250K USD, CTV, 1H27, A18+", {"start": date(2027, 1, 1), "end": date(2027, 6, 30)}),
    ("Need to spend 150K on CTV by end of March 2027, starting Feb 1.",
     {"start": date(2027, 2, 1), "end": date(2027, 3, 31)}),
    ("I have 50,000 pounds for a 4 week radio-style digital audio campaign starting 1st March "
     "2027", {"start": date(2027, 3, 1), "end": date(2027, 3, 28)}),
    ("$100k CTV, flight: 9/6/2027 (Labor Day) through 10/31/2027 (Halloween)",
     {"start": date(2027, 9, 6), "end": date(2027, 10, 31)}),
    ("90k for mobile app installs in the three weeks leading up to Cyber Monday 2027",
     {"end": date(2027, 11, 28)}),
    ("$120k CTV, 4 weeks leading into Christmas 2027",
     {"start": date(2027, 11, 27), "end": date(2027, 12, 24)}),
    # lengths before an end, and after a start with a verb
    ("$80k audio, two weeks ending March 20 2027, adults 18+",
     {"start": date(2027, 3, 7), "end": date(2027, 3, 20)}),
    ("£60k online video, live from the 3rd of May 2027 and staying on for six weeks",
     {"start": date(2027, 5, 3), "end": date(2027, 6, 13)}),
    ("$120k CTV, wrapping up on April 30 2027 after a four week run",
     {"start": date(2027, 4, 3), "end": date(2027, 4, 30)}),
    ("$120k CTV, a 3-month flight ending June 30 2027",
     {"start": date(2027, 4, 1), "end": date(2027, 6, 30)}),
    # holidays of Canada and the UK
    ("C$90k display, Victoria Day to Canada Day 2028, Ontario",
     {"start": date(2028, 5, 22), "end": date(2028, 7, 1)}),
    ("£40k audio, Boxing Day to New Year's Eve, England",
     {"start": date(2026, 12, 26), "end": date(2026, 12, 31)}),
    ("£90k online video, Easter Monday to the late May bank holiday 2027, UK",
     {"start": date(2027, 3, 29), "end": date(2027, 5, 31)}),
    ("$120k CTV, Q2 2027. Creative should land in March.",  # a month said apart
     {"start": date(2027, 4, 1), "end": date(2027, 6, 30)}),
    ("$120k CTV, Q2 2027. The product hits shelves in April.",
     {"start": date(2027, 4, 1), "end": date(2027, 6, 30)}),
    ("$120k CTV, Q2 2027. FYI the client's fiscal year starts in July.",
     {"start": date(2027, 4, 1), "end": date(2027, 6, 30)}),  # the fiscal year is no flight
    # holidays a range names with 'next year' after it; a weekday and a day with no month
    ("$2M CTV, Thanksgiving through New Year's Eve next year, adults 18-49",
     {"start": date(2027, 11, 25), "end": date(2027, 12, 31)}),
    ("From Thursday the 10th through Christmas Eve, $35k on audio",
     {"start": date(2026, 12, 10), "end": date(2026, 12, 24)}),
    ("$50k for display + audio, week of March 1 through April 11 2027",
     {"start": date(2027, 3, 1), "end": date(2027, 4, 11)}),
    # "and run it through to", a day named as the last, a pause outside the flight
    ("$60k audio, live from April 5 2027 and run it through to the end of May (May 23 is "
     "the last day, we go dark for Memorial Day weekend)",
     {"start": date(2027, 4, 5), "end": date(2027, 5, 23)}),
    # the Super Bowl on the date the NFL fixed
    ("$300k CTV, the 3 weeks before the Super Bowl, men 25-54",
     {"start": date(2027, 1, 24), "end": date(2027, 2, 13)}),
    ("We want make display for 4 weeks since the 7 of June 2027, budget 30 thousand dollars",
     {"start": date(2027, 6, 7), "end": date(2027, 7, 4)}),
    # 'next year' after a month is that month's year, not a second flight
    ("$80k for streaming audio from early February for 4 weeks next year, men 18-34",
     {"start": date(2027, 2, 1), "end": date(2027, 2, 28)}),
    # a named day and the length beside it, the day included
    ("$60k audio for Thanksgiving 2027 and the two weeks before it, adults 25-54",
     {"start": date(2027, 11, 11), "end": date(2027, 11, 25)}),
    # ISO calendar weeks: Monday of the first to Sunday of the last
    ("Budget 400.000 EUR, Online-Video, KW 36 bis KW 44 2027, Deutschland",
     {"start": date(2027, 9, 6), "end": date(2027, 11, 7)}),
    ("Our fiscal Q3 (the Jan-Mar 2027 quarter), $100k display, US",
     {"start": date(2027, 1, 1), "end": date(2027, 3, 31)}),
    ("display 80K / early May 2027 for 3wks / US", {"end": date(2027, 5, 21)}),
    ("$120k audio, CW 5 - 9 2027, UK", {"start": date(2027, 2, 1), "end": date(2027, 3, 7)}),
])
def test_a_family_of_forms_is_read(text: str, want: dict[str, Any]) -> None:
    got = stated_fields(read_brief(text))
    assert {k: got[k] for k in want} == want
