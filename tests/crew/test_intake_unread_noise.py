"""The unread guard (issue 19): text that carries no campaign constraint (greetings,
signatures, out-of-office lines, disclaimers, meeting and reporting asks, creative
specs, history, PO numbers, reply-by deadlines, links, addresses) must not stop a
brief; unread text that carries money, a date, a place or an audience the brief does
not state elsewhere still does. A field left 'TBD' is missing, not a value.

Each family has several phrasings, the way different planners write them.
"""

from __future__ import annotations

import pytest

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap

from .intake_reading import CORE, TODAY, assert_core_read, read_brief


# Noise around the brief: none of it is a campaign constraint.
@pytest.mark.parametrize("text", [
    # signature blocks: titles, phones, addresses, dates, emails
    f"Hi Sam,\n\n{CORE}\n\nBest,\nDana Whitfield\nSenior Media Planner | Northgate Agency\n"
    "T: +1 (312) 555-0142 | M: 312.555.0199\n233 S Wacker Dr, Suite 4400, Chicago, IL 60606",
    f"{CORE}\n\nCheers,\nTom\n--\nTom Baker, Account Director\nMobile 07700 900123\n"
    "10 Downing Lane, London EC1A 1BB",
    f"{CORE}\n\nKind regards,\nMaria Lopez\nHead of Digital, Acme Foods Inc.\n"
    "maria.lopez@acmefoods.com\nwww.acmefoods.com",
    f"{CORE}\nThanks!\nJ. Chen | Planner | Office hours Mon-Thu 9-5 PT",
    f"{CORE}\n\nRegards,\nPriya\n\nPriya Nair\nMedia Buyer\nDirect: 646-555-0133\n"
    "Sent on 12/07/2026",
    # out-of-office, disclaimers, phone sign-offs
    f"{CORE}\n\nSent from my iPhone",
    f"{CORE}\n\nSent from Outlook for Android",
    f"{CORE}\n\nI'm out of the office from December 21 until January 4 with limited access "
    "to email. For urgent matters contact Jo.",
    f"{CORE}\n\nCONFIDENTIALITY NOTICE: This email and any attachments are for the sole use "
    "of the intended recipient(s) and may contain confidential information. If you are not "
    "the intended recipient, please delete it.",
    f"{CORE}\n\nPlease consider the environment before printing this email.",
    # meeting requests and scheduling
    f"{CORE} Can we jump on a call Tuesday at 3pm to go through it?",
    f"{CORE} Happy to set up a meeting next week to walk through the plan.",
    f"{CORE} Let's sync on Thursday morning.",
    f"{CORE} Are you free for 30 minutes on Dec 10 to discuss?",
    f"{CORE} I'll send a calendar invite for Monday.",
    # reporting and billing asks
    f"{CORE} Please send weekly pacing reports every Monday.",
    f"{CORE} Invoices go to ap@client.com, net 60 payment terms.",
    f"{CORE} We'll need a wrap report within 2 weeks of the campaign end.",
    f"{CORE} Monthly billing please, PO to follow.",
    f"{CORE} Reporting: daily dashboard, weekly recap on Fridays.",
    # creative specs
    f"{CORE} Creative: 15s and 30s spots.",
    f"{CORE} Assets will be 300x250, 728x90 and 160x600.",
    f"{CORE} We have :15 and :30 versions ready.",
    f"{CORE} Creative arrives 2 weeks before launch.",
    f"{CORE} Specs: 1920x1080 MP4, max 30 seconds, under 10MB.",
    # past campaigns and last year's KPIs
    f"{CORE} Last spring the same campaign got a 92% VCR.",
    f"{CORE} In 2025 we ran a similar flight with Hulu and saw a 0.3% CTR.",
    f"{CORE} Previous campaign spent $80k and delivered 4M impressions.",
    f"{CORE} This is a repeat of the fall 2026 campaign.",
    f"{CORE} Historically January has been our weakest month.",
    # PO, job and reference numbers
    f"PO #4471-2027\n{CORE}",
    f"{CORE} Job no. 27-0415, client code ACM-22.",
    f"Ref: IO 2027/031\n{CORE}",
    f"{CORE} Estimate number 88213.",
    f"Cost center: 4410-MKT. {CORE}",
    # reply-by deadlines
    f"{CORE} Please send the plan by March 3.",
    f"{CORE} We need proposals back by 12/15.",
    f"{CORE} Responses due no later than December 18, 2026.",
    f"{CORE} Could you turn this around by end of day Wednesday?",
    f"{CORE} Deadline for the RFP response: 2026-12-14.",
    # links
    f"{CORE} Brief deck: https://drive.google.com/file/d/1AbC2027q2/view",
    f"{CORE} More at www.client.com/2027-spring.",
    f"{CORE} See <https://client.box.com/s/abc123> for brand guidelines.",
    f"{CORE} Tracking pixels: https://ad.tracker.io/px?id=55&cpm=1",
    f"{CORE} Landing page: client.com/offer?utm_source=ctv&utm_campaign=q2-2027",
    # a meeting named by its day, history in one clause of a sentence, sign-offs in French
    f"Right, here's where we landed after Friday's workshop. {CORE}",
    f"Following on from Tuesday's status call: {CORE}",
    f"{CORE} Quick recap before Thursday's call: last year's flight ran $80K on CTV with a "
    "92% VCR, so the client is happy.",
    f"{CORE} For context, last spring's flight delivered a $4.10 CPA, and the client is happy.",
    f"{CORE} A bit of background: in 2025 we ran radio only and saw +4 pts of lift.",
    f"{CORE}\n\nMerci,\nIsabelle Gagnon\nDirectrice marketing",
    f"{CORE}\n\nDanke,\nJonas Weber\nLeiter Media, München",
    # where the writer or the client is; a document's version and date; sign-offs' contacts
    f"{CORE} I'm in London next week but reachable on email.",
    f"{CORE} The client's HQ is in Toronto.",
    f"{CORE} We're based in Sydney, so replies may be overnight.",
    f"{CORE} Brief v2, updated 12/04.",
    f"{CORE} Draft 3 dated Nov 30.",
    f"{CORE}\n\nAlex Kim | Media Lead | alex@agency.com | +44 20 7946 0958",
    f"{CORE} Need the IO signed by 12/20.",
    f"{CORE} Q1 2026 results: 0.12% CTR, $14 eCPM.",
    f"{CORE} Merry Christmas and see you in the new year!",
    # "this year" set against a past campaign; small talk about a meeting or the week
    f"{CORE} Last summer's campaign hit a 0.9% CTR on display, so we're doubling down this "
    "year.",
    f"{CORE} In 2025 we ran radio and saw little lift. This time we're going bigger.",
    f"Hope your week's going well! As discussed on Monday, here's the brief. {CORE}",
    f"Hope all is well. Per our call Tuesday: {CORE}",
    f"Further to our meeting on 3 December, {CORE}",
    # where a meeting is held is no market
    f"{CORE} Can we meet in Chicago on Tuesday?",
    f"{CORE} Happy to do a workshop at our London office next week.",
    # a signature block with no sign-off line before it
    f"{CORE}\n\nDana Kim\nSenior Planner, Acme Agency\nChicago, IL",
    f"{CORE}\n\nTom Baker\nMobile 07700 900123",
    f"Hi,\n\n{CORE}\n\nDana Kim\nMedia Director",
    # someone's availability, a registered-office disclaimer, a phone label, "may" in a notice
    f"Hope you all had a great weekend!\n{CORE}",
    f"{CORE} I'll be out Friday but reachable by phone.",
    f"{CORE} My working days are Tuesday to Friday.",
    f"{CORE} Heads up: I'm off next Monday.",
    f"{CORE} Let's pencil in Monday 11:00 GMT.",
    f"{CORE} Away 23/12 - 02/01.",
    f"{CORE} Holiday hours: office closed Dec 25 and Jan 1.",
    f"{CORE} I'm at Cannes Lions 14-18 June.",
    f"{CORE} Back in the office Tuesday the 12th.",
    f"{CORE}\n\nEmails are not secure and may be intercepted.",
    f"{CORE}\n\nMobile: +44 7700 900123",
    f"{CORE} Reach me on my mobile if urgent.",
    f"{CORE}\n\nAcme Ltd is registered in England and Wales, company number 0123456.",
    # a place word inside a company's name
    f"For the Lion City Bank regional campaign we have {CORE}",
    # the fuzz helper's last failures: a meeting to review, an ABN line, a closing line,
    # "Thanks in advance," opening a signature, an away range with an email in it
    f"{CORE} Let's review together next Wednesday.",
    f"{CORE} Could your team present the plan on Tuesday afternoon?",
    f"{CORE}\n\nSouthern Cross Media Pty Ltd ABN 12 345 678 901.",
    f"{CORE} PMP only.\n\nLet me know if you have any questions.",
    f"{CORE}\n\nThanks in advance,\nJess\nHead of Digital\nOffice 020 7946 0018\n"
    "600 Congress Ave, Austin, Texas 78701",
    f"{CORE}\n\nAway 23/12 - 02/01, urgent matters to media@agency.com.",
    f"{CORE}\n\nAv. Paulista 1578, São Paulo - SP, 01310-200",
    f"{CORE}\n\n12 Rue de Rivoli, 75004 Paris, France",
    f"{CORE}\n\nMaple Leaf Marketing Inc., 150 King St W, Toronto, ON M5H 1J9",
    f"{CORE} Please note I'm travelling 14-18 December.",
    f"{CORE} Je suis absente du 20 au 27 décembre.",
    f"{CORE} On parental leave from March 1 - please copy Grace.",
    f"{CORE} The hero video is 20 seconds long.",
    # "may" the verb is no month
    f"{CORE} We may need to revisit the mix later.",
    f"{CORE} May I suggest we keep it simple?",
])
def test_text_that_carries_no_constraint_does_not_stop_a_brief(text: str) -> None:
    assert_core_read(read_brief(text))


