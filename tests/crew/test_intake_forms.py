"""Families of brief forms the offline reader reads (issue 19), one case per form.

Each case asserts the fields a planner means; the corpus (test_brief_corpus.py) scores
whole briefs, these pin down each family so a change that breaks one fails here by name.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap, CampaignBrief
from ad_buyer.models.money import from_micros

from .intake_reading import TODAY, read_brief


def _fields(brief: CampaignBrief) -> dict[str, Any]:
    return {
        "budget": from_micros(brief.budget_micros), "currency": brief.currency,
        "start": brief.flight_start, "end": brief.flight_end,
        "channels": [c.value for c in brief.channels],
        "split": {c.value: p for c, p in brief.channel_split.items()},
        "max_cpm": from_micros(brief.max_cpm_micros) if brief.max_cpm_micros else None,
        "countries": brief.countries, "regions": brief.regions, "dmas": brief.dmas,
        "excluded": brief.excluded_sellers, "included": brief.included_sellers,
        "name": brief.name, "goal": brief.goal.value,
        "age_min": brief.audience.age_min, "age_max": brief.audience.age_max,
        "interests": brief.audience.interests,
        "deal_types": [d.value for d in brief.deal_types],
    }


@pytest.mark.parametrize(("text", "want"), [
    # money: a thousands dot with a currency, a decimal comma before a scale, set-aside amounts
    ("€75.000 for display in Belgium, 1-31 May 2027", {"budget": Decimal(75000),
                                                      "currency": "EUR"}),
    ("Budget 1,2 Mio. EUR, Display, 01.09.2027–31.10.2027, Deutschland",
     {"budget": Decimal(1_200_000), "countries": ["DE"]}),
    ("Kia ora - NZ$150,000, online video, 1 March to 30 April 2027, New Zealand",
     {"currency": "NZD", "countries": ["NZ"]}),
    ("Plan on the new number ($650K), not the $800K from before. CTV, Q1 2027",
     {"budget": Decimal(650_000)}),
    ("Display, $60k/month for Jan, Feb and March 2027 ($180k total)",
     {"budget": Decimal(180_000), "start": date(2027, 1, 1), "end": date(2027, 3, 31)}),
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
    # flights
    ("We'd like to go live the 3rd of May 2027 and run through the 30th of June, $150k audio",
     {"start": date(2027, 5, 3), "end": date(2027, 6, 30)}),
    ("Budget ~$400K. Start 6/1/27, end 8/31/27. CTV.",
     {"start": date(2027, 6, 1), "end": date(2027, 8, 31)}),
    ("$200k CTV from mid-March 2027 for 6 weeks", {"start": date(2027, 3, 15),
                                                  "end": date(2027, 4, 25)}),
    ("online video from the first of October through the fifteenth of November 2027, $175k",
     {"start": date(2027, 10, 1), "end": date(2027, 11, 15)}),
    ("Subject: Vantage Q4 Sales Event\n$400k CTV, Dates: October 15 - December 31, 2027",
     {"start": date(2027, 10, 15), "end": date(2027, 12, 31)}),
    ("$125k on CTV in the first half of February (Feb 1-14, 2027)",
     {"start": date(2027, 2, 1), "end": date(2027, 2, 14)}),
    ("We're launching on March 15, 2027 and want an 8-week CTV flight with $320k",
     {"start": date(2027, 3, 15), "end": date(2027, 5, 9)}),
    ("40k display for black friday week 2027", {"start": date(2027, 11, 22),
                                                "end": date(2027, 11, 28)}),
    ("30k€ pour de l'audio digital en France, du 1er mars au 30 avril 2027, adultes 25-49",
     {"start": date(2027, 3, 1), "end": date(2027, 4, 30), "age_min": 25, "countries": ["FR"]}),
    ("$90k / display + audio / 50-50 / 2027-03-01 → 2027-03-31",
     {"end": date(2027, 3, 31), "split": {"display": Decimal(50), "audio": Decimal(50)}}),
    # splits
    ("£600,000, half into CTV and a quarter each into online video and audio, Q1 2027",
     {"split": {"ctv": Decimal(50), "online_video": Decimal(25), "audio": Decimal(25)}}),
    ("600k - ctv 2/3, audio 1/3 - q1 next year",
     {"split": {"ctv": Decimal("66.67"), "audio": Decimal("33.33")}}),
    ("Channels: CTV / OLV / Display\nSplit: 50 / 30 / 20\nBudget $1M, Q2 2027",
     {"split": {"ctv": Decimal(50), "online_video": Decimal(30), "display": Decimal(20)}}),
    ("£1.5m. CTV (70%), the rest split between OLV and audio equally. 1-28 Feb 2027",
     {"split": {"ctv": Decimal(70), "online_video": Decimal(15), "audio": Decimal(15)}}),
    ("$360k spread evenly over display and audio for Q2 2027",
     {"split": {"display": Decimal(50), "audio": Decimal(50)}}),
    # places
    ("$3.25M, CTV, Jan 18 - Feb 14 2027, P18-49, national.", {"countries": ["US"]}),
    ("£600k CTV, Q1 2027, nationwide", {"countries": ["GB"]}),
    ("€120k display, Q2 2027, DACH region", {"countries": ["AT", "CH", "DE"]}),
    ("AUD 450k display, 1 June - 30 June 2027, NSW and Victoria",
     {"regions": ["AU-VIC", "AU-NSW"]}),
    ("$240K display, Q3 2027, CA and AZ", {"regions": ["US-CA", "US-AZ"],
                                           "countries": ["US"]}),
    ("Hey Jordan - $65,000 mobile, March 2027, Texas", {"countries": ["US"]}),
    ("$700K CTV, Q3 2027, Chicago, Kansas City and Portland, Oregon",
     {"dmas": ["602", "616", "820"], "regions": []}),
    ("£340,000 display, Q2 2027, UK only, no Northern Ireland",
     {"countries": ["GB"], "excluded": []}),
    # sellers, deals, goals, names
    ("$500K CTV, Q2 2027, excluding OffGrid CTV; preferred deals only, no PG.",
     {"channels": ["ctv"], "excluded": ["OffGrid CTV"], "deal_types": ["PD"]}),
    ("£1.5m CTV, Q2 2027. We'd like to exclude BritCast Media this time round, please.",
     {"excluded": ["BritCast Media"]}),
    ("$150k CTV in Q2 2027, no Hulu, no Roku", {"excluded": ["Hulu", "Roku"]}),
    ("Excluded publishers: Bargain Banners\nBudget $100k display, Q3 2027",
     {"excluded": ["Bargain Banners"]}),
    ("$45,000 display, Q4 2027. Goal: new account sign-ups", {"goal": "performance"}),
    ("Display retargeting to drive conversions, $60k, Q1 2027", {"channels": ["display"]}),
    ("3.1 Campaign Name: Harvest Table Q3\n3.2 Total Investment: 0.5M USD\n"
     "3.3 Flight Dates: 07/06/2027 - 09/26/2027\n3.4 Channels: Display",
     {"name": "Harvest Table Q3", "start": date(2027, 7, 6)}),
    ("Campaign | Lumen Spring\nBudget   | $780,000\nDates    | 04/19/2027 through 05/30/2027\n"
     "Channels | CTV", {"name": "Lumen Spring", "budget": Decimal(780_000)}),
    ("600k ctv, q1 next year. campaign is called Fresh Start", {"name": "Fresh Start"}),
    ("Here's what we agreed for Project Northstar: $2.5M CTV, Q1 2027",
     {"name": "Project Northstar"}),
    # audience
    ("250 grand for audio next month, men 35 plus", {"age_min": 35}),
    ("£340k display, Q2 2027, adults 18-34 (must be 21+, alcohol)", {"age_min": 21}),
    ("EUR 350k, CTV, 15.02.2027 bis 15.04.2027, Österreich, 30-59 Jährige",
     {"age_min": 30, "age_max": 59, "countries": ["AT"]}),
    ("Please keep CPMs between $12 and $20. $150k OLV, March 2027", {"max_cpm": Decimal(20),
                                                                     "budget": Decimal(150_000)}),
    ("$250K USD, CTV, 1H27, A18+", {"start": date(2027, 1, 1), "end": date(2027, 6, 30)}),
    ("200k - audio - summer 2027 - HHI > $100k - homeowners", {"budget": Decimal(200_000)}),
    ("Need to spend 150K on CTV by end of March 2027, starting Feb 1.",
     {"start": date(2027, 2, 1), "end": date(2027, 3, 31)}),
    ("$200k of programmatic guaranteed CTV with Roku and Samsung Ads only, Q1 2027",
     {"included": ["Roku", "Samsung Ads"], "deal_types": ["PG"]}),
    ("budjet 300k, contected tv + podcsts, july-aug 2027", {"channels": ["ctv", "audio"]}),
    ("$90k display, Q3 2027; keep it connected to the search plan", {"channels": ["display"]}),
    ("Channels: display\nExclude: Bargin Baners\n$600k, Q3 2027", {"channels": ["display"],
                                                                  "excluded": ["Bargin Baners"]}),
    ("budget 450k. ctv + olv, 70/30. q3 2027. exclude hulu. pmp only. campaign: spring sale",
     {"deal_types": ["PA"], "excluded": ["hulu"], "name": "spring sale"}),
    ("hi pat, 90k for display, june 2027, women 18-34 in ohio, please avoid adnet. thanks",
     {"excluded": ["adnet"], "regions": ["US-OH"]}),
    ("campaign name: winter warmup / budget: $120k / channel: audio / dates: jan 10 - feb 20 "
     "2027 / geo: uk", {"name": "winter warmup", "channels": ["audio"], "countries": ["GB"]}),
    ("I have 50,000 pounds for a 4 week radio-style digital audio campaign starting 1st March "
     "2027", {"start": date(2027, 3, 1), "end": date(2027, 3, 28)}),
    ("Budget breakdown for the Southeast push:\n  CTV $300,000\n  Audio $100,000\n"
     "Flight: April 5 - June 13, 2027\nMarkets: Atlanta, Charlotte", {"dmas": ["524", "517"]}),
    ("$2.5MM CTV, Q2 2027, A25-54, top 5 DMAs", {"dmas": ["501", "803", "602", "623", "504"]}),
    ("$100k CTV, flight: 9/6/2027 (Labor Day) through 10/31/2027 (Halloween)",
     {"start": date(2027, 9, 6), "end": date(2027, 10, 31)}),
    ("$250k CTV & OLV; CTV gets 60; OLV gets 40; Q2 2027",
     {"split": {"ctv": Decimal(60), "online_video": Decimal(40)}}),
    ("$1.5M; Channels - linear TV (50%), CTV (30%), YouTube (20%); Q4 2027",
     {"split": {"linear_tv": Decimal(50), "ctv": Decimal(30), "online_video": Decimal(20)}}),
    ("Budget of $75k per month for 3 months starting Feb 2027, display",
     {"budget": Decimal(225_000), "end": date(2027, 4, 30)}),
    ("Flight: Monday, February 1, 2027 – Sunday, March 28, 2027\nMedia: CTV, Online Video, "
     "Streaming Audio\nAllocation: 50% / 30% / 20%\nTotal Budget: $650,000",
     {"start": date(2027, 2, 1), "end": date(2027, 3, 28),
      "split": {"ctv": Decimal(50), "online_video": Decimal(30), "audio": Decimal(20)}}),
    ("Q2 push: one point two million dollars, CTV, April 1 through June 30 2027",
     {"budget": Decimal(1_200_000)}),
    ("400K for CTV, March 15 - May 31 2027, A25-44, in CO, UT, and MT.",
     {"regions": ["US-CO", "US-UT", "US-MT"]}),
    ("90k for mobile app installs in the three weeks leading up to Cyber Monday 2027",
     {"end": date(2027, 11, 28)}),
    ("For the launch we need $2M across CTV and DOOH - CTV should get the bulk (80%). Dates: "
     "7 June - 29 August 2027. Australia-wide.",
     {"split": {"ctv": Decimal(80), "dooh": Decimal(20)}, "countries": ["AU"]}),
    ('$85k, display, "Back to School 2027", Aug 1-Sept 6 2027, parents, WA state only',
     {"name": "Back to School 2027", "regions": ["US-WA"]}),
    ("Budget: 1.1M\nChannels: CTV, OLV\nTiming: 3/22 - 5/2/2027\nGeo: Detroit, Columbus OH",
     {"start": date(2027, 3, 22), "end": date(2027, 5, 2), "dmas": ["505", "535"]}),
    ("$95k • display & mobile • Jun 1–Jul 31 '27 • W25-54 • NY, NJ, CT",
     {"regions": ["US-NY", "US-NJ", "US-CT"], "dmas": []}),
    ("AUD 1,200,000; BVOD 70% / online video 30%; 1 Feb – 30 Apr 2027; Grocery Buyers 25-54",
     {"age_min": 25, "age_max": 54}),
    ("CHF 200'000 for display in Switzerland, Q2 2027", {"budget": Decimal(200_000),
                                                          "currency": "CHF"}),
    ("R$500.000 for display in Brazil, Q2 2027", {"budget": Decimal(500_000),
                                                 "currency": "BRL"}),
    ("$200k CTV, Q2 2027, Adults 21-49, Oregon & Washington",
     {"regions": ["US-OR", "US-WA"], "dmas": []}),
    ("$60k mobile, Q2 2027, college students (18-24) in Boston", {"age_min": 18, "age_max": 24}),
    ("$400k CTV, Q2 2027, all adults 18+ in the 48 contiguous states", {"countries": ["US"]}),
    ("Hi Sam,\n\n$200k CTV, Q2 2027, Denver.\n\nBest,\nAmy Lee\nMedia Director, Peak Agency, "
     "Chicago\n(312) 555-0100", {"dmas": ["751"]}),  # the office's city is no market
    ("Need a plan by Friday: $95k, CTV only, 2 weeks around Easter 2027, Dallas-Fort Worth",
     {"start": date(2027, 3, 21), "end": date(2027, 4, 3), "dmas": ["623"]}),
    ("C$120k display, Q2 2027, QC and ON, adults 25-54",
     {"regions": ["CA-QC", "CA-ON"], "countries": ["CA"]}),
    ("Hey! $45k display for the 4th of July weekend 2027 in San Diego, 21+",
     {"start": date(2027, 7, 3), "end": date(2027, 7, 4), "age_min": 21, "dmas": ["825"]}),
    ("$750,000, Q3 2027, display and audio (2:1)",
     {"split": {"display": Decimal("66.67"), "audio": Decimal("33.33")}}),
    # CPM caps in words
    ("$200k display, Q2 2027, keep CPMs south of 12", {"max_cpm": Decimal("12")}),
    ("$200k display, Q2 2027, CPMs less than $9 please", {"max_cpm": Decimal("9")}),
    ("$200k display, Q2 2027, CPMs shouldn't top $28", {"max_cpm": Decimal("28")}),
    ("$120k CTV, 4 weeks leading into Christmas 2027",
     {"start": date(2027, 11, 27), "end": date(2027, 12, 24)}),
    # lengths before an end, and after a start with a verb
    ("$80k audio, two weeks ending March 20 2027, adults 18+",
     {"start": date(2027, 3, 7), "end": date(2027, 3, 20)}),
    ("£60k online video, live from the 3rd of May 2027 and staying on for six weeks",
     {"start": date(2027, 5, 3), "end": date(2027, 6, 13)}),
    ("half mil on display, Q3 2027", {"budget": Decimal("500000")}),
    ("$120k CTV, wrapping up on April 30 2027 after a four week run",
     {"start": date(2027, 4, 3), "end": date(2027, 4, 30)}),
    ("$120k CTV, a 3-month flight ending June 30 2027",
     {"start": date(2027, 4, 1), "end": date(2027, 6, 30)}),
    # holidays of Canada and the UK
    ("C$90k display, Victoria Day to Canada Day 2028, Ontario",
     {"start": date(2028, 5, 22), "end": date(2028, 7, 1)}),
    ("£40k audio, Boxing Day to New Year's Eve, England",
     {"start": date(2026, 12, 26), "end": date(2026, 12, 31)}),
    ("£90k online video, Easter Monday to the late May bank holiday 2027, UK",
     {"start": date(2027, 3, 29), "end": date(2027, 5, 31)}),
    ("$120k CTV, Q2 2027. Creative should land in March.",  # a month said apart
     {"start": date(2027, 4, 1), "end": date(2027, 6, 30)}),
    ("$120k CTV, Q2 2027. The product hits shelves in April.",
     {"start": date(2027, 4, 1), "end": date(2027, 6, 30)}),
    ("$120k CTV, Q2 2027. FYI the client's fiscal year starts in July.",
     {"start": date(2027, 4, 1), "end": date(2027, 6, 30)}),  # the fiscal year is no flight
    ("C$80k audio, B.C. and Manitoba, Q3 2027", {"regions": ["CA-MB", "CA-BC"]}),
    # amounts per channel beside their total: in brackets after the channels, in a table
    ("$250,000 on CTV and audio ($200k CTV, $50k audio), Q2 2027",
     {"budget": Decimal("250000"), "split": {"ctv": Decimal("80"), "audio": Decimal("20")}}),
    ("| Channel | Budget |\n|---|---|\n| Display | $30,000 |\n| Audio | $10,000 |\n"
     "| Total | $40,000 |\nFlight: Q3 2027",
     {"budget": Decimal("40000"), "split": {"display": Decimal("75"), "audio": Decimal("25")}}),
    ("€60k display, Q2 2027, Belgium, CPM max 8,75 EUR", {"max_cpm": Decimal("8.75")}),
    ("Budget 450 000 € en vidéo en ligne, Q2 2027, Belgique",
     {"budget": Decimal("450000"), "currency": "EUR"}),
    ("$70k audio / Q2 2027 / excl. Bargain Banner & StreamMax",
     {"excluded": ["Bargain Banner", "StreamMax"]}),
    # names: "name it 'X'", "calling it \"X\"", "Campaign = 'X'", a form's columns, "the 'X' promo"
    ("$50k audio, Q2 2027 - pls name it 'Tide Pool Audio'", {"name": "Tide Pool Audio"}),
    ('$50k audio, Q2 2027; the client is calling it "Fresh Tides 2027"',
     {"name": "Fresh Tides 2027"}),
    ("Quick one. Campaign = 'Tall Pines', $50k audio, Q2 2027", {"name": "Tall Pines"}),
    ("Campaign      Tall Pines Spring\nBudget        $50,000\nFlight        Q2 2027\n"
     "Channels      audio", {"name": "Tall Pines Spring"}),
    ("Can you price $50k on audio for the 'Tall Pines' promo? Q2 2027", {"name": "Tall Pines"}),
    # splits: "X + Y, evenly", "60:40 X to Y", "X 1/3 Y 2/3", "X (restated) 65%, the rest Y"
    ("$100k for display + audio, evenly, Q2 2027",
     {"split": {"display": Decimal("50"), "audio": Decimal("50")}}),
    ("$100k, display and audio, split 70:30 audio to display, Q2 2027",
     {"split": {"audio": Decimal("70"), "display": Decimal("30")}}),
    ("$100k, display 1/4 audio 3/4, Q2 2027",
     {"split": {"display": Decimal("25"), "audio": Decimal("75")}}),
    ("$100k, CTV (streaming TV) 60%, the rest audio, Q2 2027",
     {"split": {"ctv": Decimal("60"), "audio": Decimal("40")}}),
    # holidays a range names with 'next year' after it; a weekday and a day with no month
    ("$2M CTV, Thanksgiving through New Year's Eve next year, adults 18-49",
     {"start": date(2027, 11, 25), "end": date(2027, 12, 31)}),
    ("From Thursday the 10th through Christmas Eve, $35k on audio",
     {"start": date(2026, 12, 10), "end": date(2026, 12, 24)}),
    ("$70k audio, Q2 2027, please keep us off Bargain Banner, it underdelivered",
     {"excluded": ["Bargain Banner"], "channels": ["audio"]}),
    ("$50k for display + audio, week of March 1 through April 11 2027",
     {"start": date(2027, 3, 1), "end": date(2027, 4, 11)}),
    ("$50k on audio, performance objective (CPA), Q2 2027",
     {"channels": ["audio"], "goal": "performance"}),
    ("$90k CTV, Q2 2027: only PG deals, and please only use Streamwise and Hilltop Media - "
     "we have audited those", {"included": ["Streamwise", "Hilltop Media"]}),
    ("DACH (Germany, Austria): €80k display, Q2 2027", {"countries": ["DE", "AT"]}),
    # "and run it through to", a day named as the last, a pause outside the flight
    ("$60k audio, live from April 5 2027 and run it through to the end of May (May 23 is "
     "the last day, we go dark for Memorial Day weekend)",
     {"start": date(2027, 4, 5), "end": date(2027, 5, 23)}),
    # the Super Bowl on the date the NFL fixed
    ("$300k CTV, the 3 weeks before the Super Bowl, men 25-54",
     {"start": date(2027, 1, 24), "end": date(2027, 2, 13)}),
    ("$300k CTV for the big game lead-up, 3 weeks ending Feb 13 2027",
     {"goal": "awareness"}),  # a 'lead-up' is no lead goal
    # ages spoken in words, and a spoken correction of them
    ("$90k audio, Q2 2027, men twenty one plus", {"age_min": 21, "age_max": None}),
    ("$90k audio, Q2 2027, adults thirty five to sixty four", {"age_min": 35, "age_max": 64}),
    ("$90k audio, Q2 2027, adults 18 to 34. no, wait, 21 to 34.",
     {"age_min": 21, "age_max": 34}),
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
    ("£300k, CTV 60% and audio 40%, Q1 2027, UK.\nEdit: 75/25 rather than 60/40.",
     {"split": {"ctv": Decimal(75), "audio": Decimal(25)}}),
    ("$80k audio, Q4 2027, Texas and Oklahoma. PS: strike Oklahoma, Texas only.",
     {"regions": ["US-TX"]}),
    # a table pasted from a sheet: each cell read with its column's meaning
    ("Campaign\tSpend\tMedia\tFrom\tTo\tMarket\nRiverbend Fall\t$42,000\tAudio\t"
     "2027-09-06\t2027-10-17\tOregon",
     {"name": "Riverbend Fall", "budget": Decimal(42000), "start": date(2027, 9, 6),
      "end": date(2027, 10, 17), "regions": ["US-OR"]}),
    ("campaign,total_budget,currency,channel,start,end\n"
     "Harvest Days,95000,EUR,display,2027-09-01,2027-09-30",
     {"budget": Decimal(95000), "currency": "EUR", "start": date(2027, 9, 1)}),
    ("| Channel | Weight |\n| Display | 70% |\n| Audio | 30% |\n$110k, Q1 2027, nationwide",
     {"split": {"display": Decimal(70), "audio": Decimal(30)}}),
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
    ("We want make display for 4 weeks since the 7 of June 2027, budget 30 thousand dollars",
     {"start": date(2027, 6, 7), "end": date(2027, 7, 4)}),
    # income written in full dollars is a household band, never a second budget
    ("$300k CTV, Q3 2027, adults 30-54 with household incomes of $75,000-$100,000",
     {"budget": Decimal(300000), "age_min": 30, "age_max": 54}),
    # a number above 31 is no day: "60/40 – 3rd May" is a split, then the flight
    ("£400k, display and audio, 60/40 – 3rd May to 27th June 2027, UK",
     {"split": {"display": Decimal(60), "audio": Decimal(40)}, "start": date(2027, 5, 3),
      "end": date(2027, 6, 27)}),
    # a fraction of the budget on one channel, the rest on the other
    ("Nous avons 90 000 € pour audio and online video, 3/4 on the audio. Q3 2027, France",
     {"budget": Decimal(90000), "split": {"audio": Decimal(75), "online_video": Decimal(25)}}),
    # 'next year' after a month is that month's year, not a second flight
    ("$80k for streaming audio from early February for 4 weeks next year, men 18-34",
     {"start": date(2027, 2, 1), "end": date(2027, 2, 28)}),
    # ages "between 25 and 44 years", as second-language writers put it
    ("We have 90.000 EUR for display in Italy, Q2 2027, for women between 30 and 49 years",
     {"age_min": 30, "age_max": 49}),
    ("$90k CTV, Q2 2027, adults aged between 21 and 34", {"age_min": 21, "age_max": 34}),
    # a named day and the length beside it, the day included
    ("$60k audio for Thanksgiving 2027 and the two weeks before it, adults 25-54",
     {"start": date(2027, 11, 11), "end": date(2027, 11, 25)}),
    # do-not lists and only-lists as procurement and email writers put them
    ("$90k display, Q2 2027. Please don't go through Brightwire, thanks.",
     {"excluded": ["Brightwire"]}),
    ("$90k display, Q2 2027. The vendor shall not place media with Tallpine Digital.",
     {"excluded": ["Tallpine Digital"]}),
    ("Excluded vendors: anyone on the client's blocklist, including Ozmo Ads. $90k CTV, Q2 2027",
     {"excluded": ["Ozmo Ads"]}),
    ("Only use these sellers: Kestrel Media and Wavelength. $90k display, Q2 2027",
     {"included": ["Kestrel Media", "Wavelength"]}),
    # places: a state listed after a state, "<country code>-wide", the sender's own city
    ("$75k display, Q3 2027. Markets: New York, Connecticut", {"regions": ["US-CT", "US-NY"]}),
    ("AU$80,000 for audio, AU-wide, 1 May to 30 June 2027", {"countries": ["AU"]}),
    ("$200k CTV, Q3 2027, US only, adults 25-54. Warm greetings from Lyon, Claire",
     {"countries": ["US"]}),
    # an even share "each", and a colon ratio after the first channel
    ("Budget 60.000 EUR for audio and display, 50% each one, Q3 2027, Portugal",
     {"split": {"display": Decimal(50), "audio": Decimal(50)}}),
    ("Display 70:30 with audio, $500k, Q1 2027", {"split": {"display": Decimal(70),
                                                          "audio": Decimal(30)}}),
    # prices that are not the budget: a cost-per-action target, TKP, a buy line's cap slot
    ("$150k display, June 2027, goal sales, CPC of $1.20", {"budget": Decimal(150000)}),
    ("Budget 300.000 € für Display, Q3/2027, Österreich, max. 12 € TKP",
     {"budget": Decimal(300000), "max_cpm": Decimal(12)}),
    ("REQ | 1.1MM | CTV | Q4'27 | A25-54 | PG | cap $42", {"budget": Decimal(1100000),
                                                          "max_cpm": Decimal(42)}),
    ("REQ | 250K USD | OLV+disp 40/60 | Q2'27 | PMP", {"split": {
        "online_video": Decimal(40), "display": Decimal(60)}}),
    # an audience of roles, not ages: segments to ask sellers for
    ("$140k display, Q3 2027, US. Audience: procurement managers, CFOs at 500+ seat firms",
     {"interests": ["procurement managers"], "age_min": None}),  # a count is no segment
    # "scratch that" with no object: the sentence before it no longer stands
    ("$70k, May 2027, US. CTV plus some retargeting... actually scratch that, display only.",
     {"channels": ["display"]}),
    ("$50k audio, June 2027, Boston (maybe Springfield too, but let's keep it to Boston)",
     {"dmas": ["506"]}),
    ("Use 90k, not the 75k in the old brief. Display, Q3 2027, US", {"budget": Decimal(90000)}),
    ("audio 90K / May 2027 / CHI, MIA / A25-54", {"dmas": ["602", "528"]}),  # city codes
    ("Budget: 80 Tsd. EUR, Display, Juni 2027, Deutschland", {"budget": Decimal(80000)}),
    ("Mostly retargeting -- $100k total, say $75k performance, $25k audio. June 2027, US",
     {"budget": Decimal(100000), "split": {"performance": Decimal(75), "audio": Decimal(25)}}),
    ("£90k OLV, June 2027, adults in the South West of England", {"countries": ["GB"]}),
    # ISO calendar weeks: Monday of the first to Sunday of the last
    ("Budget 400.000 EUR, Online-Video, KW 36 bis KW 44 2027, Deutschland",
     {"start": date(2027, 9, 6), "end": date(2027, 11, 7)}),
    ("Our fiscal Q3 (the Jan-Mar 2027 quarter), $100k display, US",
     {"start": date(2027, 1, 1), "end": date(2027, 3, 31)}),
    ("display 80K / early May 2027 for 3wks / US", {"end": date(2027, 5, 21)}),
    ("$120k audio, CW 5 - 9 2027, UK", {"start": date(2027, 2, 1), "end": date(2027, 3, 7)}),
    # a city several DMAs share, settled by the state the brief names elsewhere
    ("$90k audio for the Maine bottle bill, Sept 2027, Portland and Detroit",
     {"dmas": ["500", "505"]}),
    ("OLV/AUD 60/40, AUD 900k, Q3 2027, Australia", {"budget": Decimal(900000),
     "split": {"online_video": Decimal(60), "audio": Decimal(40)}}),
])
def test_a_family_of_forms_is_read(text: str, want: dict[str, Any]) -> None:
    got = _fields(read_brief(text))
    assert {k: got[k] for k in want} == want


def test_households_earning_an_amount_are_income_not_the_budget() -> None:
    brief = read_brief("$300k CTV, Q2 2027, households earning $150k or more")
    assert brief.budget_micros == 300_000_000_000
    assert [h.value for h in brief.audience.household] == ["income_150k_plus"]


def test_parents_of_school_age_kids_are_an_adult_audience() -> None:
    for text in ("$275k display, Q3 2027, parents of K-12 kids, US",
                 "$150k CTV, Q3 2027, target parents w/ kids under 12"):
        brief = read_brief(text)
        assert not brief.audience.is_kids, text
        assert [h.value for h in brief.audience.household] == ["with_children"]


@pytest.mark.parametrize("text", [
    "Hi Sam,\n\nHope you had a good weekend. $120k CTV, Q2 2027, adults 25-54, Chicago.",
    "$120k CTV, Q2 2027, adults 25-54. Keep us off Bargain Banner, we had brand safety "
    "issues there last year.",
    "The team finally agreed the money yesterday after a lot of back and forth. $120k CTV, "
    "Q2 2027, adults 25-54.",
    "$120k CTV, Q2 2027, adults 25 to 54 (the brand rules say 25+, legal insists).",
    "$120k CTV, Q2 2027, adults 25-54. Let me know if you have questions before Friday.",
    "$120k CTV, Q2 2027, adults 25-54. Thanks a million!",
    "$120k CTV, Q2 2027, adults 25-54.\nGeography: the province of Alberta",
    "Ref PO-20931 / cost centre 7710-BRD\n$120k CTV, Q2 2027, adults 25-54.",
])
def test_small_talk_history_and_restated_ages_do_not_stop_a_brief(text: str) -> None:
    brief = read_brief(text)
    assert brief.budget_micros == 120_000_000_000


@pytest.mark.parametrize(("text", "kind"), [
    ("$120k CTV, Q2 2027, adults 25-54 (the brand rules say 35+ for this one).",
     "an audience"),
    ("$120k CTV, Q2 2027, adults 25-54. Hope you had a good weekend and can keep it to 35+.",
     "an audience"),
    ("$120k CTV, Q2 2027, adults 25-54, weekends only.", "a date"),  # a day-part rule
    ("$120k CTV, Q2 2027, Canada, adults 25-54. Geography: the province of Westmarch",
     "a place"),  # a place no reader knows, behind a place label
    ("£80k display, May 2027, adults 25-54 in the North of the country", "a place"),
])
def test_an_unread_fact_the_brief_does_not_state_still_stops_it(text: str, kind: str) -> None:
    gap = extract_brief(text, reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert any(i.field == "unread" and kind in i.message for i in gap.issues), gap.describe()


@pytest.mark.parametrize(("text", "part"), [
    ("$330k display, Q3 2027, women 35-64, the Deep South", "the Deep South"),
    ("$1M CTV, Q2 2027, top 40 DMAs", "top 40"),  # a ranking the reader does not hold
])
def test_a_place_no_reader_knows_stops_the_brief(text: str, part: str) -> None:
    gap = extract_brief(text, reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert any(i.field == "unread" and repr(part) in i.message for i in gap.issues)

def test_a_forwarded_thread_reads_the_newest_message_and_not_the_mail_headers() -> None:
    brief = read_brief(
        "Hi team - the client dropped CTV: it's display and online video only now, 50/50.\n\n"
        "-----Original Message-----\nFrom: Derek Olsen\nSent: Monday, December 7, 2026 9:14 AM\n"
        "Subject: Falls Brewing spring\n\n> $210K, CTV + display + OLV, April 1 - May 15 2027, "
        "adults 21-44, Wisconsin.")
    assert _fields(brief)["channels"] == ["display", "online_video"]
    assert (brief.flight_start, brief.flight_end) == (date(2027, 4, 1), date(2027, 5, 15))
    assert brief.budget_micros == 210_000_000_000


@pytest.mark.parametrize(("text", "field", "kind"), [
    ("Budget: EUR 1.500k, CTV, Q3 2027", "budget", "ambiguous"),  # 1.5k or 1,500k
    ("An 8-week flight from 1 March to 30 March 2027, $120k, online video", "flight_dates",
     "contradictory"),
    ("$90k for display in Q3 2027 or Q4 2027, whichever works", "flight_dates",
     "contradictory"),
    ("$250k CTV Q3 2027, July 1 - Aug 31 2027", "flight_dates", "contradictory"),
    ("$20k display per week, March 3 - March 20 2027", "budget", "ambiguous"),
    ("$750K-$800K for CTV in Q2 2027", "budget", "ambiguous"),
    ("The budget is between 80.000 and 95.000 EUR, still open. Display, Spain, May 2027",
     "budget", "ambiguous"),
    ("$90k CTV, 2/3 - 4/5/2027", "flight_dates", "ambiguous"),  # no day above 12
    ("$300k CTV, 2 weeks before Super Bowl 2031", "flight_dates", "ambiguous"),  # not fixed
    ("$60k audio, June 1 - July 31 2027, we go dark for the July 4th week", "flight_dates",
     "ambiguous"),  # a pause inside the flight: the buyer cannot pause one
    ("$80k, display 50 / audio 30 / DOOH 30, May 2027", "channel_split", "contradictory"),
    ("REQ | 400K | OLV/CTV/AUD 20/50/40 | Q4 2027", "channel_split", "contradictory"),
])
def test_what_is_truly_ambiguous_or_contradictory_is_still_refused(text: str, field: str,
                                                                   kind: str) -> None:
    gap = extract_brief(text, reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert any(i.field == field and i.kind.value == kind for i in gap.issues), gap.describe()


def test_each_reading_a_planner_might_not_expect_is_said() -> None:
    brief = read_brief("€75.000 display, Q2 2027, minimum CPM of €4, Hey Jordan, nationwide")
    said = " ".join(brief.assumptions)
    assert "thousands separator" in said
    assert "CPM floor" in said
    assert "'nationwide' read as no regional limit" in said
    assert brief.countries == []  # euros name no one country: none is guessed
