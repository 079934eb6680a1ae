"""Briefs written partly or wholly in another language read as their English twins.

Each pair is one brief written twice: by a planner in its own language and in English.
A gloss must never change a fact's value, so both read the same: budget, currency,
flight, channels, split, audience, countries and name. Greetings and sign-offs in any
language are never the campaign's name.
"""

from __future__ import annotations

import pytest

from ad_buyer.intake.languages import read_languages
from ad_buyer.intake.reading import Reading

from .intake_reading import TODAY, read_brief, refused_brief, twin_facts

TWINS = [
    # Portuguese (Brazil): labels, "a" between dates, an unquoted name after "campanha"
    ("Olá time!\n\nSegue o brief da campanha Sol de Inverno 2027:\n- Verba: BRL 900.000\n"
     "- Canais: CTV e vídeo online, 70/30\n- Período: 01/06/2027 a 31/07/2027\n"
     "- Praças: Brasil\n- Público: mulheres 25-44\n\nAbraços,\nJoana Lima",
     "Hi team!\n\nCampaign: Sol de Inverno 2027\n- Budget: BRL 900,000\n"
     "- Channels: CTV and online video, 70/30\n- Flight: 01/06/2027 to 31/07/2027\n"
     "- Geo: Brazil\n- Audience: women 25-44\n\nRegards,\nJoana Lima"),
    # Spanish (Mexico): month names with "de", "del ... al ...", "el resto"
    ('Hola equipo, presupuesto MXN 2,000,000, campaña "Regreso a Clases 2027", del 2 de '
     "agosto al 5 de septiembre de 2027. 60% CTV, el resto display. Hombres 18-34, "
     "México. Saludos, Luis",
     'Hi team, budget MXN 2,000,000, campaign "Regreso a Clases 2027", from 2 August to '
     "5 September 2027. 60% CTV, the rest display. Men 18-34, Mexico. Regards, Luis"),
    # Spanish (Colombia): "mitad y mitad", "jóvenes", "CPM máximo"
    ("Buenas! COP 300.000.000 para audio digital y display, mitad y mitad, del 1 de marzo "
     "al 30 de abril de 2027, Colombia, jóvenes 18-29. Gracias, Julián",
     "Hi! COP 300,000,000 for digital audio and display, 50/50, from 1 March to "
     "30 April 2027, Colombia, young adults 18-29. Thanks, Julián"),
    # Danish: "fra 5. april til 16. maj 2027", "hele Danmark", "kvinder"
    ("Hej hej! DKK 700.000 til online video, fra 5. april til 16. maj 2027, hele Danmark, "
     "kvinder 25-49. Venlig hilsen, Mette",
     "Hi! DKK 700,000 for online video, from 5 April to 16 May 2027, all of Denmark, "
     "women 25-49. Regards, Mette"),
    # Swedish: "Målgrupp", "vuxna", "resten ljud", month names without a year's "de"
    ("Hej! SEK 1 500 000 för CTV och streamingljud i Sverige, 75 % CTV, resten ljud, "
     "8 mars - 2 maj 2027. Målgrupp: vuxna 30-59. Mvh Johanna",
     "Hi! SEK 1,500,000 for CTV and streaming audio in Sweden, 75% CTV, the rest audio, "
     "8 March - 2 May 2027. Audience: adults 30-59. Regards, Johanna"),
    # Norwegian: "alle 18+", "Norge", "og"
    ("NOK 900 000, display og online video 60/40, 01.02.2027–31.03.2027, Norge, alle 18+. "
     "Hilsen Lars",
     "NOK 900,000, display and online video 60/40, 01.02.2027–31.03.2027, Norway, "
     "adults 18+. Regards, Lars"),
    # Turkish: "bütçe", "%55", Turkish months, "yaş"
    ("Merhaba, bütçe USD 400.000, online video ve display, %55 video %45 display, "
     "1 Nisan - 31 Mayıs 2027, Türkiye, 18-34 yaş. Teşekkürler, Elif",
     "Hi, budget USD 400,000, online video and display, 55% video 45% display, "
     "1 April - 31 May 2027, Turkey, ages 18-34. Thanks, Elif"),
    # Polish: "budżet", "połowa/połowa", "cała Polska", "dorośli"
    ("Dzień dobry,\nbudżet PLN 250 000 na kampanię wideo online i CTV (połowa/połowa), "
     "01.03.2027 – 30.04.2027, cała Polska, dorośli 25-54.\nPozdrawiam, Katarzyna",
     "Hi,\nbudget PLN 250,000 for online video and CTV (50/50), 01.03.2027 – 30.04.2027, "
     "Poland, adults 25-54.\nRegards, Katarzyna"),
    # Indonesian: "Anggaran:", "dewasa", "Terima kasih"
    ("Selamat pagi!\nAnggaran: IDR 2.500.000.000\nSaluran: display\nPeriode: 1 Mei 2027 - "
     "30 Juni 2027\nTarget: dewasa 18-35\nTerima kasih,\nDimas",
     "Good morning!\nBudget: IDR 2,500,000,000\nChannels: display\nFlight: 1 May 2027 - "
     "30 June 2027\nTarget: adults 18-35\nThanks,\nDimas"),
    # Japanese labels and dates
    ("お疲れ様です。\n予算 JPY 30,000,000\nCTV only\n2027年4月19日〜2027年5月5日\n"
     "Target: M/F 20-39\nよろしくお願いします。Sato",
     "Hello,\nBudget JPY 30,000,000\nCTV only\n2027-04-19 to 2027-05-05\n"
     "Target: M/F 20-39\nThanks, Sato"),
    # Portuguese: a quoted name, "de ... até ...", "Brasil todo" is the country
    ('Olá! Campanha "Dia dos Pais 2027": BRL 800.000, display e mobile in-app, de '
     "19/07/2027 até 08/08/2027. Brasil, adultos 18-35. Bjs, Fernanda",
     'Hi! Campaign "Dia dos Pais 2027": BRL 800,000, display and mobile in-app, from '
     "19/07/2027 to 08/08/2027. Brazil, adults 18-35. Regards, Fernanda"),
]

