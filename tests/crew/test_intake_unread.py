"""The unread guard, campaign names, threads and corrections (issue 19), by family.

Text that carries no campaign constraint (greetings, signatures, out-of-office lines,
disclaimers, meeting and reporting asks, creative specs, history, PO numbers, reply-by
deadlines, links) must not stop a brief; unread text that carries money, a date, a place
or an audience the brief does not state elsewhere still does. Each family has several
phrasings, the way different planners write them.
"""

from __future__ import annotations

from datetime import date

import pytest

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap, CampaignBrief

from .intake_reading import TODAY, read_brief

CORE = "$120k CTV, Q2 2027, adults 25-54, US."


def _core_read(brief: CampaignBrief) -> None:
    assert brief.budget_micros == 120_000_000_000
    assert (brief.flight_start, brief.flight_end) == (date(2027, 4, 1), date(2027, 6, 30))
    assert [c.value for c in brief.channels] == ["ctv"]
    assert (brief.audience.age_min, brief.audience.age_max) == (25, 54)
    assert brief.countries == ["US"]


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
    _core_read(read_brief(text))


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


# A campaign's name, written every way planners write it.
@pytest.mark.parametrize(("text", "name"), [
    (f"Campaign: Bright Harbor Spring\n{CORE}", "Bright Harbor Spring"),
    (f"Re: Bright Harbor Spring brief\n\nHi all,\n{CORE}", "Bright Harbor Spring"),
    (f"Subject: Bright Harbor Spring\n\n{CORE}", "Bright Harbor Spring"),
    (f"Subject: RE: FW: Bright Harbor Spring - media brief\n\n{CORE}", "Bright Harbor Spring"),
    (f"Hi team, for our Bright Harbor Spring campaign: {CORE}", "Bright Harbor Spring"),
    (f"Budget for the Bright Harbor Spring push: {CORE}", "Bright Harbor Spring"),
    (f"Project Bright Harbor: {CORE}", "Project Bright Harbor"),
    (f"Bright Harbor - Q2\n{CORE}", "Bright Harbor - Q2"),
    (f'{CORE} The campaign is "Bright Harbor Spring".', "Bright Harbor Spring"),
    (f"{CORE} Campaign name - Bright Harbor Spring", "Bright Harbor Spring"),
    (f"Spring Saver\n{CORE}", "Spring Saver"),
    (f"Campaign name: Holiday Cheer 2027\n{CORE}", "Holiday Cheer 2027"),
    (f"Kampagne: Sommerfrische\n{CORE}", "Sommerfrische"),
    (f'Hi team - we\'re calling this one "Bright Harbor". {CORE}', "Bright Harbor"),
    (f"PROJECT: Orion\n{CORE}", "Orion"),
    (f"Following today's status call, here's what we agreed for Project Orion:\n{CORE}",
     "Project Orion"),  # a lead-in after a call is no meeting request
    (f"Campaign: Bright Harbor (job 4471)\n{CORE}", "Bright Harbor"),
    (f"Initiative: Bright Harbor Spring\n{CORE}", "Bright Harbor Spring"),
    (f"Hi all, this is the brief for Bright Harbor Spring. {CORE}", "Bright Harbor Spring"),
    (f"{CORE} We're calling it Bright Harbor Spring.", "Bright Harbor Spring"),
    (f"{CORE} Internally it's called 'Bright Harbor'.", "Bright Harbor"),
    (f"Campaign: TBD (working title Bright Harbor)\n{CORE}", "Bright Harbor"),
    (f"Bright Harbor Spring – Media Brief\n{CORE}", "Bright Harbor Spring"),
    (f"MEDIA BRIEF: BRIGHT HARBOR SPRING\n{CORE}", "BRIGHT HARBOR SPRING"),
    ("Campaign: Bright Harbor Wave 1 // $120k // CTV // Q2 2027 // A25-54 // US",
     "Bright Harbor Wave 1"),
    ("Campaign: Bright Harbor • $120k • CTV • Q2 2027 • adults 25-54 • US", "Bright Harbor"),
    (f'Subject: Campaign "Bright Harbor 2027" - media brief\n\n{CORE}', "Bright Harbor 2027"),
    # a heading before the brief, a holiday inside a title, "campaign is X", "this is for X"
    (f"Spring Saver: {CORE}", "Spring Saver"),
    (f"Summer Sips 2027 — {CORE}", "Summer Sips 2027"),
    (f"Spring Saver brief - {CORE}", "Spring Saver"),
    (f"Black Friday Blitz\n{CORE}", "Black Friday Blitz"),
    (f"{CORE} Campaign is Holiday Cheer.", "Holiday Cheer"),
    (f"{CORE} This is for Spring Saver.", "Spring Saver"),
    (f"The Spring Saver campaign: {CORE}", "Spring Saver"),
    ("Hi Dana,\n\nFor Spring Refresh 2027 the budget is $120k. CTV, Q2 2027, adults 25-54, US.",
     "Spring Refresh 2027"),
    (f"Nom de la campagne : Été Radieux\n{CORE}", "Été Radieux"),
])
def test_a_campaign_name_is_read_every_way_it_is_written(text: str, name: str) -> None:
    assert read_brief(text).name == name


