"""Threads, conversations and corrections (issue 19): the newest message wins, kind by
kind; a correction or a change said in passing replaces what it changes; what the
newest message does not restate stands.

Each family has several phrasings, the way different planners write them.
"""

from __future__ import annotations

from datetime import date

import pytest

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap, CampaignBrief

from .intake_reading import CORE, TODAY, assert_core_read, read_brief


# Threads: the newest message wins; corrections replace what they correct.
@pytest.mark.parametrize(("text", "budget", "start", "end"), [
    (f"Budget is now $150k, the rest stands.\n\n-----Original Message-----\nFrom: Ann\n{CORE}",
     150_000, date(2027, 4, 1), date(2027, 6, 30)),
    (f"See below - approved.\n\n---------- Forwarded message ---------\nFrom: Ann\n"
     f"Date: Mon, Dec 7, 2026\nSubject: Q2\n\n{CORE}", 120_000, date(2027, 4, 1),
     date(2027, 6, 30)),
    (f"{CORE}\nP.S. make that 300k", 300_000, date(2027, 4, 1), date(2027, 6, 30)),
    (f"{CORE}\nUPDATE: dates moved to May 1 - June 30 2027", 120_000, date(2027, 5, 1),
     date(2027, 6, 30)),
    (f"{CORE}\nPS - budget is $140k now, not $120k.", 140_000, date(2027, 4, 1),
     date(2027, 6, 30)),
    (f"On Dec 4, 2026, at 10:02 AM, Ann Lee <ann@x.com> wrote:\n> {CORE}", 120_000,
     date(2027, 4, 1), date(2027, 6, 30)),
    (f"{CORE}\nRevised: the flight now runs May 3 - June 27 2027.", 120_000, date(2027, 5, 3),
     date(2027, 6, 27)),
    (f"{CORE}\nNote: new dates are 1 May to 30 June 2027.", 120_000, date(2027, 5, 1),
     date(2027, 6, 30)),
    (f"{CORE} Actually the budget is $200k.", 200_000, date(2027, 4, 1), date(2027, 6, 30)),
    ("$120k CTV, Q2 2027, adults 25-54, HHI $150k+, US.\nP.S. budget is $140k now.", 140_000,
     date(2027, 4, 1), date(2027, 6, 30)),
    (f"Thanks all - approved as below.\n\nOn Mon, Dec 7, 2026 at 9:14 AM Ann <a@x.com> wrote:"
     f"\n> {CORE}\n>\n> Best,\n> Ann", 120_000, date(2027, 4, 1), date(2027, 6, 30)),
    ("Dates moved: now May 1 - June 30 2027. Rest as below.\n\n-----Original Message-----\n"
     f"From: Ann\n{CORE}", 120_000, date(2027, 5, 1), date(2027, 6, 30)),
    ("Approved, only change: budget is $150k.\n\nFrom: Ann Lee <ann@x.com>\nSent: Friday, "
     f"December 4, 2026 3:02 PM\nTo: Sam\nSubject: RE: Q2\n\n{CORE}", 150_000, date(2027, 4, 1),
     date(2027, 6, 30)),
    (f"Client says 150k now, everything else as per below.\n\n> {CORE}", 150_000,
     date(2027, 4, 1), date(2027, 6, 30)),
    (f"Go with the below but make it $140k.\n\nOn Dec 4, 2026, Ann wrote:\n> {CORE}\n> Ann",
     140_000, date(2027, 4, 1), date(2027, 6, 30)),
    # one end of the flight moved, the other as stated
    (f"{CORE}\nCorrection: please start on April 12 instead, same end date.", 120_000,
     date(2027, 4, 12), date(2027, 6, 30)),
    (f"{CORE}\nUpdate: end date is now June 15 2027.", 120_000, date(2027, 4, 1),
     date(2027, 6, 15)),
    ("$120k CTV, April 1 - June 30 2027, adults 25-54, US. EDIT: push the start to April 15.",
     120_000, date(2027, 4, 15), date(2027, 6, 30)),
    ("$120k CTV, April 1 - June 30 2027, adults 25-54, US. P.S. the end moves to July 15.",
     120_000, date(2027, 4, 1), date(2027, 7, 15)),
    ("Approved - go ahead. One change: the flight now starts May 3 instead of Apr 1; the end "
     "date stays Jun 30, 2027.\n\nThanks,\nRachel\n\n> On Nov 30, 2026, at 3:05 PM, Chris "
     "wrote:\n> Proposal: $120k on CTV, Apr 1 - Jun 30, 2027, A25-54, US.", 120_000,
     date(2027, 5, 3), date(2027, 6, 30)),
    ("Note the flight moved -- client now wants an April 19 start, same end date.\n\n"
     f"-----Original Message-----\n{CORE}", 120_000, date(2027, 4, 19), date(2027, 6, 30)),
    ("$120k CTV, adults 25-54, US. Actually we start on April 1 and run to June 30 2027.",
     120_000, date(2027, 4, 1), date(2027, 6, 30)),  # a whole flight, no move
])
def test_threads_and_corrections(text: str, budget: int, start: date, end: date) -> None:
    brief = read_brief(text)
    assert brief.budget_micros == budget * 1_000_000
    assert (brief.flight_start, brief.flight_end) == (start, end)