@pytest.mark.parametrize(("foreign", "english"), TWINS)
def test_a_brief_in_another_language_reads_as_its_english_twin(foreign: str,
                                                               english: str) -> None:
    read, twin = read_brief(foreign), read_brief(english)
    assert twin_facts(read) == twin_facts(twin)
    assert read.name == twin.name
    assert any(a.startswith("read in English:") for a in read.assumptions)


@pytest.mark.parametrize(("text", "name"), [
    ("Segue o brief da campanha Verão Nativa 2027:\n- Verba: BRL 1.200.000\n- Canais: CTV\n"
     "- Período: 04/01/2027 a 28/02/2027\n- Público: adultos 25-54", "Verão Nativa 2027"),
    ("Hola! CLP 45.000.000, campaña Fiestas Patrias, del 30 de agosto al 19 de septiembre de "
     "2027, display, Chile, adultos 25-54. Saludos, Camila", "Fiestas Patrias"),
    ("Hej! Kampanj Vinterljus: SEK 800 000 för CTV, 1 december 2027 - 31 januari 2028, "
     "Sverige, vuxna 25-54.", "Vinterljus"),
    ('Merhaba, kampanya "Bahar 2027", bütçe USD 200.000, display, 1 Nisan - 31 Mayıs 2027, '
     "Türkiye, 18-34 yaş. Teşekkürler, Elif", "Bahar 2027"),
])
def test_the_campaign_word_of_another_language_names_the_campaign(text: str,
                                                                  name: str) -> None:
    assert read_brief(text).name == name


@pytest.mark.parametrize("greeting", [
    "Olá time!", "Hola equipo,", "Hej!", "Merhaba,", "Dzień dobry,", "Buenas tardes.",
    "お疲れ様です。", "Kia ora team!", "Howzit!", "Habari!", "Namaste team!"])
@pytest.mark.parametrize("sign_off", [
    "Abraços,\nMariana", "Saludos, Andrea", "Mvh Johanna", "Venlig hilsen, Mette",
    "Teşekkürler, Elif", "Pozdrawiam, Kasia", "Terima kasih, Dimas", "Shot, Pieter",
    "Asante, Brian", "よろしくお願いします。Sato", "감사합니다!", "Bjs, Fernanda"])
def test_greetings_and_sign_offs_are_never_a_name(greeting: str, sign_off: str) -> None:
    brief = read_brief(f"{greeting}\nUSD 200k, display, 1 March - 30 April 2027, "
                       f"US adults 25-54.\n{sign_off}")
    assert brief.name == "Display Awareness March 2027"
    assert not brief.not_understood or all(
        part not in brief.name for part in brief.not_understood)