@pytest.mark.parametrize("text", [
    f"Hi Sam,\n{CORE}",
    f"Good morning team!\n{CORE}",
    f"Thanks for the call earlier.\n{CORE}",
    f"Hope all is well.\n{CORE}",
    f"Quick one:\n{CORE}",
    f"Following up on our chat\n{CORE}",
    f"Happy Monday!\n{CORE}",
    f"URGENT\n{CORE}",
    f"Budget Update: {CORE}",
    f"Quick one: {CORE}",
    f"New brief\n{CORE}",
    f"Client: Acme Foods\n{CORE}",
    f"Hello from Acme!\n{CORE}",
    f"Hey there -\n{CORE}",
])
def test_a_greeting_or_fragment_is_never_the_name(text: str) -> None:
    brief = read_brief(text)
    assert brief.name.startswith("CTV"), brief.name  # generated from the facts


@pytest.mark.parametrize(("text", "name"), [
    (f"Client: Acme Foods\nCampaign: Crunch Time\n{CORE}", "Crunch Time"),
    (f"Advertiser: Acme Foods\n{CORE}\nCampaign name: Crunch Time", "Crunch Time"),
    (f"Acme Foods\nCampaign: Crunch Time\n{CORE}", "Crunch Time"),
    (f"Brand: Acme Foods | Campaign: Crunch Time\n{CORE}", "Crunch Time"),
    (f"For Acme Foods' \"Crunch Time\" campaign: {CORE}", "Crunch Time"),
])
def test_a_client_name_is_not_the_name_when_a_campaign_name_is_given(text: str,
                                                                    name: str) -> None:
    assert read_brief(text).name == name


