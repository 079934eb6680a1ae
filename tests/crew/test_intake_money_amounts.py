"""Money amounts as planners write them (issue 19): the amount's form and currency,
scales, separators, labels and identifiers that are no amount, and amounts refused.

Each family has several phrasings of its own; a case asserts the fields a planner means.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.models.money import from_micros

from .intake_reading import BRIEF_WITHOUT_MONEY as TAIL
from .intake_reading import read_brief, refused_brief


@pytest.mark.parametrize(("text", "budget", "currency"), [
    # words and shorthand
    ("half a mil on", 500_000, "USD"),
    ("Budget: 1.2MM for", 1_200_000, "USD"),
    ("Total investment 0.5M USD (gross) for", 500_000, "USD"),
    ("We have two mil to put behind", 2_000_000, "USD"),
    ("three hundred and fifty thousand dollars for", 350_000, "USD"),
    ("three quarters of a million dollars for", 750_000, "USD"),
    ("one and a half million dollars for", 1_500_000, "USD"),
    ("Budget two and a half million for", 2_500_000, "USD"),
    ("Budget: two million, for", 2_000_000, "USD"),
    ("a quarter million on", 250_000, "USD"),
    ("one point two million euros for", 1_200_000, "EUR"),
    ("fifty grand for", 50_000, "USD"),
    # European and Swiss separators, scale words in other languages
    ("Budget 1,2 Mio. EUR für", 1_200_000, "EUR"),
    ("budget 120.000 EUR,", 120_000, "EUR"),
    ("EUR 120k on", 120_000, "EUR"),
    ("£1.5m across", 1_500_000, "GBP"),
    ("CHF 200'000 für", 200_000, "CHF"),
    ("Budget 250.000,- € für", 250_000, "EUR"),
    ("Budget: 250 k€ pour", 250_000, "EUR"),
    ("Budget 1,5 M€ pour", 1_500_000, "EUR"),
    ("GBP250k for", 250_000, "GBP"),
    ("250,000$ for", 250_000, "USD"),
    # the Indian system: lakh and crore, with ₹, Rs. or INR
    ("₹2 crore on", 20_000_000, "INR"),
    ("Budget 5 lakh INR,", 500_000, "INR"),
    ("Rs. 50 lakh for", 5_000_000, "INR"),
    ("INR 1.5 crore for", 15_000_000, "INR"),
    ("75 lakh rupees for", 7_500_000, "INR"),
    # dollars of other countries, and other ISO codes
    ("AUD 50k for", 50_000, "AUD"),
    ("A$90,000 on", 90_000, "AUD"),
    ("C$ 220k for", 220_000, "CAD"),
    ("NZ$150,000 for", 150_000, "NZD"),
    ("S$80,000 on", 80_000, "SGD"),
    ("150 000 $ CA pour", 150_000, "CAD"),
    ("¥5,000,000 for", 5_000_000, "JPY"),
    ("Budget ZAR 500k,", 500_000, "ZAR"),
    ("Budget 400k PLN,", 400_000, "PLN"),
    ("Budget 300k rand,", 300_000, "ZAR"),
    ("200,000 Swiss francs for", 200_000, "CHF"),
    # "mil" is a thousand in Portuguese and Spanish
    ("R$ 500 mil para", 500_000, "BRL"),
    ("MX$ 800 mil pesos para", 800_000, "MXN"),
])
def test_amount_forms(text: str, budget: int, currency: str) -> None:
    brief = read_brief(text + TAIL)
    assert from_micros(brief.budget_micros) == Decimal(budget)
    assert brief.currency == currency


@pytest.mark.parametrize(("text", "field", "says"), [
    # a currency the buyer cannot settle in, or a name several currencies share
    ("Budget 2 BTC for", "currency", "BTC"),
    ("We'll pay 15 ETH for", "currency", "ETH"),
    ("Budget 3 million pesos for", "currency", "pesos"),
    ("500k kroner for", "currency", "kroner"),
    ("Budget 1.000.000 kr,", "currency", "kr"),
    ("Budget 90,000 francs for", "currency", "francs"),
    # a range of budgets is asked about, never read as one end
    ("$80-100k on", "budget", "range"),
    ("Budget $80k to $100k for", "budget", "range"),
    ("80–100k EUR for", "budget", "range"),
    ("between £400k and £500k for", "budget", "range"),
    ("somewhere in the $1.2M - $1.5M range for", "budget", "range"),
])
def test_refused_money(text: str, field: str, says: str) -> None:
    gap = refused_brief(text + TAIL)
    issues = [i for i in gap.issues if i.field == field]
    assert issues, gap.describe()
    assert says in issues[0].message


@pytest.mark.parametrize(("text", "budget", "currency"), [
    # a currency code in the label's brackets
    ("Total Authorized Spend (USD): 450,000.00\n", 450_000, "USD"),
    ("Budget (net, USD): 935,000\n", 935_000, "USD"),
    ("Investment (in EUR): 120.000\n", 120_000, "EUR"),
    ("Amount (GBP, excl. VAT): 80,000\n", 80_000, "GBP"),
    ("Media spend (CAD, gross) = 200,000\n", 200_000, "CAD"),
    # an order form's identifiers are no money
    ("PO Number: 4500872219\nCost Center: 88140\nBudget: $300,000\n", 300_000, "USD"),
    ("Order #88213-B. $300k.", 300_000, "USD"),
    ("IO number: 7712 / GL code 6100 / budget $300k.", 300_000, "USD"),
    # spoken amounts: a scale letter after words
    ("sixty K for", 60_000, "USD"),
    ("Budget: seventy five k,", 75_000, "USD"),
])
def test_labels_and_identifiers(text: str, budget: int, currency: str) -> None:
    brief = read_brief(text + TAIL)
    assert from_micros(brief.budget_micros) == Decimal(budget)
    assert brief.currency == currency


def test_amounts_in_two_currencies_are_never_summed() -> None:
    gap = refused_brief("€200k for Germany and £100k for the UK." + TAIL)
    assert [i.field for i in gap.issues if i.kind.value == "contradictory"] == ["currency"]


# Round 3 classes (issue 19): each case is a variant of our own, not a corpus brief.
@pytest.mark.parametrize(("text", "budget", "currency"), [
    # thousands grouped by spaces, the currency code first
    ("Budget SEK 2 500 000 for", 2_500_000, "SEK"),
    ("Total: CAD 240 000, for", 240_000, "CAD"),
    ("We have NOK 1 200 000 for", 1_200_000, "NOK"),
    ("EUR 90 000 on", 90_000, "EUR"),
    # an amount restated in words or another scale in brackets
    ("$2,4M (two point four million) on", 2_400_000, "USD"),
    ("USD 1,250,000 (one million two hundred fifty thousand US dollars) on",
     1_250_000, "USD"),
    ("INR 50,00,000 (50 lakhs) on", 5_000_000, "INR"),
    ("$300k (three hundred thousand dollars) on", 300_000, "USD"),
    # "a million and a half": a fraction after the unit
    ("A million and a half dollars on", 1_500_000, "USD"),
    ("two million and a half for", 2_500_000, "USD"),
    # a currency named by its nickname
    ("half a million Aussie dollars on", 500_000, "AUD"),
    ("200k Kiwi dollars on", 200_000, "NZD"),
    ("a quarter million Canadian dollars on", 250_000, "CAD"),
])
def test_round3_amount_forms(text: str, budget: int, currency: str) -> None:
    brief = read_brief(f"{text}{TAIL}")
    assert from_micros(brief.budget_micros) == budget
    assert brief.currency == currency


@pytest.mark.parametrize(("text", "budget"), [
    # a street address whose street is a letter is no amount
    ("$400K on CTV.\n\nJo Park\n1200 K St NW, Washington, DC 20005\n", 400_000),
    ("€90k for CTV.\n\nBest,\nAnn Lee\nMedia Lead, Acme\n12 M St, Boston, MA 02127\n",
     90_000),
    ("$250k, CTV.\n\nThanks,\nRo\nRo Diaz | Planner\n900 K Rd, Fresno, CA 93721\n", 250_000),
])
def test_round3_a_street_address_is_no_amount(text: str, budget: int) -> None:
    brief = read_brief(f"Q2 2027, adults 25-54. {text}")
    assert from_micros(brief.budget_micros) == budget
