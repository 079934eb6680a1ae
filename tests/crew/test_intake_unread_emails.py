"""Email text the unread guard must not stop on, and names written in running text
(issue 19, round 3: batches 12, 13 and 16). Each class has several phrasings of our own."""

from __future__ import annotations

from datetime import date

import pytest

from ad_buyer.intake.extract import extract_brief
from ad_buyer.intake.unread import unread_issues
from ad_buyer.models.brief import CampaignBrief

TODAY = date(2026, 12, 7)
CORE = "$120k CTV, Q2 2027, adults 25-54, US."


def _read(text: str) -> CampaignBrief:
    brief = extract_brief(text, reference_date=TODAY)
    assert isinstance(brief, CampaignBrief), brief.describe()
    assert brief.budget_micros == 120_000_000_000
    assert (brief.flight_start, brief.flight_end) == (date(2027, 4, 1), date(2027, 6, 30))
    assert brief.countries == ["US"]
    return brief


@pytest.mark.parametrize("text", [
    # salutations naming a time of day or a season
    f"Greetings of the day. {CORE}",
    f"Good day all,\n\n{CORE}",
    f"Season's greetings! {CORE}",
    f"Compliments of the season to you all.\n\n{CORE}",
    f"Happy Thursday team!\n\n{CORE}",
    # a dated heading of notes
    f"Notes from call w/ Acme Foods (12/7):\n{CORE}",
    f"Call recap 12/4 - Brightway Dental\n{CORE}",
    f"Minutes of the kickoff meeting with Lumen (Dec 3):\n{CORE}",
    f"Summary of our sync with the client on 12/2:\n{CORE}",
    # the language the brief is written in
    f"Below are the key points from our RFP (in English for our international desk):\n{CORE}",
    f"Translated into English for the buying team below.\n{CORE}",
    f"Sorry, my notes were in German, here it is in plain English.\n{CORE}",
])
def test_salutations_note_headings_languages_and_lead_ins_stop_nothing(text: str) -> None:
    _read(text)


@pytest.mark.parametrize("part", ["On CPMs", "As for the budget", "Regarding timing:",
                                  "in terms of geo", "When it comes to CPMs"])
def test_a_topic_lead_in_alone_carries_nothing(part: str) -> None:
    """'On CPMs, we'll accept anything from $6 but nothing above $18': the value is in the
    clause after the lead-in, which a reader reads or lists as unread itself."""
    assert unread_issues([part]) == []
    assert unread_issues(["On CPMs under $18"]) != []


@pytest.mark.parametrize("part", [
    "also in French-speaking Canada",
    "Creative: 15s in Spanish for",
    "the ads in German, please",
    "Notes from call w/ Acme: within 5 miles of each store",
    "Good morning, plus the towns around the lake",
    "Greetings of the day, flight moves to 3/15",
])
def test_a_constraint_beside_those_still_stops(part: str) -> None:
    assert unread_issues([part]) != []


@pytest.mark.parametrize(("line", "name"), [
    # a name's label, with what it names the campaign for
    ("Campaign name for the IO: Halden Spring Drive 2027.", "Halden Spring Drive 2027"),
    ('IO name: "Brightline Q3 Tentpole".', "Brightline Q3 Tentpole"),
    ("Plan name - Lakeside Summer Splash", "Lakeside Summer Splash"),
    ("The campaign name is Orion 5G Launch.", "Orion 5G Launch"),
    ("Our campaign title is Winter Warmers 2027.", "Winter Warmers 2027"),
    # a name given in running text, unquoted
    ("PG deals fine. name it Apex Q1 Brand", "Apex Q1 Brand"),
    ("Let's call it Spring Bloom Audio.", "Spring Bloom Audio"),
    # a question and its answer
    ("Q: what do we call it?\nA: Harvest Moon Promo", "Harvest Moon Promo"),
    ("What should we name the campaign?\nA - Cedar Lane Launch", "Cedar Lane Launch"),
])
def test_a_name_given_in_running_text_is_read(line: str, name: str) -> None:
    assert _read(f"{CORE}\n{line}\n\nThanks,\nSam").name == name


@pytest.mark.parametrize("subject", ['Brief - "Cold Brew Summer"', "RFP: 'Cold Brew Summer'",
                                     "“Cold Brew Summer” media brief"])
def test_a_quoted_subject_names_the_campaign_without_its_quotes(subject: str) -> None:
    assert _read(f"Subject: {subject}\n\nHey team,\n{CORE}\nThanks!").name == "Cold Brew Summer"


