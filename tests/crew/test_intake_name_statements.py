"""The campaign's name, said in passing: the planner says what the name is ("Campaign
name's going to be X", "call the campaign X", "X campaign (that's the name)"), quotes it
beside a describing word ('our "X" holiday campaign'), or names it with the word campaign
in another language ("campaña X", "Campanha X:"). A heading above a labelled name
("CAMPAIGN OVERVIEW" over "Campaign name: X") and a greeting in another language ("Olá
time!") are never the name."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief

_FACTS = "$200k, CTV only, Mar 1 - Apr 30 2027, adults 25-54, US"


@pytest.mark.parametrize("said", [
    "Campaign name's going to be Night Shift — {facts}",
    "Campaign name is going to be Night Shift. {facts}",
    "The campaign name will be Night Shift. {facts}",
    "Sure — call the campaign Night Shift. {facts}",
    "Let's name the campaign Night Shift. {facts}",
    "Title the campaign Night Shift, please. {facts}",
])
def test_the_planner_saying_what_the_name_is(said: str) -> None:
    assert read_brief(said.format(facts=_FACTS)).name == "Night Shift"


@pytest.mark.parametrize("said", [
    "Night Shift campaign (that's the name) — {facts}",
    "Night Shift (that's the campaign name). {facts}",
    "Night Shift — that is the name. {facts}",
    "{facts}. Night Shift is the campaign's name.",
])
def test_a_name_followed_by_thats_the_name(said: str) -> None:
    assert read_brief(said.format(facts=_FACTS)).name == "Night Shift"


def test_an_article_before_thats_the_name_is_not_part_of_it() -> None:
    brief = read_brief(f"The Night Shift campaign (that's the name to use) — {_FACTS}")
    assert brief.name == "Night Shift"


@pytest.mark.parametrize("quoted", [
    'Hi! $200k for our "Pasko Na" holiday campaign. CTV only, Mar 1 - Apr 30 2027, US.',
    "The 'Pasko Na' seasonal push: $200k, CTV only, Mar 1 - Apr 30 2027, US.",
    '$200k on the "Pasko Na" brand campaign, CTV only, Mar 1 - Apr 30 2027, US.',
    'Budget for "Pasko Na" promo is $200k, CTV only, Mar 1 - Apr 30 2027, US.',
])
def test_a_quoted_name_beside_a_describing_word(quoted: str) -> None:
    assert read_brief(quoted).name == "Pasko Na"


@pytest.mark.parametrize(("text", "name"), [
    ('Hola equipo: presupuesto USD 200k, campaña "Día de las Madres 2027", CTV, del 1 de marzo '
     "al 30 de abril de 2027, México.", "Día de las Madres 2027"),
    ("Olá! Campanha Dia dos Namorados 2027: USD 200k, CTV, 01/03/2027 a 30/04/2027, Brasil.",
     "Dia dos Namorados 2027"),
    ("Olá time!\n\nSegue o brief da campanha Verão Nativa 2027:\n- Verba: USD 200k\n- Canais: "
     "CTV\n- Período: 01/03/2027 a 30/04/2027\n- Praças: Brasil", "Verão Nativa 2027"),
    ("Bonjour, voici la campagne « Printemps Frais »: 200k USD, CTV, du 1 mars au 30 avril "
     "2027, France.", "Printemps Frais"),
    ("Hallo, die Kampagne Winterzauber 2027: USD 200k, CTV, 1. März bis 30. April 2027, "
     "Deutschland.", "Winterzauber 2027"),
])
def test_the_campaign_word_in_another_language_names_it(text: str, name: str) -> None:
    assert read_brief(text).name == name


@pytest.mark.parametrize("greeting", ["Olá time!", "Hola equipo!", "Howzit team", "Hej hej!",
                                      "Merhaba ekip,", "Habari team!"])
def test_a_greeting_in_another_language_is_no_name(greeting: str) -> None:
    brief = read_brief(f"{greeting}\n$200k CTV only, Mar 1 - Apr 30 2027, adults 25-54, US.")
    assert brief.name == "CTV Awareness March 2027"


@pytest.mark.parametrize("heading", ["CAMPAIGN OVERVIEW", "Campaign Summary", "BRIEF OVERVIEW",
                                     "Campaign Background"])
def test_a_heading_above_a_labelled_name_is_not_the_name(heading: str) -> None:
    brief = read_brief(f"{heading}\nClient: Northwind Outdoor Co.\nCampaign name: Trailhead "
                       "Spring 2027\n\nOBJECTIVE\nDrive consideration for the new boot line.\n\n"
                       "BUDGET\nUSD 0.5M\n\nTIMING\n15 March 2027 – 30 April 2027\n\nMEDIA\nCTV"
                       "\n\nMARKETS\nColorado, Utah")
    assert brief.name == "Trailhead Spring 2027"


def test_a_heading_alone_is_not_the_name() -> None:
    brief = read_brief("CAMPAIGN OVERVIEW\nBudget: $200k\nChannels: CTV\n"
                       "Flight: Mar 1 - Apr 30 2027\nGeo: US")
    assert brief.name == "CTV Awareness March 2027"
