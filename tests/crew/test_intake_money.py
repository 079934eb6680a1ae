"""Money in briefs as planners write it (issue 19), by family: the amount's form and
currency, the total budget among other money mentions (parts, unit prices, income, past
spend, revenue targets, fees), ranges, and CPM caps in words and numbers.

Each family has several phrasings of its own; a case asserts the fields a planner means.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap, CampaignBrief
from ad_buyer.models.money import from_micros

TODAY = date(2026, 12, 7)
TAIL = " CTV, Q2 2027, adults 25-54."


def _read(text: str) -> CampaignBrief:
    brief = extract_brief(text, reference_date=TODAY)
    assert isinstance(brief, CampaignBrief), brief.describe()
    return brief


def _refusal(text: str) -> BriefGap:
    gap = extract_brief(text, reference_date=TODAY)
    assert isinstance(gap, BriefGap), f"read, not refused: {gap}"
    return gap


@pytest.mark.parametrize(("text", "budget", "currency"), [
    # words and shorthand
    ("half a mil on", 500_000, "USD"),
    ("Budget: 1.2MM for", 1_200_000, "USD"),
    ("Total investment 0.5M USD (gross) for", 500_000, "USD"),
    ("We have two mil to put behind", 2_000_000, "USD"),
    ("three hundred and fifty thousand dollars for", 350_000, "USD"),
    # European and Swiss separators, scale words in other languages
    ("Budget 1,2 Mio. EUR für", 1_200_000, "EUR"),
    ("budget 120.000 EUR,", 120_000, "EUR"),
    ("EUR 120k on", 120_000, "EUR"),
    ("£1.5m across", 1_500_000, "GBP"),
    ("CHF 200'000 für", 200_000, "CHF"),
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
    brief = _read(text + TAIL)
    assert from_micros(brief.budget_micros) == Decimal(budget)
    assert brief.currency == currency


@pytest.mark.parametrize(("text", "field", "says"), [
    # a currency the buyer cannot settle in, or a name several currencies share
    ("Budget 2 BTC for", "currency", "BTC"),
    ("We'll pay 15 ETH for", "currency", "ETH"),
    ("Budget 3 million pesos for", "currency", "pesos"),
    ("500k kroner for", "currency", "kroner"),
    ("Budget 90,000 francs for", "currency", "francs"),
    # a range of budgets is asked about, never read as one end
    ("$80-100k on", "budget", "range"),
    ("Budget $80k to $100k for", "budget", "range"),
    ("80–100k EUR for", "budget", "range"),
    ("between £400k and £500k for", "budget", "range"),
    ("somewhere in the $1.2M - $1.5M range for", "budget", "range"),
])
def test_refused_money(text: str, field: str, says: str) -> None:
    gap = _refusal(text + TAIL)
    issues = [i for i in gap.issues if i.field == field]
    assert issues, gap.describe()
    assert says in issues[0].message