@pytest.mark.parametrize("text", [
    # "kr" with words of two krone languages: the language does not pick one
    "Hej! 700.000 kr för online video, 1-30 april 2027, kvinder 25-49.",
    # a flight the planner has not settled is still asked about
    "Hola! USD 200k, CTV y display (mitad y mitad), México, adultos 25-54. "
    "Fechas por confirmar con el cliente. Saludos, Diego",
])
def test_what_is_missing_in_another_language_is_still_asked(text: str) -> None:
    gap = refused_brief(text)
    assert gap.issues


def test_an_english_brief_is_not_glossed() -> None:
    brief = read_brief("$200k on CTV and display, April 5 - June 27, 2027, US adults 25-54. "
                       "Set it up as a preferred deal. CTV ~60%, display ~40%.")
    assert not any(a.startswith("read in English:") for a in brief.assumptions)
    assert brief.flight_end.isoformat() == "2027-06-27"


@pytest.mark.parametrize(("text", "currency"), [
    ("Hej! Vi har 1 200 000 kr för CTV i Sverige, 1 mars - 30 april 2027, vuxna 30-59.", "SEK"),
    ("Hej! 900.000 kr til online video, fra 5. april til 16. maj 2027, kvinder 25-49.", "DKK"),
    ("Hei! 2 500 000 kr til display, 01.02.2027–31.03.2027, kvinner 25-49. Takk!", "NOK"),
    ("Dzień dobry, budżet 250 000 zł na CTV, 01.03.2027 – 30.04.2027, dorośli 25-54.", "PLN"),
])
def test_a_currency_word_is_read_by_the_brief_s_language(text: str, currency: str) -> None:
    brief = read_brief(text)
    assert brief.currency == currency
    assert brief.budget_micros in {1_200_000_000_000, 900_000_000_000, 2_500_000_000_000,
                                   250_000_000_000}


def test_kr_in_a_brief_of_no_one_krone_language_is_asked() -> None:
    gap = refused_brief("1 200 000 kr for CTV, 1 March - 30 April 2027, adults 30-59.")
    assert any(issue.field == "currency" for issue in gap.issues)


@pytest.mark.parametrize("weeks", ["Vecka 10-17 2027 (8 mars - 2 maj 2027)",
                                   "uge 10-17 2027", "uke 10-17 2027"])
def test_iso_weeks_in_another_language(weeks: str) -> None:
    brief = read_brief(f"SEK 500 000 för CTV, {weeks}, Sverige, vuxna 30-59.")
    assert (brief.flight_start.isoformat(), brief.flight_end.isoformat()) == (
        "2027-03-08", "2027-05-02")


@pytest.mark.parametrize("dates", ["2027.03.02 ~ 2027.04.30", "2027. 3. 2. ~ 2027. 4. 30.",
                                   "2027년 3월 2일 ~ 2027년 4월 30일",
                                   "2027年3月2日〜2027年4月30日",
                                   "2027.3.2 - 2027.4.30"])
def test_year_first_dates_of_east_asian_briefs(dates: str) -> None:
    brief = read_brief(f"KRW 500,000,000 for display, {dates}, South Korea, women 20-34.")
    assert (brief.flight_start.isoformat(), brief.flight_end.isoformat()) == (
        "2027-03-02", "2027-04-30")


@pytest.mark.parametrize("flight", ["od 15. 3. 2027 do 25. 4. 2027", "15. 3. 2027 – 25. 4. 2027",
                                    "from 15. 3. 2027 to 25. 4. 2027", "15.3. - 25. 4. 2027"])
def test_dotted_dates_written_with_spaces(flight: str) -> None:
    brief = read_brief(f"CZK 1,500,000, display, {flight}, Česko, muži 25-44.")
    assert (brief.flight_start.isoformat(), brief.flight_end.isoformat()) == (
        "2027-03-15", "2027-04-25")
    assert brief.countries == ["CZ"]
    assert brief.audience.gender.value == "male"


def test_meta_the_seller_is_no_goal_label() -> None:
    text = "$200k on display and social, 1 March - 30 April 2027.\nMeta: 40%, TikTok: 60%"
    reading = Reading(reference=TODAY)
    assert read_languages(text, reading) == text
    assert not reading.assumptions