# Threads: the newest message wins; corrections replace what they correct.
@pytest.mark.parametrize(("text", "budget", "start", "end"), [
    (f"Budget is now $150k, the rest stands.\n\n-----Original Message-----\nFrom: Ann\n{CORE}",
     150_000, date(2027, 4, 1), date(2027, 6, 30)),
    (f"See below - approved.\n\n---------- Forwarded message ---------\nFrom: Ann\n"
     f"Date: Mon, Dec 7, 2026\nSubject: Q2\n\n{CORE}", 120_000, date(2027, 4, 1),
     date(2027, 6, 30)),
    (f"{CORE}\nP.S. make that 300k", 300_000, date(2027, 4, 1), date(2027, 6, 30)),
    (f"{CORE}\nUPDATE: dates moved to May 1 - June 30 2027", 120_000, date(2027, 5, 1),
     date(2027, 6, 30)),
    (f"{CORE}\nPS - budget is $140k now, not $120k.", 140_000, date(2027, 4, 1),
     date(2027, 6, 30)),
    (f"On Dec 4, 2026, at 10:02 AM, Ann Lee <ann@x.com> wrote:\n> {CORE}", 120_000,
     date(2027, 4, 1), date(2027, 6, 30)),
    (f"{CORE}\nRevised: the flight now runs May 3 - June 27 2027.", 120_000, date(2027, 5, 3),
     date(2027, 6, 27)),
    (f"{CORE}\nNote: new dates are 1 May to 30 June 2027.", 120_000, date(2027, 5, 1),
     date(2027, 6, 30)),
    (f"{CORE} Actually the budget is $200k.", 200_000, date(2027, 4, 1), date(2027, 6, 30)),
    ("$120k CTV, Q2 2027, adults 25-54, HHI $150k+, US.\nP.S. budget is $140k now.", 140_000,
     date(2027, 4, 1), date(2027, 6, 30)),
    (f"Thanks all - approved as below.\n\nOn Mon, Dec 7, 2026 at 9:14 AM Ann <a@x.com> wrote:"
     f"\n> {CORE}\n>\n> Best,\n> Ann", 120_000, date(2027, 4, 1), date(2027, 6, 30)),
    ("Dates moved: now May 1 - June 30 2027. Rest as below.\n\n-----Original Message-----\n"
     f"From: Ann\n{CORE}", 120_000, date(2027, 5, 1), date(2027, 6, 30)),
    ("Approved, only change: budget is $150k.\n\nFrom: Ann Lee <ann@x.com>\nSent: Friday, "
     f"December 4, 2026 3:02 PM\nTo: Sam\nSubject: RE: Q2\n\n{CORE}", 150_000, date(2027, 4, 1),
     date(2027, 6, 30)),
    (f"Client says 150k now, everything else as per below.\n\n> {CORE}", 150_000,
     date(2027, 4, 1), date(2027, 6, 30)),
    (f"Go with the below but make it $140k.\n\nOn Dec 4, 2026, Ann wrote:\n> {CORE}\n> Ann",
     140_000, date(2027, 4, 1), date(2027, 6, 30)),
    # one end of the flight moved, the other as stated
    (f"{CORE}\nCorrection: please start on April 12 instead, same end date.", 120_000,
     date(2027, 4, 12), date(2027, 6, 30)),
    (f"{CORE}\nUpdate: end date is now June 15 2027.", 120_000, date(2027, 4, 1),
     date(2027, 6, 15)),
    ("$120k CTV, April 1 - June 30 2027, adults 25-54, US. EDIT: push the start to April 15.",
     120_000, date(2027, 4, 15), date(2027, 6, 30)),
    ("$120k CTV, April 1 - June 30 2027, adults 25-54, US. P.S. the end moves to July 15.",
     120_000, date(2027, 4, 1), date(2027, 7, 15)),
    ("Approved - go ahead. One change: the flight now starts May 3 instead of Apr 1; the end "
     "date stays Jun 30, 2027.\n\nThanks,\nRachel\n\n> On Nov 30, 2026, at 3:05 PM, Chris "
     "wrote:\n> Proposal: $120k on CTV, Apr 1 - Jun 30, 2027, A25-54, US.", 120_000,
     date(2027, 5, 3), date(2027, 6, 30)),
    ("Note the flight moved -- client now wants an April 19 start, same end date.\n\n"
     f"-----Original Message-----\n{CORE}", 120_000, date(2027, 4, 19), date(2027, 6, 30)),
    ("$120k CTV, adults 25-54, US. Actually we start on April 1 and run to June 30 2027.",
     120_000, date(2027, 4, 1), date(2027, 6, 30)),  # a whole flight, no move
])
def test_threads_and_corrections(text: str, budget: int, start: date, end: date) -> None:
    brief = read_brief(text)
    assert brief.budget_micros == budget * 1_000_000
    assert (brief.flight_start, brief.flight_end) == (start, end)


@pytest.mark.parametrize(("text", "split"), [
    ("$120k CTV and audio, 60/40, Q2 2027, US. Ignore the 60/40 above - do 70/30.",
     {"ctv": 70, "audio": 30}),
    ("$120k CTV and audio, 60/40, Q2 2027, US.\nEDIT: 50/50 rather than 60/40.",
     {"ctv": 50, "audio": 50}),
    ("$120k CTV and audio, 60/40, Q2 2027, US.\nP.S. client now wants 80/20.",
     {"ctv": 80, "audio": 20}),
    ("$120k CTV and audio, 60/40, Q2 2027, US. Disregard the 60/40 above; 55/45 is right.",
     {"ctv": 55, "audio": 45}),
    ("$120k, CTV 60% and audio 40%, Q2 2027, US.\nUpdate: client now wants a 70/30 split.",
     {"ctv": 70, "audio": 30}),
])
def test_a_later_split_replaces_the_one_it_corrects(text: str, split: dict[str, int]) -> None:
    brief = read_brief(text)
    assert {c.value: int(p) for c, p in brief.channel_split.items()} == split


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


