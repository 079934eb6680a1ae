"""Money in briefs as planners write it (issue 19), by family: the amount's form and
currency, the total budget among other money mentions (parts, unit prices, income, past
spend, revenue targets, fees), ranges, and CPM caps in words and numbers.

Each family has several phrasings of its own; a case asserts the fields a planner means.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.models.money import from_micros

from .intake_reading import read_brief, refused_brief

TAIL = " CTV, Q2 2027, adults 25-54."


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


@pytest.mark.parametrize(("text", "budget"), [
    # unit prices and return targets beside the budget
    ("$300k budget. Target CPA $25.", 300_000),
    ("$300k; CPA goal under $25 and CPC below $1.50.", 300_000),
    ("$300k, aiming for a cost per install of $3 and cost per lead of $40.", 300_000),
    ("$300k, paying $3 per install and $40 a lead at most.", 300_000),
    ("$300k; CPCV $0.03, CPV 5 cents.", 300_000),
    ("$300k, we need a return of $5 for every $1 spent.", 300_000),
    ("$300k, 2.5 dollars per click max.", 300_000),
    ("$300k. We want $4 back for each $1.", 300_000),
    ("$300k. CPC max $1.20.", 300_000),
    ("$300k. We pay $4 per first deposit.", 300_000),
    ("$300k. CPA $25-30.", 300_000),
    ("$300k. Last year we spent $80-100k.", 300_000),
    # revenue and sales targets
    ("$300k; the goal is to drive $2M in online sales.", 300_000),
    ("$300k, revenue target of $5 million.", 300_000),
    ("$300k, our sales goal is 1.5M.", 300_000),
    ("Budget $300k to generate $1.2M of revenue.", 300_000),
    ("$300k. Client wants to hit $4M GMV.", 300_000),
    # fees and commissions
    ("Budget: $300k net of agency fees ($30k).", 300_000),
    ("$300k media, plus a $25k agency fee.", 300_000),
    ("$300k, of which nothing is commission; commission of $45k is billed apart.", 300_000),
    # household income
    ("$300k, adults with household income over $100,000.", 300_000),
    ("$300k, HHI $75K+.", 300_000),
    ("$300k for people earning 150k+ a year.", 300_000),
    # past spend
    ("$300k. Last year we spent $250k on the same flight.", 300_000),
    ("$300k; the previous campaign ran at $180k.", 300_000),
    ("$300k this time. We invested $200k on the launch and it worked.", 300_000),
    # gross and net: the buyer buys media at net
    ("Budget is $500k gross ($425k net).", 425_000),
    ("Net media budget $425k (gross $500k).", 425_000),
    ("Gross: $600k / Net: $510k.", 510_000),
    ("Budget $500k gross, $425k net.", 425_000),
    ("$425K net, $500K gross incl. agency commission.", 425_000),
    # a total and its parts (phases, markets, months, channels), summing or labelled
    ("Budget $600k total. Phase 1: $200k; phase 2: $400k.", 600_000),
    ("$300k. Spend $150k in Texas and $150k in Florida.", 300_000),
    ("Total $400k, of which roughly $250k for April.", 400_000),
    ("$90k overall: $30k in April, $30k in May, $30k in June.", 90_000),
    ("CAD 600K total. CTV gets 450K, audio the rest.", 600_000),
    # parts with no total: the budget is their sum
    ("Budget by month: $100k in April, $100k in May, $50k in June.", 250_000),
    ("Phase 1: $200k; phase 2: $400k.", 600_000),
    ("We'll put $120k into April and $80k into May.", 200_000),
    ("$150k in Texas, $100k in Ohio and $50k in Iowa.", 300_000),
    ("Wave 1 - $75k / Wave 2 - $75k / Wave 3 - $50k.", 200_000),
    # counts beside the budget are no money
    ("$300k; last flight got 1.8M completed views at a $4.10 CPA.", 300_000),
    ("$300k to reach 2.5M households and drive 40k leads.", 300_000),
    # a currency named in a label
    ("Budget (USD): 300,000.", 300_000),
    ("Total budget: €500k (wave 1 €200k, wave 2 €300k).", 500_000),
])
def test_the_budget_among_other_money(text: str, budget: int) -> None:
    brief = read_brief(text + TAIL)
    assert from_micros(brief.budget_micros) == Decimal(budget)


@pytest.mark.parametrize("text", [
    # two totals that genuinely compete stay a contradiction
    "Budget $250k, or $300k if the client agrees.",
    "Total budget $500k. Maybe $450k.",
    "Budget: $300,000\nTotal budget: $450,000\n",
    "$200k for phase 1 and $150k for phase 2, total $400k.",
    "$250k for CTV. $300k for CTV.",
    # an amount for all the channels named is no part of the other total
    "Summer: $200,000 on CTV and audio.\n\nTo recap: $350K total, CTV and audio.",
    "Around $300k, Possibly $350k.",
    "Option A $300k, Option B $350k.",
    "Low $200k / High $300k.",
])
def test_competing_totals_refused(text: str) -> None:
    gap = refused_brief(text + TAIL)
    assert any(i.field == "budget" and i.kind.value == "contradictory" for i in gap.issues), \
        gap.describe()


@pytest.mark.parametrize(("text", "cap"), [
    ("$300k, keep CPMs under 20.", 20),
    ("$300k; CPM ceiling 22.", 22),
    ("$300k, no more than twenty-five dollars per thousand.", 25),
    ("€300k, TKP max 18 €.", 18),
    ("€300k, TKP höchstens 18 €.", 18),
    ("€300k, CPM máximo 15 €.", 15),
    ("€300k, CPM max. 15 €.", 15),
    ("€300k, CPM massimo 15€.", 15),
    ("€300k, CPM plafond 15 €.", 15),
    ("$300k, don't pay more than $25 per thousand impressions.", 25),
    ("$300k, target CPM around $15.", 15),
    ("$300k, we can pay up to 30 USD per mille.", 30),
    ("$300k, keep the CPM below twenty bucks.", 20),
    ("$300k, CPM of no more than 20.", 20),
    ("$300k, CPM floor $8, cap $30.", 30),
    ("$300k. CPM ≤ $18.", 18),
    ("$300k. CPM < 20.", 20),
    ("$300k. Keep CPM under twenty.", 20),
    ("$300k. Max bid $25.", 25),
    ("$300k, max $12 on CTV.", 12),
    ("$300k. CPM cap USD 22.", 22),
    ("$300k. Hard cap on CPMs: $30.", 30),
    ("$300k. Nothing over 18 dollars a thousand.", 18),
    ("$300k. CPM: 18$ max.", 18),
    ("$300k, we pay at least $10 CPM and at most $28.", 28),
    ("$300k. CPMs no lower than eight dollars and no higher than twenty-eight dollars.", 28),
])
def test_cpm_caps(text: str, cap: int) -> None:
    brief = read_brief(text + TAIL)
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == Decimal(cap)
    assert from_micros(brief.budget_micros) == Decimal(300_000)


@pytest.mark.parametrize("text", [
    "$300k, minimum CPM of $6.",
    "$300k, CPM floor of $9.",
    "$300k, we won't buy below a $12 CPM.",
    "$300k, CPMs at least $7.",
    "$300k, no CPMs lower than $5.",
])
def test_a_floor_is_not_a_cap(text: str) -> None:
    brief = read_brief(text + TAIL)
    assert brief.max_cpm_micros is None
    assert from_micros(brief.budget_micros) == Decimal(300_000)


@pytest.mark.parametrize("note", [
    "Agency fee: 8%, billed separately.",
    "Inclusive of all fees.",
    "Plus 12% agency commission.",
    "Fees are billed separately.",
    "We pay in USD, net 45.",
    "15% agency commission on top.",
])
def test_fees_and_billing_terms_are_noted(note: str) -> None:
    brief = read_brief("$300k." + TAIL + " " + note)
    assert from_micros(brief.budget_micros) == Decimal(300_000)
    assert brief.currency == "USD"


def test_a_cap_in_swiss_francs() -> None:
    brief = read_brief("CHF 300'000 CTV, Q2 2027, Erwachsene 25-54, Schweiz. TKP höchstens CHF 30.")
    assert (from_micros(brief.budget_micros), brief.currency) == (Decimal(300_000), "CHF")
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == 30


@pytest.mark.parametrize("context", [
    # the price of what is advertised
    "Our average order value is $85.",
    "Products priced $20-$50.",
    "We're promoting a $5,000 car rebate.",
    "The offer: 20% off orders over $50.",
    "Tickets start at $49.",
    "Each lead is worth $200 to us.",
    "Customer lifetime value is around $1,200.",
    # the size of the business, a yearly or company-wide figure
    "Our $10M brand is growing fast.",
    "Annual media spend is $5M across all agencies.",
    "The client has 2M customers.",
    # production costs, money that may come later
    "Creative production ($30k) is handled by the client.",
    "An extra $50k may come later if results are good.",
    "There's a possible additional $100k, not confirmed yet.",
    "Production already paid (£40k).",
    "Avg order $120.",
    # a past price is no cap
    "Last year's flight ran at a $31 avg CPM.",
])
def test_context_money_is_not_a_second_budget(context: str) -> None:
    brief = read_brief("$400k." + TAIL + " " + context)
    assert from_micros(brief.budget_micros) == Decimal(400_000)
    assert brief.max_cpm_micros is None


@pytest.mark.parametrize(("text", "budget"), [
    ("Annual budget $1.2M; this flight gets $300k.", 300_000),
    ("Budget: $1M. Of this, $100k is reserved for a contingency.", 900_000),
    ("Total budget $500k incl. a $50k contingency.", 450_000),
    ("$600k total with $60k held back as a buffer.", 540_000),
])
def test_yearly_figures_and_reserves(text: str, budget: int) -> None:
    brief = read_brief(text + TAIL)
    assert from_micros(brief.budget_micros) == Decimal(budget)


@pytest.mark.parametrize(("text", "share"), [
    ("$400k. No more than $50k per seller.", Decimal("12.50")),
    ("$300k; max $100k with any one publisher.", Decimal("33.33")),
    ("$200k, cap spend at $50k per vendor.", Decimal("25.00")),
])
def test_a_seller_limit_in_money_is_a_share(text: str, share: Decimal) -> None:
    brief = read_brief(text + TAIL)
    assert brief.max_seller_share_pct == share


@pytest.mark.parametrize(("text", "budget", "split"), [
    ("€150k each for CTV and online video.", 300_000, {"ctv": 50, "online_video": 50}),
    ("CTV and audio, $50k each.", 100_000, {"ctv": 50, "audio": 50}),
    ("$100k per channel across CTV, audio and display.", 300_000,
     {"ctv": Decimal("33.34"), "audio": Decimal("33.33"), "display": Decimal("33.33")}),
    ("CTV – 60% ($120k), audio – 40% ($80k).", 200_000, {"ctv": 60, "audio": 40}),
    ("CTV gets $200k and display gets $100k.", 300_000,
     {"ctv": Decimal("66.67"), "display": Decimal("33.33")}),
    ("Display $50K + Video $150K = $200K.", 200_000, {"display": 25, "online_video": 75}),
])
def test_amounts_per_channel(text: str, budget: int, split: dict[str, Decimal]) -> None:
    brief = read_brief(text + " Q2 2027, adults 25-54, US.")
    assert from_micros(brief.budget_micros) == Decimal(budget)
    assert {c.value: p for c, p in brief.channel_split.items()} == split


def test_a_total_with_one_channel_part() -> None:
    brief = read_brief("Total $300k, CTV $200k, rest to audio. Q2 2027, adults 25-54, US.")
    assert from_micros(brief.budget_micros) == Decimal(300_000)


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


@pytest.mark.parametrize(("text", "budget"), [
    # a change of budget names the new one; it is no range
    ("The budget went up from 400 to 500 thousand.", 500_000),
    ("Budget increased from $400k to $500k.", 500_000),
    ("Spend was cut from €300k to €250k.", 250_000),
    ("They bumped it up from 200k -> 240k.", 240_000),
    ("Budget revised from $1.2M to $1M.", 1_000_000),
    # a value set aside sets aside its every mention (a quoted older message)
    ("Budget is $85,000 (NOT the 60k below).\n> Older: budget 60k.", 85_000),
    ("Use $650k, not $500k.\n> From Jim: $500k, CTV only.", 650_000),
])
def test_a_changed_budget(text: str, budget: int) -> None:
    brief = read_brief(text + TAIL)
    assert from_micros(brief.budget_micros) == Decimal(budget)


@pytest.mark.parametrize(("text", "cap"), [
    ("Max CPM is thirty-two fifty.", Decimal("32.50")),
    ("CPM max is nineteen ninety-nine.", Decimal("19.99")),
    ("Cap the CPM at twelve dollars.", Decimal(12)),
    ("CPMs should be twenty-two tops.", Decimal(22)),
    ("Keep the CPM below fourteen fifty.", Decimal("14.50")),
])
def test_spoken_cpm_caps(text: str, cap: Decimal) -> None:
    brief = read_brief("$300k." + TAIL + " " + text)
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == cap


@pytest.mark.parametrize(("subject", "body", "budget"), [
    ("Subject: Kayaks - $150K CTV, May 2027", "The budget for this one is $95K.", None),
    ("Subject: RE: Q2 plan (£200k)", "Budget £250k for CTV.", None),
    ("Subject: Kayaks - $95K CTV", "The budget for this one is $95K.", 95_000),
    ("Subject: FW: brief", "Budget $95K.", 95_000),
    ("Subject: Brief - EUR 120k, CTV", "As in the subject: EUR 120k.", 120_000),
])
def test_a_subject_line_s_money_counts(subject: str, body: str, budget: int | None) -> None:
    text = f"{subject}\n\nHi,\n\n{body}{TAIL}\n\nThanks"
    if budget is None:
        gap = refused_brief(text)
        assert any(i.field == "budget" and i.kind.value == "contradictory" for i in gap.issues)
    else:
        assert from_micros(read_brief(text).budget_micros) == Decimal(budget)


@pytest.mark.parametrize("thread", [
    "From: Nina\nTo: buying\n\nBudget: $500,000\n\n-----Original Message-----\nFrom: Nina\n"
    "Budget: $400,000\n",
    "From: Ana <ana@client.com>\nSent: Monday\n\nWe're at $500k now.\n\n> From: Ana\n"
    "> Budget $400k.\n",
    "Subject: RE: plan\nFrom: Joe\n\nFinal: $500K.\n\nOn Dec 1, 2026, Joe wrote:\n> $400K\n",
])
def test_a_thread_that_opens_with_its_own_header(thread: str) -> None:
    brief = read_brief(thread.replace("\n\n", "\n\n" + TAIL.strip() + "\n", 1))
    assert from_micros(brief.budget_micros) == Decimal(500_000)


@pytest.mark.parametrize(("text", "budget", "cap"), [
    # shorthand and table lines: the cap beside other money on one line
    ("250K USD / CTV / 2027-04-01 to 2027-06-30 / A25-54 / US / max 20 CPM", 250_000, 20),
    ("CTV | $250,000.00 | 04/01/2027-06/30/2027 | A25-54 | US | CPM ≤ 22.00", 250_000, 22),
    ("$250K // CTV // Q2 2027 // A25-54 // US // CPMs under 20 // excl. Bargain Banner",
     250_000, 20),
    ("BUDG: .25MM | CTV | Q2 2027 | A25-54 | US | max CPM 18", 250_000, 18),
    ("CTV, Q2 2027, A25-54, US, $250k budget and keep CPMs below $19", 250_000, 19),
])
def test_a_cap_beside_the_budget_on_one_line(text: str, budget: int, cap: int) -> None:
    brief = read_brief(text)
    assert from_micros(brief.budget_micros) == Decimal(budget)
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == Decimal(cap)


@pytest.mark.parametrize(("text", "budget"), [
    # parts named by a label before them or a name after them, with no total
    ("Markets: Dallas $100k, Houston $80k, Austin $20k.", 200_000),
    ("$100k Texas / $50k Florida.", 150_000),
    ("April $50k, May $50k, June $50k.", 150_000),
    ("Flight 1 (April): $60k. Flight 2 (June): $40k.", 100_000),
    ("Texas: $100k; Florida: $50k; total $150k.", 150_000),
    # a restatement in a transcript is one amount
    ("Agency: and the budget?\nClient: Forty thousand.\nAgency: Forty K, got it.\n", 40_000),
])
def test_parts_named_by_labels(text: str, budget: int) -> None:
    brief = read_brief(text + TAIL)
    assert from_micros(brief.budget_micros) == Decimal(budget)


def test_amounts_in_two_currencies_are_never_summed() -> None:
    gap = refused_brief("€200k for Germany and £100k for the UK." + TAIL)
    assert [i.field for i in gap.issues if i.kind.value == "contradictory"] == ["currency"]


def test_a_named_speaker_restating_the_budget() -> None:
    brief = read_brief("Jess: What's the total?\nRobert: $40k.\nJess: $40k, got it.\n" + TAIL)
    assert from_micros(brief.budget_micros) == Decimal(40_000)


def test_a_brief_with_money_in_every_role() -> None:
    brief = read_brief(
        "Hi Sam - for Q3 2027 we're working with $450K gross ($382.5K net of our 15% "
        "commission). CTV 60 / OLV 40. A25-54, US. Keep CPMs at or below $28, and no "
        "single seller over $150K. Last year's Q3 flight ran $400K at a $31 avg CPM.")
    assert from_micros(brief.budget_micros) == Decimal(382_500)
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == Decimal(28)
    assert brief.max_seller_share_pct == Decimal("39.22")


def test_a_total_corrected_in_the_next_sentence_is_the_correction() -> None:
    # "Actually" corrects what came before (intake/corrections.py): no second total.
    brief = read_brief("$250k for CTV. Actually $300k for CTV." + TAIL)
    assert brief.budget_micros == 300_000_000_000
    assert any("$250k no longer stands" in a for a in brief.assumptions), brief.assumptions


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


@pytest.mark.parametrize(("text", "budget", "split"), [
    # a total, then one channel's amount and "the rest"/"the remainder" on another
    ("£1.2m confirmed. Please allocate £800k to CTV with the rest on online video.",
     1_200_000, {"ctv": Decimal("66.67"), "online_video": Decimal("33.33")}),
    ("Investment: USD 0.6M. Linear TV and CTV; linear to receive $150,000, CTV the remainder.",
     600_000, {"linear_tv": Decimal("25"), "ctv": Decimal("75")}),
    ("We're putting 900K behind CTV and online video (CTV gets $600K of it).",
     900_000, {"ctv": Decimal("66.67"), "online_video": Decimal("33.33")}),
    ("$1M total: CTV gets $500k, online video $300k, and whatever is left goes to display.",
     1_000_000, {"ctv": Decimal("50"), "online_video": Decimal("30"), "display": Decimal("20")}),
])
def test_round3_a_total_with_channel_amounts(text: str, budget: int,
                                             split: dict[str, Decimal]) -> None:
    brief = read_brief(f"{text} Q2 2027, adults 25-54.")
    assert from_micros(brief.budget_micros) == budget
    assert {c.value: v for c, v in brief.channel_split.items()} == split


@pytest.mark.parametrize(("text", "budget", "cap"), [
    # a CPM range: a floor and a ceiling, the unit after the number
    ("400K EUR on display. We're fine paying above a 5€ floor but our ceiling is 11€ CPM.",
     400_000, 11),
    ("$300K on display. On CPMs, we'll accept anything from $4 but nothing above $15.",
     300_000, 15),
    ("$200K on display, a $3 CPM floor and a ceiling of $14 CPM.", 200_000, 14),
    ("€150K on display. As for CPMs, fine from €5 but nothing over €13.", 150_000, 13),
])
def test_round3_cpm_floor_and_ceiling(text: str, budget: int, cap: int) -> None:
    brief = read_brief(f"{text} Q2 2027, adults 25-54.")
    assert from_micros(brief.budget_micros) == budget
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == cap


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


@pytest.mark.parametrize(("text", "budget"), [
    # a budget changed with an object between the verb and "from"
    ("Update: the client cut us from $600k to $450k. CTV.", 450_000),
    ("Procurement brought it down from $300k to $250k. CTV.", 250_000),
    ("Finance moved us from €900k to €1.1m. CTV.", 1_100_000),
    # an amount the newest note tells the reader to ignore, restated below as the original
    ("Ignore the $400k in my first note, finance approved $480k. CTV.\n"
     "> Original ask: $400k, CTV", 480_000),
    ("Please disregard the $90k from before; it's $120k now. CTV.", 120_000),
    ("Forget the $70k I mentioned, we have $85k. CTV.", 85_000),
    # an income per year beside the audience is no budget
    ("Lower-income households (under $40K a year). $80,000 on display.", 80_000),
    ("Young earners (around $35k per year). $150k, display.", 150_000),
    ("Households earning less than $60,000 annually. Budget $90k, display.", 90_000),
])
def test_round3_money_set_aside_or_an_income_is_no_budget(text: str, budget: int) -> None:
    brief = read_brief(f"Q2 2027, adults 25-54. {text}")
    assert from_micros(brief.budget_micros) == budget