# Unread text that does carry a constraint the brief does not state still stops it.
@pytest.mark.parametrize(("text", "kind"), [
    (f"{CORE} Also hold some money back for a radio test, around $15k.", "money"),
    (f"{CORE} Skip the week of May 10 entirely.", "a date"),
    (f"{CORE} Exclude anyone near the lake towns in the Upper Peninsula.", "a place"),
    (f"{CORE} Skew toward the 45 to 54 end of that, around lake towns.", "a place"),
    (f"{CORE} Keep the eCPM sensible, nothing silly.", "a CPM"),
    # a place or an audience inside an ask that is otherwise no constraint
    (f"{CORE} Creative: 15s in Spanish for Hispanic audiences in Texas.", "a place"),
    (f"{CORE} Weekly reports please, broken out across the Pacific Northwest.", "a place"),
])
def test_unread_text_with_a_constraint_still_stops_a_brief(text: str, kind: str) -> None:
    gap = extract_brief(text, reference_date=TODAY)
    assert isinstance(gap, BriefGap), text
    # the unread guard names it, or a reader that read it finds it competes with the brief
    assert any((i.field == "unread" and kind in i.message) or i.kind.value == "contradictory"
               for i in gap.issues), gap.describe()


# "TBD", "TBC", "n/a": a field given so is missing, not a value.
@pytest.mark.parametrize(("text", "check"), [
    ("Campaign: TBD\n$120k CTV, Q2 2027, adults 25-54, US", "name"),
    ("Campaign name: TBC\n$120k CTV, Q2 2027, adults 25-54, US", "name"),
    ("$120k CTV, Q2 2027, adults 25-54, US. Max CPM: n/a", "max_cpm"),
    ("$120k CTV, Q2 2027, adults 25-54, US. CPM cap: TBD", "max_cpm"),
    ("$120k CTV, Q2 2027, adults 25-54, US. Excluded sellers: none", "excluded"),
    ("$120k CTV, Q2 2027, adults 25-54, US\nAudience: TBD", "audience"),
])
def test_a_field_left_to_be_decided_is_missing_not_a_value(text: str, check: str) -> None:
    brief = read_brief(text)
    if check == "name":
        assert brief.name.startswith("CTV"), brief.name
    elif check == "max_cpm":
        assert brief.max_cpm_micros is None
    elif check == "excluded":
        assert brief.excluded_sellers == []
    else:
        assert brief.budget_micros == 120_000_000_000