@pytest.mark.parametrize("marker", [
    "----- last year's brief -----",
    "--- previous brief (for reference) ---",
    "==== Last season's plan ====",
    "-- prior RFP, for reference only --",
    "----- old brief -----",
])
def test_an_earlier_brief_pasted_below_is_read_as_an_older_message(marker: str) -> None:
    """The newest text's facts replace the pasted brief's; what it does not restate
    ('same audience and markets as last year') stands from the pasted one."""
    text = (f"Hi team,\n\nSame idea as last year. This year: $220k, October 1 to October 31, "
            f"2027, display and DOOH 50/50, same audience and markets as last year.\n\n"
            f"Thanks,\nBeth\n\n{marker}\nHarvest Festival 2026: $180k, display and DOOH 60/40, "
            f"Oct 1-31 2026, adults 25-54 in the Seattle and Portland DMAs.\n")
    brief = extract_brief(text, reference_date=TODAY)
    assert isinstance(brief, CampaignBrief), brief.describe()
    assert brief.budget_micros == 220_000_000_000
    assert (brief.flight_start, brief.flight_end) == (date(2027, 10, 1), date(2027, 10, 31))
    assert {c.value: s for c, s in brief.channel_split.items()} == {"display": 50, "dooh": 50}
    assert (brief.audience.age_min, brief.audience.age_max) == (25, 54)
    assert sorted(brief.dmas) == ["819", "820"]


@pytest.mark.parametrize("part", ["Harvest Festival 2026", "the 2025 Summer Splash recap",
                                  "as in our 2027 launch"])
def test_a_past_or_flight_year_in_a_title_stops_nothing(part: str) -> None:
    assert unread_issues([part], frozenset({"a date"}), frozenset({2027})) == []
    assert unread_issues(["Harvest Festival 2028"], frozenset({"a date"}),
                         frozenset({2027})) != []


@pytest.mark.parametrize("part", ["yo - Shardfall launches 2/18", "the store opens on 18/2",
                                  "Launch event Feb 18th", "doors open 18 February",
                                  "wrap party March 31"])
def test_a_day_the_flight_starts_or_ends_on_is_no_news(part: str) -> None:
    flight = (date(2027, 2, 18), date(2027, 3, 31))
    assert unread_issues([part], frozenset({"a date"}), frozenset({2027}), flight=flight) == []
    assert unread_issues([part.replace("18", "25").replace("31", "30")], frozenset({"a date"}),
                         frozenset({2027}), flight=flight) != []


@pytest.mark.parametrize("phone", ["Mobile/WhatsApp +971 50 555 0123",
                                   "Mobile (preferred): 604-555-0199",
                                   "Cell / Signal: +1 415 555 0100",
                                   "WhatsApp: +44 7700 900123",
                                   "Mobile & WhatsApp (UK) +44 7700 900456"])
def test_a_labelled_phone_number_names_no_channel(phone: str) -> None:
    brief = _read(f"Hi,\n\n{CORE}\n\nAny questions, call me: {phone}\n")
    assert [c.value for c in brief.channels] == ["ctv"]


@pytest.mark.parametrize("ask", ["Can we set up a WIP for Thursday?",
                                 "Working session Tuesday 2-3pm PT?",
                                 "Free around Wednesday at 11 for 20 mins?",
                                 "Could you present back on Friday week?",
                                 "Happy to present it back Monday."])
def test_a_meeting_ask_in_other_words_is_no_flight(ask: str) -> None:
    _read(f"Hi,\n\n{CORE}\n\n{ask}\n\nThanks,\nSam")


@pytest.mark.parametrize("line", ["Brightway Foods, Inc., a Delaware corporation.",
                                  "Harbor Labs LLC is a Texas limited liability company.",
                                  "Northwind is a New York corporation. All rights reserved.",
                                  "Acme Holdings, a Nevada public benefit corporation"])
def test_where_a_company_is_incorporated_is_no_market(line: str) -> None:
    brief = _read(f"Hi,\n\n{CORE}\n\n{line}\n")
    assert (brief.regions, brief.dmas) == ([], [])


def test_a_seller_left_out_for_a_past_reason_is_still_left_out() -> None:
    # the reason is history ("last time"); the ask is not, and a seller must not be bought
    brief = extract_brief("$120k CTV, Q2 2027, adults 25-54, US. "
                          "no NightOwl Media pls, they burned us last time.",
                          reference_date=date(2026, 12, 7))
    assert isinstance(brief, CampaignBrief), brief
    assert brief.excluded_sellers == ["NightOwl Media"]
