"""Money forms of briefs (issue 19), one case per form: amounts, currencies, budgets
per channel, CPM caps and floors, prices that are not the budget.

Each case asserts the fields a planner means; the corpus (test_brief_corpus.py) scores
whole briefs, these pin down each family so a change that breaks one fails here by name.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from .intake_reading import read_brief, stated_fields


@pytest.mark.parametrize(("text", "want"), [
    ("€75.000 for display in Belgium, 1-31 May 2027", {"budget": Decimal(75000),
                                                      "currency": "EUR"}),
    ("Plan on the new number ($650K), not the $800K from before. CTV, Q1 2027",
     {"budget": Decimal(650_000)}),
    # budgets per channel are the budget and the split
    ("Budget breakdown:\n  CTV     $300,000\n  Audio   $100,000\nFlight: April 5 - June 13, 2027",
     {"budget": Decimal(400_000), "split": {"ctv": Decimal(75), "audio": Decimal(25)}}),
    ("€450k in total, of which €300k on CTV and €150k on online video, Q2 2027",
     {"budget": Decimal(450_000),
      "split": {"ctv": Decimal("66.67"), "online_video": Decimal("33.33")}}),
    # CPM floors are not caps
    ("CTV, $450k, Feb 1 - Apr 30 2027. We won't buy below a $9 CPM and nothing above $26.",
     {"max_cpm": Decimal(26)}),
    ("£85,000 on display, 1 - 31 March 2027, UK only, minimum CPM of £6", {"max_cpm": None}),
    ("Please keep CPMs between $12 and $20. $150k OLV, March 2027", {"max_cpm": Decimal(20),
                                                                     "budget": Decimal(150_000)}),
    ("200k - audio - summer 2027 - HHI > $100k - homeowners", {"budget": Decimal(200_000)}),
    ("Q2 push: one point two million dollars, CTV, April 1 through June 30 2027",
     {"budget": Decimal(1_200_000)}),
    ("CHF 200'000 for display in Switzerland, Q2 2027", {"budget": Decimal(200_000),
                                                          "currency": "CHF"}),
    ("R$500.000 for display in Brazil, Q2 2027", {"budget": Decimal(500_000),
                                                 "currency": "BRL"}),
    # CPM caps in words
    ("$200k display, Q2 2027, keep CPMs south of 12", {"max_cpm": Decimal("12")}),
    ("$200k display, Q2 2027, CPMs less than $9 please", {"max_cpm": Decimal("9")}),
    ("$200k display, Q2 2027, CPMs shouldn't top $28", {"max_cpm": Decimal("28")}),
    ("half mil on display, Q3 2027", {"budget": Decimal("500000")}),
    # amounts per channel beside their total: in brackets after the channels, in a table
    ("$250,000 on CTV and audio ($200k CTV, $50k audio), Q2 2027",
     {"budget": Decimal("250000"), "split": {"ctv": Decimal("80"), "audio": Decimal("20")}}),
    ("| Channel | Budget |\n|---|---|\n| Display | $30,000 |\n| Audio | $10,000 |\n"
     "| Total | $40,000 |\nFlight: Q3 2027",
     {"budget": Decimal("40000"), "split": {"display": Decimal("75"), "audio": Decimal("25")}}),
    ("€60k display, Q2 2027, Belgium, CPM max 8,75 EUR", {"max_cpm": Decimal("8.75")}),
    ("Budget 450 000 € en vidéo en ligne, Q2 2027, Belgique",
     {"budget": Decimal("450000"), "currency": "EUR"}),
    # an amount its own clause sets aside
    ("Budget is $90k now (the $110k in the old deck is stale). Display, Q2 2027",
     {"budget": Decimal("90000")}),
    ("$120k CTV, Q2 2027, adults 25-54. Last year we spent $90k with them.",
     {"budget": Decimal("120000")}),
    # a correction replaces what it corrects: budget, split, places, channels
    ("Display, €80k, Q3 2027, Spain. Update: finance says €95k, not €80k.",
     {"budget": Decimal(95000), "currency": "EUR"}),
    ("$250k for CTV in Q2 2027, nationwide.\nActually, make that $275k please.",
     {"budget": Decimal(275000)}),
    # an order form: lines per channel and their total; a line's price is no CPM cap
    ("Media order\n  1. CTV ............... $90,000\n  2. Audio ............. $30,000\n"
     "  Total ............... $120,000\nFlight: Q2 2027. CPM cap $28.",
     {"budget": Decimal(120000), "split": {"ctv": Decimal(75), "audio": Decimal(25)},
      "max_cpm": Decimal(28)}),
    ("PO 7781\nLine 1  Display      EUR  40,000.00\nLine 2  Audio        EUR  10,000.00\n"
     "Total         EUR  50,000.00\nService period: 01/09/2027 – 30/09/2027",
     {"budget": Decimal(50000), "currency": "EUR",
      "split": {"display": Decimal(80), "audio": Decimal(20)}}),
    ("Insertion order:\nDisplay, 2,000,000 impressions @ $8 CPM = $16,000\n"
     "Audio, 500,000 impressions @ $8 CPM = $4,000\nTotal: $20,000. May 2027. Max CPM $10.",
     {"budget": Decimal(20000), "split": {"display": Decimal(80), "audio": Decimal(20)},
      "max_cpm": Decimal(10)}),
    # second-language and regional forms
    ("We have AUD $85,000 for online video in Victoria, 1 March to 30 April 2027",
     {"budget": Decimal(85000), "currency": "AUD"}),
    # a fraction of the budget on one channel, the rest on the other
    ("Nous avons 90 000 € pour audio and online video, 3/4 on the audio. Q3 2027, France",
     {"budget": Decimal(90000), "split": {"audio": Decimal(75), "online_video": Decimal(25)}}),
    # prices that are not the budget: a cost-per-action target, TKP, a buy line's cap slot
    ("$150k display, June 2027, goal sales, CPC of $1.20", {"budget": Decimal(150000)}),
    ("Budget 300.000 € für Display, Q3/2027, Österreich, max. 12 € TKP",
     {"budget": Decimal(300000), "max_cpm": Decimal(12)}),
    ("REQ | 1.1MM | CTV | Q4'27 | A25-54 | PG | cap $42", {"budget": Decimal(1100000),
                                                          "max_cpm": Decimal(42)}),
    ("Use 90k, not the 75k in the old brief. Display, Q3 2027, US", {"budget": Decimal(90000)}),
    ("Budget: 80 Tsd. EUR, Display, Juni 2027, Deutschland", {"budget": Decimal(80000)}),
    ("Mostly retargeting -- $100k total, say $75k performance, $25k audio. June 2027, US",
     {"budget": Decimal(100000), "split": {"performance": Decimal(75), "audio": Decimal(25)}}),
    # more money forms beside a split
    ("OLV/AUD 60/40, AUD 900k, Q3 2027, Australia", {"budget": Decimal(900000),
     "split": {"online_video": Decimal(60), "audio": Decimal(40)}}),
])
def test_a_family_of_forms_is_read(text: str, want: dict[str, Any]) -> None:
    got = stated_fields(read_brief(text))
    assert {k: got[k] for k in want} == want
