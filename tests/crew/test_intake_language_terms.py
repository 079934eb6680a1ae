"""The words of a brief in another language, one family at a time, and English briefs left
as they are.

Non-native writers put their own terms in an English brief (Zielgruppe, Laufzeit,
Mediabudget, cible, période, durée, público objetivo, pauta, praça, vecka): each reads as
the English word. People words (adults, women, men, young adults, parents, mothers,
households) read as in English in every language; an English brief is never glossed.
"""

from __future__ import annotations

import pytest

from .intake_reading import read_brief

_ENGLISH = "EUR 200k, CTV, 1 March - 30 April 2027, women 25-49, Germany."


@pytest.mark.parametrize("text", [
    "Mediabudget: EUR 200k, CTV, Laufzeit: 1 March - 30 April 2027, Zielgruppe: women 25-49, "
    "Germany.",
    "Budget EUR 200k, CTV, période : 1 March - 30 April 2027, cible : women 25-49, Germany.",
    "Budget EUR 200k, pauta: CTV, período: 1 March - 30 April 2027, público objetivo: women "
    "25-49, praça: Germany.",
    "Budget EUR 200k, Kanäle: CTV, Zeitraum: 1 March - 30 April 2027, doelgroep: women 25-49, "
    "Gebiet: Germany.",
    "Budget EUR 200k, canali: CTV, periodo: 1 March - 30 April 2027, pubblico: women 25-49, "
    "Germany.",
    "EUR 200k, Connected-TV, looptijd: 1 March - 30 April 2027, målgruppe: women 25-49, "
    "Germany.",
])
def test_an_english_brief_with_the_planner_s_own_labels(text: str) -> None:
    read, twin = read_brief(text), read_brief(_ENGLISH)
    assert (read.budget_micros, read.flight_start, read.flight_end, read.channels,
            read.audience, read.countries) == (
        twin.budget_micros, twin.flight_start, twin.flight_end, twin.channels,
        twin.audience, twin.countries)


@pytest.mark.parametrize(("people", "english"), [
    ("jeunes adultes 18-24", "young adults 18-24"), ("junge Erwachsene 18-24",
                                                     "young adults 18-24"),
    ("unga vuxna 18-24", "young adults 18-24"), ("jovens adultos 18-24", "young adults 18-24"),
    ("mères 25-44", "moms 25-44"), ("Mütter 25-44", "moms 25-44"), ("mamme 25-44", "moms 25-44"),
    ("moeders 25-44", "moms 25-44"), ("madres 25-44", "moms 25-44"),
    ("mødre 25-44", "moms 25-44"), ("pères 30-49", "dads 30-49"), ("Väter 30-49", "dads 30-49"),
    ("papà 30-49", "dads 30-49"), ("Eltern 30-49", "parents 30-49"),
    ("genitori 30-49", "parents 30-49"), ("ouders 30-49", "parents 30-49"),
    ("forældre 30-49", "parents 30-49"), ("vanhemmat 30-49", "parents 30-49"),
    ("Frauen 25-49 mit Kindern", "women 25-49 with kids"),
    ("femmes 25-49 avec enfants", "women 25-49 with kids"),
    ("hommes et femmes 25-54", "men and women 25-54"),
    ("Männer und Frauen 25-54", "men and women 25-54"),
    ("uomini e donne 25-54", "men and women 25-54"),
])
def test_people_words_read_as_in_english(people: str, english: str) -> None:
    brief = "EUR 200k, display, 1 March - 30 April 2027, {}, Europe: Germany."
    read, twin = read_brief(brief.format(people)), read_brief(brief.format(english))
    assert read.audience == twin.audience


@pytest.mark.parametrize("halves", [
    "moitié-moitié", "à parts égales", "je zur Hälfte", "zu gleichen Teilen", "metà e metà",
    "in parti uguali", "half om half", "em partes iguais", "hälften var", "lige fordelt",
    "puoliksi"])
def test_half_and_half_in_each_language(halves: str) -> None:
    brief = read_brief(f"EUR 200k, CTV e display {halves}, 1 March - 30 April 2027, "
                       "adults 25-54, Germany.")
    assert sorted(brief.channel_split.values()) == [50, 50]


@pytest.mark.parametrize("weeks", ["v.10-v.17 2027", "v. 10-17 2027", "KW 10-17 2027",
                                   "KW10–KW17 2027", "weken 10-17 2027"])
def test_calendar_weeks_as_planners_write_them(weeks: str) -> None:
    brief = read_brief(f"EUR 200k für CTV, {weeks}, Frauen 25-49, Deutschland.")
    assert (brief.flight_start.isoformat(), brief.flight_end.isoformat()) == (
        "2027-03-08", "2027-05-02")


