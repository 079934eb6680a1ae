"""Whole briefs in planners' forms (issue 19), each case asserting fields of several
families at once; small talk, history and forwarded threads do not stop a brief, what
is truly unread, ambiguous or contradictory still does, and each reading a planner
might not expect is said.

Each case asserts the fields a planner means; the corpus (test_brief_corpus.py) scores
whole briefs, these pin down each family so a change that breaks one fails here by name.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap

from .intake_reading import TODAY, read_brief, stated_fields


@pytest.mark.parametrize(("text", "want"), [
    # several families in one brief
    ("Budget 1,2 Mio. EUR, Display, 01.09.2027–31.10.2027, Deutschland",
     {"budget": Decimal(1_200_000), "countries": ["DE"]}),
    ("Kia ora - NZ$150,000, online video, 1 March to 30 April 2027, New Zealand",
     {"currency": "NZD", "countries": ["NZ"]}),
    ("Display, $60k/month for Jan, Feb and March 2027 ($180k total)",
     {"budget": Decimal(180_000), "start": date(2027, 1, 1), "end": date(2027, 3, 31)}),
    ("30k€ pour de l'audio digital en France, du 1er mars au 30 avril 2027, adultes 25-49",
     {"start": date(2027, 3, 1), "end": date(2027, 4, 30), "age_min": 25, "countries": ["FR"]}),
    ("$90k / display + audio / 50-50 / 2027-03-01 → 2027-03-31",
     {"end": date(2027, 3, 31), "split": {"display": Decimal(50), "audio": Decimal(50)}}),
    ("£340,000 display, Q2 2027, UK only, no Northern Ireland",
     {"countries": ["GB"], "excluded": []}),
    ("3.1 Campaign Name: Harvest Table Q3\n3.2 Total Investment: 0.5M USD\n"
     "3.3 Flight Dates: 07/06/2027 - 09/26/2027\n3.4 Channels: Display",
     {"name": "Harvest Table Q3", "start": date(2027, 7, 6)}),
    ("Campaign | Lumen Spring\nBudget   | $780,000\nDates    | 04/19/2027 through 05/30/2027\n"
     "Channels | CTV", {"name": "Lumen Spring", "budget": Decimal(780_000)}),
    ("EUR 350k, CTV, 15.02.2027 bis 15.04.2027, Österreich, 30-59 Jährige",
     {"age_min": 30, "age_max": 59, "countries": ["AT"]}),
    ("hi pat, 90k for display, june 2027, women 18-34 in ohio, please avoid adnet. thanks",
     {"excluded": ["adnet"], "regions": ["US-OH"]}),
    ("campaign name: winter warmup / budget: $120k / channel: audio / dates: jan 10 - feb 20 "
     "2027 / geo: uk", {"name": "winter warmup", "channels": ["audio"], "countries": ["GB"]}),
    ("Budget of $75k per month for 3 months starting Feb 2027, display",
     {"budget": Decimal(225_000), "end": date(2027, 4, 30)}),
    ("Flight: Monday, February 1, 2027 – Sunday, March 28, 2027\nMedia: CTV, Online Video, "
     "Streaming Audio\nAllocation: 50% / 30% / 20%\nTotal Budget: $650,000",
     {"start": date(2027, 2, 1), "end": date(2027, 3, 28),
      "split": {"ctv": Decimal(50), "online_video": Decimal(30), "audio": Decimal(20)}}),
    ("For the launch we need $2M across CTV and DOOH - CTV should get the bulk (80%). Dates: "
     "7 June - 29 August 2027. Australia-wide.",
     {"split": {"ctv": Decimal(80), "dooh": Decimal(20)}, "countries": ["AU"]}),
    ('$85k, display, "Back to School 2027", Aug 1-Sept 6 2027, parents, WA state only',
     {"name": "Back to School 2027", "regions": ["US-WA"]}),
    ("Budget: 1.1M\nChannels: CTV, OLV\nTiming: 3/22 - 5/2/2027\nGeo: Detroit, Columbus OH",
     {"start": date(2027, 3, 22), "end": date(2027, 5, 2), "dmas": ["505", "535"]}),
    ("Need a plan by Friday: $95k, CTV only, 2 weeks around Easter 2027, Dallas-Fort Worth",
     {"start": date(2027, 3, 21), "end": date(2027, 4, 3), "dmas": ["623"]}),
    ("Hey! $45k display for the 4th of July weekend 2027 in San Diego, 21+",
     {"start": date(2027, 7, 3), "end": date(2027, 7, 4), "age_min": 21, "dmas": ["825"]}),
    # a table pasted from a sheet: each cell read with its column's meaning
    ("Campaign\tSpend\tMedia\tFrom\tTo\tMarket\nRiverbend Fall\t$42,000\tAudio\t"
     "2027-09-06\t2027-10-17\tOregon",
     {"name": "Riverbend Fall", "budget": Decimal(42000), "start": date(2027, 9, 6),
      "end": date(2027, 10, 17), "regions": ["US-OR"]}),
    ("campaign,total_budget,currency,channel,start,end\n"
     "Harvest Days,95000,EUR,display,2027-09-01,2027-09-30",
     {"budget": Decimal(95000), "currency": "EUR", "start": date(2027, 9, 1)}),
    # income written in full dollars is a household band, never a second budget
    ("$300k CTV, Q3 2027, adults 30-54 with household incomes of $75,000-$100,000",
     {"budget": Decimal(300000), "age_min": 30, "age_max": 54}),
    # a number above 31 is no day: "60/40 – 3rd May" is a split, then the flight
    ("£400k, display and audio, 60/40 – 3rd May to 27th June 2027, UK",
     {"split": {"display": Decimal(60), "audio": Decimal(40)}, "start": date(2027, 5, 3),
      "end": date(2027, 6, 27)}),
])
def test_a_family_of_forms_is_read(text: str, want: dict[str, Any]) -> None:
    got = stated_fields(read_brief(text))
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize("text", [
    "Hi Sam,\n\nHope you had a good weekend. $120k CTV, Q2 2027, adults 25-54, Chicago.",
    "$120k CTV, Q2 2027, adults 25-54. Keep us off Bargain Banner, we had brand safety "
    "issues there last year.",
    "The team finally agreed the money yesterday after a lot of back and forth. $120k CTV, "
    "Q2 2027, adults 25-54.",
    "$120k CTV, Q2 2027, adults 25 to 54 (the brand rules say 25+, legal insists).",
    "$120k CTV, Q2 2027, adults 25-54. Let me know if you have questions before Friday.",
    "$120k CTV, Q2 2027, adults 25-54. Thanks a million!",
    "$120k CTV, Q2 2027, adults 25-54.\nGeography: the province of Alberta",
    "Ref PO-20931 / cost centre 7710-BRD\n$120k CTV, Q2 2027, adults 25-54.",
])
def test_small_talk_history_and_restated_ages_do_not_stop_a_brief(text: str) -> None:
    brief = read_brief(text)
    assert brief.budget_micros == 120_000_000_000


@pytest.mark.parametrize(("text", "kind"), [
    ("$120k CTV, Q2 2027, adults 25-54 (the brand rules say 35+ for this one).",
     "an audience"),
    ("$120k CTV, Q2 2027, adults 25-54. Hope you had a good weekend and can keep it to 35+.",
     "an audience"),
    ("$120k CTV, Q2 2027, adults 25-54, weekends only.", "a date"),  # a day-part rule
    ("$120k CTV, Q2 2027, Canada, adults 25-54. Geography: the province of Westmarch",
     "a place"),  # a place no reader knows, behind a place label
    ("£80k display, May 2027, adults 25-54 in the North of the country", "a place"),
])
def test_an_unread_fact_the_brief_does_not_state_still_stops_it(text: str, kind: str) -> None:
    gap = extract_brief(text, reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert any(i.field == "unread" and kind in i.message for i in gap.issues), gap.describe()


def test_a_forwarded_thread_reads_the_newest_message_and_not_the_mail_headers() -> None:
    brief = read_brief(
        "Hi team - the client dropped CTV: it's display and online video only now, 50/50.\n\n"
        "-----Original Message-----\nFrom: Derek Olsen\nSent: Monday, December 7, 2026 9:14 AM\n"
        "Subject: Falls Brewing spring\n\n> $210K, CTV + display + OLV, April 1 - May 15 2027, "
        "adults 21-44, Wisconsin.")
    assert stated_fields(brief)["channels"] == ["display", "online_video"]
    assert (brief.flight_start, brief.flight_end) == (date(2027, 4, 1), date(2027, 5, 15))
    assert brief.budget_micros == 210_000_000_000


@pytest.mark.parametrize(("text", "field", "kind"), [
    ("Budget: EUR 1.500k, CTV, Q3 2027", "budget", "ambiguous"),  # 1.5k or 1,500k
    ("An 8-week flight from 1 March to 30 March 2027, $120k, online video", "flight_dates",
     "contradictory"),
    ("$90k for display in Q3 2027 or Q4 2027, whichever works", "flight_dates",
     "contradictory"),
    ("$250k CTV Q3 2027, July 1 - Aug 31 2027", "flight_dates", "contradictory"),
    ("$20k display per week, March 3 - March 20 2027", "budget", "ambiguous"),
    ("$750K-$800K for CTV in Q2 2027", "budget", "ambiguous"),
    ("The budget is between 80.000 and 95.000 EUR, still open. Display, Spain, May 2027",
     "budget", "ambiguous"),
    ("$90k CTV, 2/3 - 4/5/2027", "flight_dates", "ambiguous"),  # no day above 12
    ("$300k CTV, 2 weeks before Super Bowl 2031", "flight_dates", "ambiguous"),  # not fixed
    ("$60k audio, June 1 - July 31 2027, we go dark for the July 4th week", "flight_dates",
     "ambiguous"),  # a pause inside the flight: the buyer cannot pause one
    ("$80k, display 50 / audio 30 / DOOH 30, May 2027", "channel_split", "contradictory"),
    ("REQ | 400K | OLV/CTV/AUD 20/50/40 | Q4 2027", "channel_split", "contradictory"),
])
def test_what_is_truly_ambiguous_or_contradictory_is_still_refused(text: str, field: str,
                                                                   kind: str) -> None:
    gap = extract_brief(text, reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert any(i.field == field and i.kind.value == kind for i in gap.issues), gap.describe()


def test_each_reading_a_planner_might_not_expect_is_said() -> None:
    brief = read_brief("€75.000 display, Q2 2027, minimum CPM of €4, Hey Jordan, nationwide")
    said = " ".join(brief.assumptions)
    assert "thousands separator" in said
    assert "CPM floor" in said
    assert "'nationwide' read as no regional limit" in said
    assert brief.countries == []  # euros name no one country: none is guessed