@pytest.mark.parametrize(("text", "split"), [
    ("$120k CTV and audio, 60/40, Q2 2027, US. Ignore the 60/40 above - do 70/30.",
     {"ctv": 70, "audio": 30}),
    ("$120k CTV and audio, 60/40, Q2 2027, US.\nEDIT: 50/50 rather than 60/40.",
     {"ctv": 50, "audio": 50}),
    ("$120k CTV and audio, 60/40, Q2 2027, US.\nP.S. client now wants 80/20.",
     {"ctv": 80, "audio": 20}),
    ("$120k CTV and audio, 60/40, Q2 2027, US. Disregard the 60/40 above; 55/45 is right.",
     {"ctv": 55, "audio": 45}),
    ("$120k, CTV 60% and audio 40%, Q2 2027, US.\nUpdate: client now wants a 70/30 split.",
     {"ctv": 70, "audio": 30}),
])
def test_a_later_split_replaces_the_one_it_corrects(text: str, split: dict[str, int]) -> None:
    brief = read_brief(text)
    assert {c.value: int(p) for c, p in brief.channel_split.items()} == split


def test_a_moved_end_that_leaves_the_flight_backwards_is_refused() -> None:
    gap = extract_brief("$120k CTV, adults 25-54, US, April 1 - June 30 2027. P.S. the end "
                        "moves to March 15.", reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert any(i.field == "flight_dates" and i.kind.value == "contradictory"
               for i in gap.issues), gap.describe()


def test_history_asked_for_again_is_read_not_set_aside() -> None:
    brief = read_brief("$120k CTV, Q2 2027, US. Last year's audience (women 25-54) worked well, "
                       "so same again.")
    assert (brief.audience.age_min, brief.audience.age_max) == (25, 54)
    assert brief.audience.gender.value == "female"


# A brief written as a conversation: the answers are the brief, names and questions are not.
@pytest.mark.parametrize("text", [
    "[Call notes 12/07 - Jess / Robert]\nJess: So what's the total?\nRobert: $120k.\n"
    "Jess: Dates?\nRobert: Q2 2027.\nJess: Channels?\nRobert: CTV.\n"
    "Jess: Who are we after?\nRobert: Adults 25-54, US.",
    "Transcript - call with Acme, 12/7/26 (recording ID 20261207-0931)\n"
    "Agency: ...and the budget?\nClient: $120k.\nAgency: Channel?\nClient: CTV.\n"
    "Agency: When?\nClient: Q2 2027.\nAgency: Audience?\nClient: Adults 25-54 in the US.",
    "Q: What's the budget?\nA: $120k\nQ: Which channels?\nA: CTV\nQ: When and where?\n"
    "A: Q2 2027, US\nQ: Audience?\nA: adults 25-54",
    "[10:42] Sam Lee: budget?\n[10:43] Kim Park: $120k CTV\n[10:43] Sam Lee: timing & geo?\n"
    "[10:44] Kim Park: Q2 2027, US, adults 25-54",
    "Me: what are we working with?\nClient (Dana): $120k, CTV, Q2 2027\nMe: who for?\n"
    "Client (Dana): adults 25-54 across the US",
])
def test_a_conversation_is_read_from_its_answers(text: str) -> None:
    assert_core_read(read_brief(text))


def test_a_reference_date_written_as_text_is_read() -> None:
    brief = extract_brief(f"{CORE} In 2025 we ran radio and saw +4 pts of lift.",
                          reference_date="2026-12-07")  # type: ignore[arg-type]
    assert isinstance(brief, CampaignBrief), brief.describe()


# Changes stated in passing: what they set aside no longer stands.
@pytest.mark.parametrize("text", [
    f"Ignore my email from last week (the one with $150k and April dates), plans changed.\n\n"
    f"{CORE}",
    f"Please disregard the earlier brief ($90k, display).\n{CORE}",
    f"Forget the deck from Monday - new numbers: {CORE}",
    f"{CORE} Budget went up from 100 to 120 thousand.\n\n-----Original Message-----\n"
    "Budget: $100,000, CTV, Q2 2027",
    f"{CORE} The budget increased from $90k to $120k since the $90k brief.",
    "$120k CTV and audio, Q2 2027, adults 25-54, US. Audio is out, CTV only now.",
    "$120k CTV, Q2 2027, adults 25-54, US, Denver and Dallas. Denver is dropped; Dallas only.",
])
def test_a_change_stated_in_passing_replaces_what_it_changes(text: str) -> None:
    brief = read_brief(text)
    assert brief.budget_micros == 120_000_000_000
    assert [c.value for c in brief.channels] == ["ctv"]
    assert brief.dmas in ([], ["623"])


def test_an_ask_that_names_a_goal_or_an_audience_is_read() -> None:
    brief = read_brief("$120k CTV, Q2 2027, US. Adults 25-54. Please report on conversions weekly.")
    assert brief.goal.value == "performance"
    brief = read_brief("$120k CTV, Q2 2027, US. Creative focuses on families, adults 25-44.")
    assert (brief.audience.age_min, brief.audience.age_max) == (25, 44)


@pytest.mark.parametrize(("text", "want"), [
    (f"{CORE}\nP.S. make that adults 35-54.", {"ages": (35, 54)}),
    (f"{CORE}\nCorrection: adults 35-54, not 25-54.", {"ages": (35, 54)}),
    ("$120k CTV and audio, Q2 2027, adults 25-54, US.\nEDIT: swap audio for display.",
     {"channels": ["ctv", "display"]}),
    ("$120k CTV and audio, Q2 2027, adults 25-54, US. Actually, display instead of audio.",
     {"channels": ["ctv", "display"]}),
    (f"{CORE} Actually, make it Q3 2027.", {"start": date(2027, 7, 1)}),
    (f"{CORE} Sorry, typo - I meant $150k.", {"budget": 150_000}),
    (f"{CORE} Oops, that should be $210k.", {"budget": 210_000}),
    (f"{CORE} Correction to the above: $130k.", {"budget": 130_000}),
    (f"{CORE}\nP.S. we have an extra $10k for audio if needed.", {"refused": True}),
])
def test_a_correction_of_any_fact_replaces_it(text: str, want: dict[str, object]) -> None:
    result = extract_brief(text, reference_date=TODAY)
    if want.get("refused"):  # money added is no restated budget: it never replaces it
        assert isinstance(result, BriefGap) or result.budget_micros != 10_000_000_000
        return
    assert isinstance(result, CampaignBrief), result.describe()
    got = {"ages": (result.audience.age_min, result.audience.age_max),
           "channels": [c.value for c in result.channels], "start": result.flight_start,
           "budget": result.budget_micros // 1_000_000}
    for key, value in want.items():
        assert got[key] == value, (key, got[key])


OLD = "$90k display, Q1 2027, adults 18-34, Canada."


# The newest message wins kind by kind, whatever the mail program marks the older ones with.
@pytest.mark.parametrize("text", [
    f"{CORE}\n\n________________________________\nFrom: Ann <a@x.com>\nSent: Friday, December 4,"
    f" 2026 3:02 PM\n\n{OLD}",
    f"{CORE}\n\nLe ven. 4 déc. 2026 à 15:02, Anne <a@x.com> a écrit :\n> {OLD}",
    f"{CORE}\n\nAm Fr., 4. Dez. 2026 um 15:02 Uhr schrieb Anna <a@x.com>:\n> {OLD}",
    f"{CORE}\n\nEl vie, 4 dic 2026 a las 15:02, Ana (<a@x.com>) escribió:\n> {OLD}",
    f"{CORE}\n\nFrom: Ann Sent: Friday, December 4, 2026 3:02 PM To: Sam Subject: old\n{OLD}",
    f"{CORE}\n\n--- Original message ---\n{OLD}",
    f"{CORE}\n\n=== Previous message (Dec 4) ===\n{OLD}",
])
def test_the_newest_message_replaces_the_older_ones(text: str) -> None:
    assert_core_read(read_brief(text))


def test_what_the_newest_message_does_not_restate_stands() -> None:
    brief = read_brief(
        "Budget is now $120k, everything else stands.\n\n-----Original Message-----\n"
        "$90k CTV, Q2 2027, adults 25-54, US.")
    assert_core_read(brief)


@pytest.mark.parametrize(("text", "said"), [
    ("$120k CTV, adults 25-54, US\nFlight: TBC (likely Q2 2027)", "likely 'Q2 2027'"),
    ("Budget: ~$120k (TBC)\nCTV, Q2 2027, adults 25-54, US", "to be confirmed"),
    ("Budget: $120k (pending approval)\nCTV, Q2 2027, adults 25-54, US", "to be confirmed"),
    ("$120k CTV, adults 25-54, US. Dates: TBD (probably Q2 2027)", "likely 'Q2 2027'"),
    ("CTV, Q2 2027, adults 25-54, US. Budget $120k (tentative)", "to be confirmed"),
])
def test_a_tentative_value_is_read_and_said(text: str, said: str) -> None:
    brief = read_brief(text)
    assert_core_read(brief)
    assert any(said in a for a in brief.assumptions), brief.assumptions


@pytest.mark.parametrize(("newest", "countries"), [
    ("Same as below except budget is $120k and add Canada.", ["CA", "US"]),
    ("Include Mexico as well.", ["MX", "US"]),
    ("Also run it in Canada.", ["CA", "US"]),
    ("Switch it to Canada only.", ["CA"]),
    ("Market is now Canada.", ["CA"]),
])
def test_a_newest_message_adds_to_or_replaces_the_older_places(newest: str,
                                                                countries: list[str]) -> None:
    brief = read_brief(f"{newest}\n\n-----Original Message-----\n{CORE}")
    assert sorted(brief.countries) == countries
    assert brief.budget_micros == 120_000_000_000


def test_a_subject_line_amount_the_body_contradicts_is_asked_about() -> None:
    # the subject's $150K is not dropped for the body's $120k (intake/thread.py)
    gap = extract_brief("Subject: Cedar Point Kayaks - $150K CTV, May 2027\n\n" + CORE,
                        reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert any(i.field == "budget" and i.kind.value == "contradictory" for i in gap.issues)