@pytest.mark.parametrize(("amount", "micros"), [
    ("150 T€", 150_000_000_000), ("150 TEUR", 150_000_000_000),
    ("1,5 Mio. €", 1_500_000_000_000)])
def test_german_thousands_of_euros(amount: str, micros: int) -> None:
    brief = read_brief(f"Budget {amount}, CTV, 1.3.2027 - 30.4.2027, Frauen 25-49, "
                       "Deutschland.")
    assert (brief.budget_micros, brief.currency) == (micros, "EUR")


@pytest.mark.parametrize("text", [
    # a forwarded mail's date header is no flight, a brand's "Kinder" is no kids
    "From: Anna\nDate: Mon, 5 Apr 2027\nSubject: Kinder Bueno spring\n\n$200k on CTV, "
    "April 5 - June 27, 2027, US adults 25-54.",
    # a people word in a quoted name is the name's
    '$200k, display, "Madres 2027", April 5 - June 27, 2027, US women 25-54.',
    "$200k, display, April 5 - June 27, 2027, parents 30-50, US. Thanks, Dana",
    "$200k on CTV, weeks 14-25 2027, US adults 25-54, 2 mi around each store.",
])
def test_an_english_brief_is_left_as_written(text: str) -> None:
    brief = read_brief(text)
    assert not any(a.startswith("read in English:") for a in brief.assumptions)
    assert brief.budget_micros == 200_000_000_000


def test_a_people_word_inside_a_name_stays_the_name_s() -> None:
    brief = read_brief('Hola equipo, presupuesto MXN 3.5 millones, campaña "Día de las Madres '
                       '2027", del 19 de abril al 10 de mayo de 2027, display, Mujeres 25-54, '
                       "México. Saludos, Andrea")
    assert brief.name == "Día de las Madres 2027"


@pytest.mark.parametrize(("text", "name"), [
    ('Hola! MXN 2 millones, campaña "Día de las Mujeres 2027", display, del 1 al 8 de marzo de '
     "2027, mujeres 25-54, México. Saludos, Ana", "Día de las Mujeres 2027"),
    ('Hej! SEK 500 000, kampanj "Kvinnor i Sverige", CTV, 1 mars - 30 april 2027, kvinnor '
     "25-54, Sverige. Mvh Eva", "Kvinnor i Sverige"),
])
def test_a_quoted_name_is_never_glossed(text: str, name: str) -> None:
    brief = read_brief(text)
    assert brief.name == name
    assert brief.audience.gender.value == "female"


@pytest.mark.parametrize(("start", "end"), [
    ("Fecha de inicio", "Fecha de fin"), ("Data de início", "Data de término"),
    ("Startdatum", "Enddatum"), ("Date de début ", "Date de fin "), ("Data inizio", "Data fine"),
    ("Startdatum", "Einddatum"), ("Startdatum", "Slutdatum"), ("Startdato", "Sluttdato"),
    ("Alkamispäivä", "Päättymispäivä")])
def test_start_and_end_labels_in_each_language(start: str, end: str) -> None:
    brief = read_brief(f"Budget: EUR 250,000\n{start}: 01/03/2027\n{end}: 30/04/2027\n"
                       "Channels: CTV\nAudience: women 25-49\nGeo: Germany")
    assert (brief.flight_start.isoformat(), brief.flight_end.isoformat()) == (
        "2027-03-01", "2027-04-30")


@pytest.mark.parametrize(("text", "currency"), [
    ("Hei! Budsjett 1,5 mill. kroner, nettvideo, 1. mars til 30. april 2027, voksne 25-54, "
     "hele Norge. Mvh Kari", "NOK"),
    ("Hej! Budget 1,5 mio. kroner, online video, 1. marts - 30. april 2027, kvinder 25-54, "
     "Danmark. Vh Søren", "DKK"),
])
def test_kroner_after_a_scale_word_is_read_by_the_brief_s_language(text: str,
                                                                   currency: str) -> None:
    brief = read_brief(text)
    assert (brief.budget_micros, brief.currency) == (1_500_000_000_000, currency)


@pytest.mark.parametrize(("deal", "english"), [
    ("compra programática garantizada", "programmatic guaranteed"),
    ("programmatico garantito", "programmatic guaranteed"),
    ("programática garantida", "programmatic guaranteed"),
    ("deal privado", "private marketplace"), ("marketplace privado", "private marketplace"),
    ("privater Marktplatz", "private marketplace"),
    ("place de marché privée", "private marketplace")])
def test_deal_types_in_other_languages(deal: str, english: str) -> None:
    brief = "USD 200k, {}, CTV, 1 March - 30 April 2027, adults 25-54, Mexico."
    read, twin = read_brief(brief.format(deal)), read_brief(brief.format(english))
    assert read.deal_types == twin.deal_types
    assert read.deal_types
