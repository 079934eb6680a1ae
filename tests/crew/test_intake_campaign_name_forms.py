"""A campaign's name, written every way planners write it (issue 19); a greeting, a
fragment, a client or a subject line's facts are never the name.

Each family has several phrasings, the way different planners write them.
"""

from __future__ import annotations

import pytest

from .intake_reading import CORE, read_brief


# A campaign's name, written every way planners write it.
@pytest.mark.parametrize(("text", "name"), [
    (f"Campaign: Bright Harbor Spring\n{CORE}", "Bright Harbor Spring"),
    (f"Re: Bright Harbor Spring brief\n\nHi all,\n{CORE}", "Bright Harbor Spring"),
    (f"Subject: Bright Harbor Spring\n\n{CORE}", "Bright Harbor Spring"),
    (f"Subject: RE: FW: Bright Harbor Spring - media brief\n\n{CORE}", "Bright Harbor Spring"),
    (f"Hi team, for our Bright Harbor Spring campaign: {CORE}", "Bright Harbor Spring"),
    (f"Budget for the Bright Harbor Spring push: {CORE}", "Bright Harbor Spring"),
    (f"Project Bright Harbor: {CORE}", "Project Bright Harbor"),
    (f"Bright Harbor - Q2\n{CORE}", "Bright Harbor - Q2"),
    (f'{CORE} The campaign is "Bright Harbor Spring".', "Bright Harbor Spring"),
    (f"{CORE} Campaign name - Bright Harbor Spring", "Bright Harbor Spring"),
    (f"Spring Saver\n{CORE}", "Spring Saver"),
    (f"Campaign name: Holiday Cheer 2027\n{CORE}", "Holiday Cheer 2027"),
    (f"Kampagne: Sommerfrische\n{CORE}", "Sommerfrische"),
    (f'Hi team - we\'re calling this one "Bright Harbor". {CORE}', "Bright Harbor"),
    (f"PROJECT: Orion\n{CORE}", "Orion"),
    (f"Following today's status call, here's what we agreed for Project Orion:\n{CORE}",
     "Project Orion"),  # a lead-in after a call is no meeting request
    (f"Campaign: Bright Harbor (job 4471)\n{CORE}", "Bright Harbor"),
    (f"Initiative: Bright Harbor Spring\n{CORE}", "Bright Harbor Spring"),
    (f"Hi all, this is the brief for Bright Harbor Spring. {CORE}", "Bright Harbor Spring"),
    (f"{CORE} We're calling it Bright Harbor Spring.", "Bright Harbor Spring"),
    (f"{CORE} Internally it's called 'Bright Harbor'.", "Bright Harbor"),
    (f"Campaign: TBD (working title Bright Harbor)\n{CORE}", "Bright Harbor"),
    (f"Bright Harbor Spring – Media Brief\n{CORE}", "Bright Harbor Spring"),
    (f"MEDIA BRIEF: BRIGHT HARBOR SPRING\n{CORE}", "BRIGHT HARBOR SPRING"),
    ("Campaign: Bright Harbor Wave 1 // $120k // CTV // Q2 2027 // A25-54 // US",
     "Bright Harbor Wave 1"),
    ("Campaign: Bright Harbor • $120k • CTV • Q2 2027 • adults 25-54 • US", "Bright Harbor"),
    (f'Subject: Campaign "Bright Harbor 2027" - media brief\n\n{CORE}', "Bright Harbor 2027"),
    # a heading before the brief, a holiday inside a title, "campaign is X", "this is for X"
    (f"Spring Saver: {CORE}", "Spring Saver"),
    (f"Summer Sips 2027 — {CORE}", "Summer Sips 2027"),
    (f"Spring Saver brief - {CORE}", "Spring Saver"),
    (f"Black Friday Blitz\n{CORE}", "Black Friday Blitz"),
    (f"{CORE} Campaign is Holiday Cheer.", "Holiday Cheer"),
    (f"{CORE} This is for Spring Saver.", "Spring Saver"),
    (f"The Spring Saver campaign: {CORE}", "Spring Saver"),
    ("Hi Dana,\n\nFor Spring Refresh 2027 the budget is $120k. CTV, Q2 2027, adults 25-54, US.",
     "Spring Refresh 2027"),
    (f"Nom de la campagne : Été Radieux\n{CORE}", "Été Radieux"),
])
def test_a_campaign_name_is_read_every_way_it_is_written(text: str, name: str) -> None:
    assert read_brief(text).name == name


@pytest.mark.parametrize("text", [
    f"Hi Sam,\n{CORE}",
    f"Good morning team!\n{CORE}",
    f"Thanks for the call earlier.\n{CORE}",
    f"Hope all is well.\n{CORE}",
    f"Quick one:\n{CORE}",
    f"Following up on our chat\n{CORE}",
    f"Happy Monday!\n{CORE}",
    f"URGENT\n{CORE}",
    f"Budget Update: {CORE}",
    f"Quick one: {CORE}",
    f"New brief\n{CORE}",
    f"Client: Acme Foods\n{CORE}",
    f"Hello from Acme!\n{CORE}",
    f"Hey there -\n{CORE}",
])
def test_a_greeting_or_fragment_is_never_the_name(text: str) -> None:
    brief = read_brief(text)
    assert brief.name.startswith("CTV"), brief.name  # generated from the facts


@pytest.mark.parametrize(("text", "name"), [
    (f"Client: Acme Foods\nCampaign: Crunch Time\n{CORE}", "Crunch Time"),
    (f"Advertiser: Acme Foods\n{CORE}\nCampaign name: Crunch Time", "Crunch Time"),
    (f"Acme Foods\nCampaign: Crunch Time\n{CORE}", "Crunch Time"),
    (f"Brand: Acme Foods | Campaign: Crunch Time\n{CORE}", "Crunch Time"),
    (f"For Acme Foods' \"Crunch Time\" campaign: {CORE}", "Crunch Time"),
])
def test_a_client_name_is_not_the_name_when_a_campaign_name_is_given(text: str,
                                                                    name: str) -> None:
    assert read_brief(text).name == name


def test_a_subject_line_that_states_facts_names_nothing_of_them() -> None:
    brief = read_brief("Subject: Cedar Point Kayaks - $120K CTV, Q2 2027\n\n" + CORE)
    assert brief.name == "Cedar Point Kayaks"