def test_a_moved_end_that_leaves_the_flight_backwards_is_refused() -> None:
    gap = extract_brief("$120k CTV, adults 25-54, US, April 1 - June 30 2027. P.S. the end "
                        "moves to March 15.", reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert any(i.field == "flight_dates" and i.kind.value == "contradictory"
               for i in gap.issues), gap.describe()


def test_history_asked_for_again_is_read_not_set_aside() -> None:
    brief = read_brief("$120k CTV, Q2 2027, US. Last year's audience (women 25-54) worked well, "
                       "so same again.")
    assert (brief.audience.age_min, brief.audience.age_max) == (25, 54)
    assert brief.audience.gender.value == "female"


# A brief written as a conversation: the answers are the brief, names and questions are not.
@pytest.mark.parametrize("text", [
    "[Call notes 12/07 - Jess / Robert]\nJess: So what's the total?\nRobert: $120k.\n"
    "Jess: Dates?\nRobert: Q2 2027.\nJess: Channels?\nRobert: CTV.\n"
    "Jess: Who are we after?\nRobert: Adults 25-54, US.",
    "Transcript - call with Acme, 12/7/26 (recording ID 20261207-0931)\n"
    "Agency: ...and the budget?\nClient: $120k.\nAgency: Channel?\nClient: CTV.\n"
    "Agency: When?\nClient: Q2 2027.\nAgency: Audience?\nClient: Adults 25-54 in the US.",
    "Q: What's the budget?\nA: $120k\nQ: Which channels?\nA: CTV\nQ: When and where?\n"
    "A: Q2 2027, US\nQ: Audience?\nA: adults 25-54",
    "[10:42] Sam Lee: budget?\n[10:43] Kim Park: $120k CTV\n[10:43] Sam Lee: timing & geo?\n"
    "[10:44] Kim Park: Q2 2027, US, adults 25-54",
    "Me: what are we working with?\nClient (Dana): $120k, CTV, Q2 2027\nMe: who for?\n"
    "Client (Dana): adults 25-54 across the US",
])
def test_a_conversation_is_read_from_its_answers(text: str) -> None:
    _core_read(read_brief(text))


def test_a_reference_date_written_as_text_is_read() -> None:
    brief = extract_brief(f"{CORE} In 2025 we ran radio and saw +4 pts of lift.",
                          reference_date="2026-12-07")  # type: ignore[arg-type]
    assert isinstance(brief, CampaignBrief), brief.describe()


# Changes stated in passing: what they set aside no longer stands.
@pytest.mark.parametrize("text", [
    f"Ignore my email from last week (the one with $150k and April dates), plans changed.\n\n"
    f"{CORE}",
    f"Please disregard the earlier brief ($90k, display).\n{CORE}",
    f"Forget the deck from Monday - new numbers: {CORE}",
    f"{CORE} Budget went up from 100 to 120 thousand.\n\n-----Original Message-----\n"
    "Budget: $100,000, CTV, Q2 2027",
    f"{CORE} The budget increased from $90k to $120k since the $90k brief.",
    "$120k CTV and audio, Q2 2027, adults 25-54, US. Audio is out, CTV only now.",
    "$120k CTV, Q2 2027, adults 25-54, US, Denver and Dallas. Denver is dropped; Dallas only.",
])
def test_a_change_stated_in_passing_replaces_what_it_changes(text: str) -> None:
    brief = read_brief(text)
    assert brief.budget_micros == 120_000_000_000
    assert [c.value for c in brief.channels] == ["ctv"]
    assert brief.dmas in ([], ["623"])


def test_an_ask_that_names_a_goal_or_an_audience_is_read() -> None:
    brief = read_brief("$120k CTV, Q2 2027, US. Adults 25-54. Please report on conversions weekly.")
    assert brief.goal.value == "performance"
    brief = read_brief("$120k CTV, Q2 2027, US. Creative focuses on families, adults 25-44.")
    assert (brief.audience.age_min, brief.audience.age_max) == (25, 44)


@pytest.mark.parametrize(("text", "want"), [
    (f"{CORE}\nP.S. make that adults 35-54.", {"ages": (35, 54)}),
    (f"{CORE}\nCorrection: adults 35-54, not 25-54.", {"ages": (35, 54)}),
    ("$120k CTV and audio, Q2 2027, adults 25-54, US.\nEDIT: swap audio for display.",
     {"channels": ["ctv", "display"]}),
    ("$120k CTV and audio, Q2 2027, adults 25-54, US. Actually, display instead of audio.",
     {"channels": ["ctv", "display"]}),
    (f"{CORE} Actually, make it Q3 2027.", {"start": date(2027, 7, 1)}),
    (f"{CORE} Sorry, typo - I meant $150k.", {"budget": 150_000}),
    (f"{CORE} Oops, that should be $210k.", {"budget": 210_000}),
    (f"{CORE} Correction to the above: $130k.", {"budget": 130_000}),
    (f"{CORE}\nP.S. we have an extra $10k for audio if needed.", {"refused": True}),
])
def test_a_correction_of_any_fact_replaces_it(text: str, want: dict[str, object]) -> None:
    result = extract_brief(text, reference_date=TODAY)
    if want.get("refused"):  # money added is no restated budget: it never replaces it
        assert isinstance(result, BriefGap) or result.budget_micros != 10_000_000_000
        return
    assert isinstance(result, CampaignBrief), result.describe()
    got = {"ages": (result.audience.age_min, result.audience.age_max),
           "channels": [c.value for c in result.channels], "start": result.flight_start,
           "budget": result.budget_micros // 1_000_000}
    for key, value in want.items():
        assert got[key] == value, (key, got[key])


OLD = "$90k display, Q1 2027, adults 18-34, Canada."


# The newest message wins kind by kind, whatever the mail program marks the older ones with.
@pytest.mark.parametrize("text", [
    f"{CORE}\n\n________________________________\nFrom: Ann <a@x.com>\nSent: Friday, December 4,"
    f" 2026 3:02 PM\n\n{OLD}",
    f"{CORE}\n\nLe ven. 4 déc. 2026 à 15:02, Anne <a@x.com> a écrit :\n> {OLD}",
    f"{CORE}\n\nAm Fr., 4. Dez. 2026 um 15:02 Uhr schrieb Anna <a@x.com>:\n> {OLD}",
    f"{CORE}\n\nEl vie, 4 dic 2026 a las 15:02, Ana (<a@x.com>) escribió:\n> {OLD}",
    f"{CORE}\n\nFrom: Ann Sent: Friday, December 4, 2026 3:02 PM To: Sam Subject: old\n{OLD}",
    f"{CORE}\n\n--- Original message ---\n{OLD}",
    f"{CORE}\n\n=== Previous message (Dec 4) ===\n{OLD}",
])
def test_the_newest_message_replaces_the_older_ones(text: str) -> None:
    _core_read(read_brief(text))


def test_what_the_newest_message_does_not_restate_stands() -> None:
    brief = read_brief(
        "Budget is now $120k, everything else stands.\n\n-----Original Message-----\n"
        "$90k CTV, Q2 2027, adults 25-54, US.")
    _core_read(brief)


@pytest.mark.parametrize(("text", "said"), [
    ("$120k CTV, adults 25-54, US\nFlight: TBC (likely Q2 2027)", "likely 'Q2 2027'"),
    ("Budget: ~$120k (TBC)\nCTV, Q2 2027, adults 25-54, US", "to be confirmed"),
    ("Budget: $120k (pending approval)\nCTV, Q2 2027, adults 25-54, US", "to be confirmed"),
    ("$120k CTV, adults 25-54, US. Dates: TBD (probably Q2 2027)", "likely 'Q2 2027'"),
    ("CTV, Q2 2027, adults 25-54, US. Budget $120k (tentative)", "to be confirmed"),
])
def test_a_tentative_value_is_read_and_said(text: str, said: str) -> None:
    brief = read_brief(text)
    _core_read(brief)
    assert any(said in a for a in brief.assumptions), brief.assumptions


def test_a_signature_gives_no_goal_or_channel() -> None:
    brief = read_brief(f"{CORE}\n\nAlex Kim | Media Lead | alex@agency.com | +44 20 7946 0958")
    assert brief.goal.value == "awareness"  # "Media Lead" is a title, not a leads goal
    brief = read_brief("$120k, Q2 2027, adults 25-54, US.\n\nNew York\nMedia: CTV")
    assert brief.dmas == ["501"]  # a place and a labelled channel are no signature


@pytest.mark.parametrize(("newest", "countries"), [
    ("Same as below except budget is $120k and add Canada.", ["CA", "US"]),
    ("Include Mexico as well.", ["MX", "US"]),
    ("Also run it in Canada.", ["CA", "US"]),
    ("Switch it to Canada only.", ["CA"]),
    ("Market is now Canada.", ["CA"]),
])
def test_a_newest_message_adds_to_or_replaces_the_older_places(newest: str,
                                                                countries: list[str]) -> None:
    brief = read_brief(f"{newest}\n\n-----Original Message-----\n{CORE}")
    assert sorted(brief.countries) == countries
    assert brief.budget_micros == 120_000_000_000


def test_an_instruction_phrased_like_availability_is_read() -> None:
    assert read_brief(f"{CORE} Stay away from Hulu please.").excluded_sellers == ["Hulu"]


def test_a_subject_line_that_states_facts_names_nothing_of_them() -> None:
    brief = read_brief("Subject: Cedar Point Kayaks - $120K CTV, Q2 2027\n\n" + CORE)
    assert brief.name == "Cedar Point Kayaks"


def test_a_subject_line_amount_the_body_contradicts_is_asked_about() -> None:
    # the subject's $150K is not dropped for the body's $120k (intake/thread.py)
    gap = extract_brief("Subject: Cedar Point Kayaks - $150K CTV, May 2027\n\n" + CORE,
                        reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert any(i.field == "budget" and i.kind.value == "contradictory" for i in gap.issues)


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