@pytest.mark.parametrize(("text", "field"), [
    ("Budget: TBD\nCTV, Q2 2027, adults 25-54, US", "budget"),
    ("$120k CTV, adults 25-54, US. Dates: TBC", "flight_dates"),
    ("$120k, Q2 2027, adults 25-54, US. Channels: n/a", "channels"),
])
def test_a_required_fact_left_to_be_decided_is_asked_for(text: str, field: str) -> None:
    gap = extract_brief(text, reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert any(i.field == field for i in gap.issues), gap.describe()


def test_a_signature_gives_no_goal_or_channel() -> None:
    brief = read_brief(f"{CORE}\n\nAlex Kim | Media Lead | alex@agency.com | +44 20 7946 0958")
    assert brief.goal.value == "awareness"  # "Media Lead" is a title, not a leads goal
    brief = read_brief("$120k, Q2 2027, adults 25-54, US.\n\nNew York\nMedia: CTV")
    assert brief.dmas == ["501"]  # a place and a labelled channel are no signature


def test_an_instruction_phrased_like_availability_is_read() -> None:
    assert read_brief(f"{CORE} Stay away from Hulu please.").excluded_sellers == ["Hulu"]


UK = "£120k CTV, Q2 2027, adults 25-54, UK."


# An office's address and a creative spec's channel words: no market, no channel.
@pytest.mark.parametrize("text", [
    f"{UK}\n\nLantern Agency\n233 S Wacker Dr, Suite 4400, Chicago, IL 60606",
    f"{UK}\n\nLevel 5, 100 George Street, Sydney NSW 2000",
    f"{UK}\n\nAcme Ltd, 10 Downing Lane, London EC1A 1BB",
    f"{UK}\n\nKeizersgracht 123, 1015 CJ Amsterdam",
    f"{UK}\n\nFriedrichstraße 10, 10117 Berlin",
    f"{UK} Video files are 16:9, 1080p, max 30 seconds.",
    f"{UK} Banner sizes: 320x50 and 300x600.",
    f"{UK} Audio spots are 30 seconds, stereo.",
    f"{UK} The 970x250 billboard unit is ready.",
])
def test_an_address_or_a_spec_adds_no_market_or_channel(text: str) -> None:
    brief = read_brief(text)
    assert brief.countries == ["GB"]
    assert (brief.regions, brief.dmas) == ([], [])
    assert [c.value for c in brief.channels] == ["ctv"]


def test_a_ratio_is_a_split_not_a_spec() -> None:
    brief = read_brief("€250k, audio and DOOH, split 1:1, Q2 2027, Austria")
    assert {c.value: int(p) for c, p in brief.channel_split.items()} == {"audio": 50, "dooh": 50}


def test_a_seller_name_with_a_place_word_in_it_is_no_place() -> None:
    brief = extract_brief(f"{CORE} Please leave out Metro Screens.", reference_date=TODAY)
    issues = brief.issues if isinstance(brief, BriefGap) else []
    assert not any("a place" in i.message for i in issues)
