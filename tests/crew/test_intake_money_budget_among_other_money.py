"""The total budget among other money a brief mentions (issue 19): unit prices, income,
past spend, revenue targets, fees, yearly figures, reserves, competing totals and
changed budgets.

Each family has several phrasings of its own; a case asserts the fields a planner means.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.models.money import from_micros

from .intake_reading import BRIEF_WITHOUT_MONEY as TAIL
from .intake_reading import read_brief, refused_brief


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
