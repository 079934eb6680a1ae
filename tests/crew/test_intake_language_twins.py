"""Briefs in French, German, Italian, Dutch, Spanish, Portuguese and the Nordic languages
read as their English twins, and English briefs that borrow the planner's own terms
(Zielgruppe, Laufzeit, cible, período, pauta, praça, vecka) read as if written in English.

A gloss changes no fact's value: each pair reads the same budget, currency, flight,
channels, split, audience, countries and name.
"""

from __future__ import annotations

import pytest

from .intake_reading import read_brief, twin_facts

TWINS = [
    # French: labels with a space before the colon, "Objet", "campagne", "vidéo en ligne"
    ("Objet : campagne Printemps 2027\nBudget média : 300 000 € HT\nLeviers : vidéo en ligne "
     "50 %, display 30 %, audio digital 20 %\nPériode : du 15 mars au 30 avril 2027\n"
     "Cible : femmes 25-49 ans\nPays : France\nMerci d'avance, Julie",
     'Campaign: "Printemps 2027"\nBudget: 300 000 € HT\nChannels: online video 50%, display '
     "30%, digital audio 20%\nFlight: from 15 March to 30 April 2027\nAudience: women 25-49\n"
     "Geo: France\nRegards, Julie"),
    # French: "TV connectée", "moitié-moitié", "hommes et femmes"
    ("Bonjour à tous, budget 200 000 € pour la TV connectée et la vidéo en ligne, "
     "moitié-moitié, du 1er mars au 30 avril 2027, hommes et femmes 18-34 ans, Belgique. "
     "Bonne journée, Marc",
     "Hi, budget EUR 200,000 for CTV and online video, 50/50, from 1 March to 30 April "
     "2027, men and women 18-34, Belgium. Regards, Marc"),
    # German: "Kanäle", "je zur Hälfte", "Zeitraum", "Zielgruppe", "Viele Grüße"
    ("Hallo zusammen,\nBudget: 400.000 €\nKanäle: CTV und Online-Video (je zur Hälfte)\n"
     "Zeitraum: 1.3.2027 bis 30.4.2027\nZielgruppe: Erwachsene 30-59\nLand: Deutschland\n"
     "Viele Grüße, Jan",
     "Hi team,\nBudget: EUR 400,000\nChannels: CTV and online video (50/50)\n"
     "Flight: 1.3.2027 to 30.4.2027\nAudience: adults 30-59\nGeo: Germany\nRegards, Jan"),
    # German: "150 T€", "den Rest", "KW 10-17"
    ("Moin! Mediabudget 150 T€, Display 60 %, den Rest in Audio, KW 10-17 2027, Frauen "
     "25-49, Deutschland. Danke & Gruß, Tim",
     "Hi! Budget EUR 150,000, display 60%, the rest in audio, 8 March - 2 May 2027, women "
     "25-49, Germany. Thanks, Tim"),
    # Italian: "canali", "audio digitale", "in parti uguali", "uomini"
    ("Buongiorno a tutti, budget 180.000 €, canali: CTV e audio digitale in parti uguali, "
     "dal 1 aprile al 31 maggio 2027, uomini 35-54, Italia. Cordiali saluti, Paolo",
     "Hi, budget EUR 180,000, channels: CTV and digital audio 50/50, from 1 April to "
     "31 May 2027, men 35-54, Italy. Regards, Paolo"),
    # Dutch: "doelgroep", "looptijd", "tot en met", "half om half"
    ("Goedemorgen, mediabudget € 120.000 voor display en online video, half om half, "
     "looptijd 1 april tot en met 31 mei 2027, doelgroep: vrouwen 25-44, Nederland. "
     "Met vriendelijke groet, Bram",
     "Hi, budget EUR 120,000 for display and online video, 50/50, flight 1 April to "
     "31 May 2027, audience: women 25-44, Netherlands. Regards, Bram"),
    # Spanish (Spain): "inversión", "TV conectada", "el restante"
    ("Hola a todos, inversión: 500.000 €, 60 % TV conectada y el restante vídeo online, "
     "del 1 de marzo al 30 de abril de 2027, público objetivo: adultos 25-54, España. "
     "Un abrazo, Carlos",
     "Hi, budget: EUR 500,000, 60% CTV and the rest online video, from 1 March to "
     "30 April 2027, audience: adults 25-54, Spain. Regards, Carlos"),
    # Portuguese (Portugal): "meios", "em partes iguais", "mães"
    ("Olá a todos! Orçamento: 400.000 €, meios: vídeo online e display em partes iguais, "
     "de 1 de março a 30 de abril de 2027, mães 25-44, Portugal. Cumprimentos, Rita",
     "Hi! Budget: EUR 400,000, channels: online video and display 50/50, from 1 March to "
     "30 April 2027, moms 25-44, Portugal. Regards, Rita"),
    # Swedish: "kr" by the language, "v.10-v.17", "fördelning", "föräldrar"
    ("God morgon! Budget: 1 500 000 kr, kanaler: CTV och onlinevideo, fördelning 60/40, "
     "period: v.10-v.17 2027, målgrupp: föräldrar 30-49, Sverige. Mvh Emma",
     "Hi! Budget: SEK 1,500,000, channels: CTV and online video, split 60/40, flight: "
     "8 March - 2 May 2027, audience: parents 30-49, Sweden. Regards, Emma"),
    # Norwegian: "budsjett", "nettvideo", "kr" read as NOK, "Mvh" shared by three languages
    ("Hei! Budsjett: 1 200 000 kr, kanaler: CTV og nettvideo, 70/30, periode: 1. mars - "
     "30. april 2027, målgruppe: menn 25-54, Norge. Mvh Ola",
     "Hi! Budget: NOK 1,200,000, channels: CTV and online video, 70/30, flight: 1 March - "
     "30 April 2027, audience: men 25-54, Norway. Regards, Ola"),
    # Danish: "marts", "lige fordelt", "voksne"
    ("Goddag! Budget 800.000 kr., kanaler: online video og display lige fordelt, "
     "1. marts - 30. april 2027, målgruppe: voksne 25-54, Danmark. Vh Søren",
     "Hi! Budget DKK 800,000, channels: online video and display 50/50, 1 March - 30 April "
     "2027, audience: adults 25-54, Denmark. Regards, Søren"),
    # Finnish: "kanavat", "verkkovideo", "puoliksi", "naiset"
    ("Hyvää huomenta, budjetti 200 000 €, kanavat: verkkovideo ja display puoliksi, "
     "ajankohta: 1.3.2027 - 30.4.2027, kohderyhmä: naiset 25-44, Suomi. Kiitos, Mikko",
     "Hi, budget EUR 200,000, channels: online video and display 50/50, flight: 1.3.2027 - "
     "30.4.2027, audience: women 25-44, Finland. Thanks, Mikko"),
]

@pytest.mark.parametrize(("foreign", "english"), TWINS)
def test_a_european_brief_reads_as_its_english_twin(foreign: str, english: str) -> None:
    read, twin = read_brief(foreign), read_brief(english)
    assert twin_facts(read) == twin_facts(twin)
    assert read.name == twin.name
    assert any(a.startswith("read in English:") for a in read.assumptions)
