"""Harmless text a planner's email carries around a brief (issue 19): greetings,
sign-offs and signature blocks, asides between paragraphs, and whitespace. None of
it changes what a brief asks for, so none of it may change what the reader reads.

Each piece of noise has a kind (``phone``, ``ooo``, ...) so that a failure can be
traced to the piece that caused it (``culprits``). ``python tests/brief_noise.py``
prints, per kind and per piece, how many briefs each one breaks on the reader on
``PYTHONPATH`` (the findings in /work/notes/s17/NOISE_FINDINGS.md come from it).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap, CampaignBrief
from ad_buyer.models.money import from_micros

DATA = Path(__file__).resolve().parent / "data"
# The corpus and the blind batches 7-10 only: later batches are scored blind or held out.
SOURCES = ("briefs.yaml", "briefs_batch7.yaml", "briefs_batch8.yaml", "briefs_batch9.yaml",
           "briefs_batch10.yaml")

GREETINGS = (
    "Hi team,", "Hi all,", "Hello Dana,", "Hey folks -", "Good morning,", "Dear Sir or Madam,",
    "Hi Priya,", "Morning all,", "G'day team,", "Hi both,", "Hello,", "Hey there,",
    "Dear colleagues,", "Hi Jean-Luc,", "Bonjour à tous,", "Hallo zusammen,", "Hi everyone,",
    "Good afternoon team,", "Hi Marcus, hope you're well.", "Hope you all had a great weekend!",
    "Hi Sam, thanks for the quick turnaround last time.", "Team,", "Hiya,",
    "Hi there, hope this finds you well.",
)
SIGN_OFFS = (
    "Best,", "Thanks,", "Cheers,", "Kind regards,", "Best regards,", "Many thanks,", "Regards,",
    "Thank you,", "Warm regards,", "All the best,", "Talk soon,", "Thx,", "Speak soon,",
    "Mit freundlichen Grüßen,", "Cordialement,", "Ta,", "With thanks,", "Sincerely,", "-", "Rgds,",
    "Thanks in advance,", "Best wishes,",
)
PERSONS = (
    "Marcus Lee", "Sophie Hargreaves", "Jonas Becker", "Priya Raman", "Chloé Martin",
    "Liam O'Connor", "Aiko Tanaka", "Mateus Silva", "Olivia Brown", "Rahul Mehta",
    "Hannah Schmidt", "Diego Fernández", "Grace Kim", "Tom Whitfield", "Nadia Haddad",
    "Lucas Dubois", "Emily Chen", "Sven Johansson", "Isabella Rossi", "Kwame Mensah",
    "Jess", "Dan R.",
)
TITLES = (
    "Associate Media Director", "Senior Planner", "Media Buyer", "Programmatic Lead",
    "Head of Digital", "Account Director", "VP, Media", "Marketing Manager",
    "Group Media Director", "Brand Manager", "Trading Manager", "Digital Campaign Executive",
    "Director of Performance Marketing", "Chief Marketing Officer", "Media Planning Intern",
    "Senior Account Executive", "Head of Partnerships", "Activation Lead",
    "Investment Manager", "Client Services Director", "Paid Media Specialist",
)
COMPANIES = (
    "Halcyon Media", "Northbank Media Ltd", "Bluefin Partners", "Crescent Agency",
    "Oak & Ivy Communications", "Brightline Group", "Maple Leaf Marketing Inc.",
    "Southern Cross Media Pty Ltd", "Kestrel Digital GmbH", "Atelier Lumière SAS",
    "Harbor Point Agency", "Redwood Collective", "Summit Brands LLC", "Pioneer Outdoor Co.",
    "Lantern & Co", "Quarry Creative", "Silverline Advertising", "Granite Media Group",
    "Tidewater Marketing", "Copperleaf Studios", "Westward Digital", "Ember Media Partners",
)
PHONES = (
    "(312) 555-0148", "+1 212 555 0199", "312.555.0172", "T: 415-555-0123",
    "Mobile: +44 7700 900123", "+44 20 7946 0958", "Tel. +49 89 1234567", "+49 (0)30 901820",
    "+33 1 42 68 53 00", "Mob: 0412 345 678", "+61 2 9374 4000", "+1 (416) 555-0110",
    "+91 98765 43210", "+81 3-1234-5678", "+55 11 91234-5678", "+65 6123 4567",
    "Direct: 646-555-0101 ext. 204", "C: 917.555.0134", "+353 1 555 0101", "+31 20 555 0101",
    "Office 020 7946 0018", "M 021 555 0123",
)
ADDRESSES = (
    "233 S Wacker Dr, Suite 4400, Chicago, IL 60606",
    "1 Canada Square, London E14 5AB",
    "Leopoldstraße 28, 80802 München",
    "500 Boylston Street, Boston, MA 02116",
    "12 Rue de Rivoli, 75004 Paris, France",
    "Level 5, 100 George Street, Sydney NSW 2000",
    "150 King St W, Toronto, ON M5H 1J9",
    "1600 Amphitheatre Pkwy, Mountain View, CA 94043",
    "400 Broad St, Seattle, WA 98109",
    "2200 Ross Ave, Dallas, TX 75201",
    "111 8th Ave, New York, NY 10011",
    "Herengracht 182, 1016 BR Amsterdam",
    "3 Temasek Ave, Singapore 039190",
    "Av. Paulista 1578, São Paulo - SP, 01310-200",
    "88 Queen St, Auckland 1010, New Zealand",
    "701 Brickell Ave, Miami, FL 33131",
    "1201 Peachtree St NE, Atlanta, GA 30361",
    "Suite 200, 45 Collins Street, Melbourne VIC 3000",
    "10 Hanover Quay, Dublin 2, Ireland",
    "600 Congress Ave, Austin, Texas 78701",
    "Calle de Alcalá 21, 28014 Madrid",
    "1 Market St, San Francisco, CA 94105",
)
EMAILS = (
    "marcus.lee@halcyonmedia.com", "sophie.h@northbank.co.uk", "j.becker@kestrel-digital.de",
    "priya@bluefinpartners.com", "chloe.martin@atelier-lumiere.fr", "liam@redwood.ie",
    "a.tanaka@example.co.jp", "mateus.silva@example.com.br", "obrown@summitbrands.com",
    "rahul.mehta@crescent.in", "hannah.schmidt@example.at", "diego@example.es",
    "grace.kim@brightline.com", "tom.whitfield@oakandivy.co.uk", "nadia@ember.media",
    "lucas@westward.digital", "emily.chen@example.com.au", "sven@example.se",
    "isabella.rossi@example.it", "kwame@example.com.gh", "media@pioneeroutdoor.com",
)
MOBILE_LINES = (
    "Sent from my iPhone", "Sent from my iPad", "Sent from Outlook for Android",
    "Get Outlook for iOS", "Sent from my Samsung Galaxy smartphone.", "Sent from Mail for Windows",
    "Sent from my BlackBerry 10 smartphone.", "Sent from Gmail Mobile",
    "Sent from Yahoo Mail on Android", "Sent from my mobile device",
    "Sent on the go - please excuse typos", "Typed on a small screen, excuse brevity",
    "Sent from my Pixel", "Sent with BlackBerry Work", "Envoyé de mon iPhone",
    "Von meinem iPhone gesendet", "Sent from Proton Mail mobile", "Sent from Spark",
    "Sent from my Huawei phone", "Sent via Superhuman",
)
OUT_OF_OFFICE = (
    "I'm out of office Friday; reach me on my mobile.",
    "I'll be out Friday but reachable by phone.",
    "Note: I'm on leave 21 Dec - 4 Jan; Sam covers in the meantime.",
    "OOO Dec 24-Jan 2, back Monday Jan 5.",
    "I work Mon-Thu.",
    "Out of office from December 18 to January 3 with limited access to email.",
    "Heads up: I'm off next Monday.",
    "Please note I'm travelling 14-18 December.",
    "I'm at Cannes Lions 14-18 June, slow replies that week.",
    "Back in the office Tuesday the 12th.",
    "Away 23/12 - 02/01, urgent matters to media@pioneeroutdoor.com.",
    "My working days are Tuesday to Friday.",
    "Je suis absente du 20 au 27 décembre.",
    "Ich bin vom 21.12. bis 03.01. nicht im Büro.",
    "On parental leave from March 1 - please copy Grace.",
    "I'll be offline this Thursday afternoon.",
    "Holiday hours: closed Dec 25 and Jan 1.",
    "Out until Wednesday, replies may be delayed.",
    "I'm in London next week, on UK time.",
    "Off-site all day tomorrow.",
    "Flexible working: I'm not in on Fridays.",
)
DISCLAIMERS = (
    "CONFIDENTIALITY NOTICE: This email and any attachments are confidential and intended "
    "solely for the addressee. If you have received it in error, please notify the sender "
    "and delete it.",
    "This message may contain privileged information. Any unauthorised use is prohibited.",
    "The information in this email is confidential and may be legally privileged. It is "
    "intended solely for the addressee.",
    "Please consider the environment before printing this email.",
    "Halcyon Media LLC is registered in Delaware. Registered office: 233 S Wacker Dr, "
    "Chicago, IL 60606.",
    "Northbank Media Ltd, registered in England and Wales no. 01234567. VAT GB123456789.",
    "Kestrel Digital GmbH, Sitz München, Amtsgericht München HRB 123456, "
    "Geschäftsführer: Jonas Becker.",
    "This email has been scanned for viruses and malware.",
    "DISCLAIMER: Views expressed are those of the sender and not necessarily of the company.",
    "If you are not the intended recipient, you must not copy, distribute or act on this "
    "email.",
    "Ce message et ses pièces jointes sont confidentiels.",
    "Internal use only - do not forward outside the agency.",
    "We will never ask you to change bank details by email.",
    "Our privacy notice is at example.com/privacy.",
    "Emails are not secure and may be intercepted; we accept no liability for changes made "
    "after sending.",
    "Southern Cross Media Pty Ltd ABN 12 345 678 901.",
    "Maple Leaf Marketing Inc., 150 King St W, Toronto, ON. To unsubscribe, reply STOP.",
    "This communication is for the named recipient only.",
    "Any pricing in this email is indicative and subject to contract.",
    "Confidential - prepared for client review.",
    "Recipients should check this email and any attachments for viruses.",
)
MEETING_ASKS = (
    "Can we jump on a call Tuesday to go through this?",
    "Are you free Thursday at 3pm for a quick sync?",
    "Happy to walk through it on Monday morning if useful.",
    "Let's catch up Wednesday after the status meeting.",
    "Could we grab 30 minutes on Friday?",
    "I've sent an invite for Tuesday 10am ET.",
    "Shall we discuss at our weekly on Thursday?",
    "Free for a chat tomorrow at 2?",
    "Can you join the kickoff on Monday at 9:30?",
    "Let's review together next Wednesday.",
    "I'm around all day Friday if you want to talk it through.",
    "Could your team present the plan on Tuesday afternoon?",
    "Let's lock a time early next week to go over the plan.",
    "Ping me on Teams Wednesday if anything is unclear.",
    "We have our client WIP every Thursday - could you dial in?",
    "Let's pencil in Monday 11:00 GMT.",
    "I'd love to get 15 minutes with you on Friday morning.",
    "Available Tuesday or Wednesday for a call.",
    "Please book a slot in my calendar for Thursday.",
    "Could we meet in person at our office on Monday?",
    "A quick call at 4:30pm Wednesday would be great.",
)
REPORTING_ASKS = (
    "Please send weekly reporting every Monday.",
    "We'll need a wrap report within two weeks of the end of the campaign.",
    "Reporting: pacing and delivery updates every Friday, please.",
    "Please share a media plan for sign-off by end of day Thursday.",
    "Could you send a mid-flight performance summary?",
    "We'd like daily pacing reports in the first week.",
    "Please include viewability and completion rates in the reporting.",
    "Send the plan over by Friday if you can.",
    "Please add my colleague Grace to the reporting distribution.",
    "We report to the client monthly, so a monthly recap works.",
    "A post-campaign analysis would be appreciated.",
    "Please use our standard reporting template.",
    "Reporting should go to reporting@halcyonmedia.com.",
    "Could you set up a shared dashboard for the client?",
    "Please flag any under-delivery as early as possible.",
    "We'd like a weekly call to review performance.",
    "Please confirm receipt of this brief.",
    "Kindly send a proposal by Wednesday.",
    "Screenshots of live placements would be appreciated.",
    "Please send invoices to accounts@summitbrands.com.",
    "Let us know the IO number once it is raised.",
)
CREATIVE_SPECS = (
    "Creative: :15s and :30s, 1920x1080.",
    "Assets will be 300x250, 728x90 and 160x600.",
    "Video files are 16:9, 1080p, max 30 seconds.",
    "Creative will arrive two weeks before launch.",
    "We have 6s bumpers and 15s spots ready.",
    "Audio spots are 30 seconds, MP3 at 192 kbps.",
    "Banner sizes: 320x50 and 300x600.",
    "Creative specs attached (VAST 4.0 tags).",
    "The client's brand guidelines are attached.",
    "Assets: 1080x1920 vertical video, 9:16.",
    "We'll supply 3 creative variants for testing.",
    "Creative is being finalised by the creative agency.",
    "Spots will be :06, :15 and :30.",
    "Files: H.264, 25fps, stereo audio.",
    "Please use the 970x250 billboard where possible.",
    "All creative has been cleared by legal.",
    "Artwork will be 1200x628 and 1080x1080.",
    "Please traffic the tags we sent last week.",
    "Creative rotation: evenly weighted.",
    "The hero video is 20 seconds long.",
    "We'll provide HTML5 banners under 150KB.",
)
THANKS = (
    "Thanks so much for your help with this.", "Really appreciate it!", "Thanks in advance.",
    "Thank you!", "Cheers for this.", "Much appreciated.", "Thanks a million.",
    "Thank you for your support, as always.", "Grateful for the quick turnaround.",
    "Thanks again for last quarter's work.", "Many thanks in advance.", "Ta very much.",
    "Thanks, team!", "Appreciate your flexibility on this one.", "Merci beaucoup !",
    "Vielen Dank im Voraus.", "Thanks for squeezing this in.", "You're a star, thank you.",
    "Big thanks to everyone involved.", "Thank you for the great partnership.",
    "Really grateful, thanks.",
)
QUESTIONS = (
    "Let me know if you have any questions.", "Any questions, just shout.",
    "Happy to clarify anything.", "Let me know if anything is unclear.",
    "Give me a call if you need anything.", "Feel free to reach out with questions.",
    "Drop me a line if you need more info.", "Any issues, let me know.",
    "Shout if you need anything else from us.", "Let me know your thoughts.",
    "Questions welcome.", "Do let me know if you need more detail.",
    "Reply here with any questions.", "Let me know if this works.", "Thoughts?",
    "Let me know what you think.", "Hope that all makes sense.",
    "Let me know if I missed anything.",
    "Get back to me with any queries.", "Happy to jump on a call if easier.",
    "Let me know if you need anything else from me.",
)


@dataclass(frozen=True)
class Piece:
    kind: str
    text: str


@dataclass(frozen=True)
class Variant:
    """A brief with noise added; ``pieces`` names each piece so a failure can be traced."""

    kind: str
    text: str
    pieces: tuple[Piece, ...] = field(default=())


@dataclass(frozen=True)
class Case:
    source: str
    index: int
    text: str
    reference: date
    allow_past: bool

    @property
    def case_id(self) -> str:
        return f"{self.source.removeprefix('briefs_').removesuffix('.yaml')}-{self.index}"


@cache
def corpus_cases() -> tuple[Case, ...]:
    cases = []
    for source in SOURCES:
        corpus = yaml.safe_load((DATA / source).read_text(encoding="utf-8"))
        for index, case in enumerate(corpus["briefs"]):
            if "refuse" in case:
                continue
            reference = case.get("reference", corpus["reference"])
            cases.append(Case(source, index, case["text"], reference,
                              case.get("allow_past", False)))
    return tuple(cases)


def read(text: str, case: Case) -> CampaignBrief | BriefGap:
    return extract_brief(text, reference_date=case.reference, allow_past=case.allow_past)


@cache
def read_plain(case: Case) -> CampaignBrief | BriefGap:
    """The brief as the reader reads it without noise."""
    return read(case.text, case)


def facts(brief: CampaignBrief) -> dict[str, Any]:
    """What a brief asks for that harmless text must not change (not its name or goal)."""
    audience = brief.audience
    return {
        "budget": from_micros(brief.budget_micros), "currency": brief.currency,
        "flight": (brief.flight_start, brief.flight_end),
        "channels": sorted(c.value for c in brief.channels),
        "split": {c.value: Decimal(p) for c, p in brief.channel_split.items()},
        "audience": (audience.age_min, audience.age_max, audience.gender.value,
                     sorted(h.value for h in audience.household), sorted(audience.interests),
                     audience.is_kids),
        "places": (sorted(brief.countries), sorted(brief.dmas),
                   sorted(getattr(brief, "regions", []))),
        "max_cpm": brief.max_cpm_micros,
        "deal_types": sorted(d.value for d in brief.deal_types),
        "sellers": (sorted(s.casefold() for s in brief.excluded_sellers),
                    sorted(s.casefold() for s in brief.included_sellers)),
    }


def changes(base: CampaignBrief, result: CampaignBrief | BriefGap) -> str | None:
    """How ``result`` differs from ``base`` in a planner's terms, or None."""
    if isinstance(result, BriefGap):
        return "refused: " + "; ".join(f"{i.field} ({i.kind.value}): {i.message}"
                                       for i in result.issues)
    before, after = facts(base), facts(result)
    diff = [f"{k}: {before[k]!r} -> {after[k]!r}" for k in before if before[k] != after[k]]
    return "; ".join(diff) or None


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def signature_block(rng: random.Random) -> tuple[Piece, ...]:
    pieces = [Piece("sign_off", rng.choice(SIGN_OFFS)), Piece("person", rng.choice(PERSONS)),
              Piece("title", rng.choice(TITLES)), Piece("company", rng.choice(COMPANIES)),
              Piece("phone", rng.choice(PHONES)), Piece("address", rng.choice(ADDRESSES)),
              Piece("email", rng.choice(EMAILS))]
    extras = [Piece("mobile", rng.choice(MOBILE_LINES)), Piece("ooo", rng.choice(OUT_OF_OFFICE)),
              Piece("disclaimer", rng.choice(DISCLAIMERS))]
    return (*pieces, *[p for p in extras if rng.random() < 0.7])


def _join(before: tuple[Piece, ...], body: str, after: tuple[Piece, ...]) -> str:
    head = "\n\n".join(p.text for p in before)
    sign_off, *rest = after or (Piece("", ""),)
    tail_lines = [p.text for p in rest if p.kind not in ("mobile", "ooo", "disclaimer")]
    tail = sign_off.text + "\n" + "\n".join(tail_lines)
    extra = [p.text for p in rest if p.kind in ("mobile", "ooo", "disclaimer")]
    parts = [head, body.strip(), tail.strip(), *extra]
    return "\n\n".join(x for x in parts if x)


def wrapped(text: str, rng: random.Random) -> Variant:
    """A greeting before the brief and a sign-off with a signature block after it."""
    greeting = (Piece("greeting", rng.choice(GREETINGS)),)
    signature = signature_block(rng)
    return Variant("wrap", _join(greeting, text, signature), (*greeting, *signature))


ASIDES: dict[str, tuple[str, ...]] = {
    "meeting": MEETING_ASKS, "reporting": REPORTING_ASKS, "creative": CREATIVE_SPECS,
    "thanks": THANKS, "questions": QUESTIONS,
}


def with_aside(text: str, rng: random.Random, kind: str | None = None) -> Variant:
    """A harmless sentence as a paragraph of its own between the brief's paragraphs."""
    kind = kind or rng.choice(sorted(ASIDES))
    piece = Piece(kind, rng.choice(ASIDES[kind]))
    paragraphs = _paragraphs(text)
    at = rng.randint(1, len(paragraphs))
    paragraphs.insert(at, piece.text)
    return Variant("aside", "\n\n".join(paragraphs), (piece,))


def _bulleted(text: str, rng: random.Random) -> str:
    bullet = rng.choice(("- ", "* ", "• "))
    return "\n".join(bullet + line.strip() if line.strip() and "\n" in text else line
                     for line in text.splitlines())


_FORM_LABEL = re.compile(r"(?m)^(\s*[-*•]?\s*)([A-Za-z][\w ]{1,30}):")


def _relabeled(text: str, case: Callable[[str], str]) -> str:
    """A form's labels in another case: "BUDGET: $1M", "flight dates: ..."."""
    return _FORM_LABEL.sub(lambda m: m.group(1) + case(m.group(2)) + ":", text)


WHITESPACE: dict[str, Callable[[str, random.Random], str]] = {
    "blank_lines": lambda t, r: re.sub(r"\n", "\n\n\n", t) if "\n" in t
    else "\n\n" + t + "\n\n\n",
    "trailing_spaces": lambda t, r: "\n".join(line + " " * r.randint(1, 4)
                                              for line in t.splitlines()),
    "crlf": lambda t, r: t.replace("\n", "\r\n") + "\r\n",
    "cr": lambda t, r: t.replace("\n", "\r"),
    "indent": lambda t, r: "\n".join("    " + line for line in t.splitlines()),
    "bullets": _bulleted,
    "tabs": lambda t, r: "\t" + t.replace("\n", "\n\t"),
    "upper_labels": lambda t, r: _relabeled(t, str.upper),
    "lower_labels": lambda t, r: _relabeled(t, str.lower),
}


def respaced(text: str, rng: random.Random, kind: str | None = None) -> Variant:
    kind = kind or rng.choice(sorted(WHITESPACE))
    return Variant("space", WHITESPACE[kind](text, rng), (Piece(kind, kind),))


VARIANTS: dict[str, Callable[[str, random.Random], Variant]] = {
    "wrap": wrapped, "aside": with_aside, "space": respaced,
}


def variants(case: Case, seed: int = 19) -> Iterator[Variant]:
    rng = random.Random(f"{seed}:{case.case_id}")
    for make in VARIANTS.values():
        yield make(case.text, rng)


def culprits(case: Case, base: CampaignBrief, variant: Variant) -> list[tuple[Piece, str]]:
    """The pieces of a failing variant that fail on their own, each with what changed."""
    found = []
    for piece in variant.pieces:
        if variant.kind == "space":
            text = variant.text
        elif piece.kind == "greeting":
            text = _join((piece,), case.text, ())
        elif variant.kind == "wrap":
            text = case.text.strip() + "\n\n" + piece.text
        else:
            text = variant.text
        change = changes(base, read(text, case))
        if change:
            found.append((piece, change))
    if found or variant.kind != "wrap":
        return found
    # No piece breaks the brief alone: those whose removal from the block mends it.
    greeting, *signature = variant.pieces
    for piece in signature:
        rest = tuple(p for p in signature if p is not piece)
        if changes(base, read(_join((greeting,), case.text, rest), case)) is None:
            found.append((piece, changes(base, read(variant.text, case)) or ""))
    return found


SAMPLE_SIZE = 150
SEED = 19


def sampled_cases(size: int = SAMPLE_SIZE, seed: int = SEED) -> list[Case]:
    cases = corpus_cases()
    return random.Random(seed).sample(cases, min(size, len(cases)))


def failure_class(piece: Piece, change: str) -> str:
    """A failure's class: the kind of noise and what it does to the reading."""
    if change.startswith("refused: "):
        carried = re.search(r"not understood and (carries an? \w+)", change)
        if carried:
            return f"{piece.kind}: unread, {carried.group(1)}"
        issue = re.match(r"refused: (\w+) \((\w+)\)", change)
        return f"{piece.kind}: refused on {issue.group(1)} ({issue.group(2)})" if issue \
            else f"{piece.kind}: refused"
    fields = sorted({part.split(":", 1)[0] for part in change.split("; ")})
    return f"{piece.kind}: changes {'+'.join(fields)}"


def classify(case: Case, variant: Variant) -> tuple[str, list[tuple[Piece, str]]] | None:
    """None when the variant reads as the brief does; else its class(es) and culprits."""
    base = read_plain(case)
    if isinstance(base, BriefGap):
        return None
    change = changes(base, read(variant.text, case))
    if change is None:
        return None
    found = culprits(case, base, variant)
    classes = sorted({failure_class(p, c) for p, c in found}) or [f"{variant.kind}: combined"]
    return " | ".join(classes), found or [(Piece(variant.kind, "all"), change)]


def variant_ids(case: Case) -> Iterator[tuple[str, Variant]]:
    for variant in variants(case):
        yield f"{case.case_id}-{variant.kind}", variant


def _sample_scan() -> None:
    """The test's sample: each failing variant's id, class and culprits (YAML-ish)."""
    for case in sampled_cases():
        for variant_id, variant in variant_ids(case):
            found = classify(case, variant)
            if found:
                print(f"{variant_id}\t{found[0]}")
                for piece, change in found[1]:
                    print(f"    {piece.text[:70]!r} => {change[:200]}")


PROBES = ("briefs-22", "batch8-22", "batch9-35")


def probe_cases() -> list[Case]:
    """Three briefs of different shapes each pool piece is tried on: a Canadian one-channel
    brief, a UK audio/DOOH split, a New Zealand brief."""
    by_id = {c.case_id: c for c in corpus_cases()}
    return [by_id[i] for i in PROBES]


def piece_pools() -> dict[str, tuple[str, ...]]:
    return {"ooo": OUT_OF_OFFICE, "disclaimer": DISCLAIMERS, "mobile": MOBILE_LINES, **ASIDES}


def piece_ids() -> Iterator[tuple[str, Piece]]:
    for kind, pool in piece_pools().items():
        for index, text in enumerate(pool):
            yield f"piece-{kind}-{index}", Piece(kind, text)


def piece_changes(piece: Piece) -> list[str]:
    """How one piece, as a last paragraph, changes each probe brief's reading."""
    broken = []
    for case in probe_cases():
        base = read_plain(case)
        assert isinstance(base, CampaignBrief), f"{case.case_id} is no longer read"
        change = changes(base, read(case.text.strip() + "\n\n" + piece.text, case))
        if change:
            broken.append(f"{case.case_id}: {change}")
    return broken


def known_failures() -> dict[str, str]:
    """Every failing id of the invariance test, with its class, on the reader imported."""
    found = {}
    for case in sampled_cases():
        for variant_id, variant in variant_ids(case):
            classified = classify(case, variant)
            if classified:
                found[variant_id] = classified[0]
    for piece_id, piece in piece_ids():
        broken = piece_changes(piece)
        if broken:
            classes = {failure_class(piece, b.split(": ", 1)[1]) for b in broken}
            found[piece_id] = " | ".join(sorted(classes))
    return found


def _print_broken(label: str, bases: list[tuple[Case, CampaignBrief]],
                  noisy: Callable[[Case], str]) -> None:
    broken = []
    for case, base in bases:
        change = changes(base, read(noisy(case), case))
        if change:
            broken.append(f"{case.case_id}: {change[:160]}")
    if broken:
        print(f"{label}: {len(broken)}/{len(bases)}")
        for line in broken[:2]:
            print("    " + line)


def _pool_scan(cases: tuple[Case, ...], limit: int) -> None:
    """Every piece of every pool after (or before) ``limit`` briefs: what it breaks."""
    pools: dict[str, tuple[str, ...]] = {
        "greeting": GREETINGS, "sign_off": SIGN_OFFS, "person": PERSONS, "title": TITLES,
        "company": COMPANIES, "phone": PHONES, "address": ADDRESSES, "email": EMAILS,
        "mobile": MOBILE_LINES, "ooo": OUT_OF_OFFICE, "disclaimer": DISCLAIMERS, **ASIDES,
    }
    rng = random.Random(19)
    sample = rng.sample(cases, min(limit, len(cases)))
    read_ = [(c, read(c.text, c)) for c in sample]
    bases = [(c, b) for c, b in read_ if isinstance(b, CampaignBrief)]
    for kind, pool in pools.items():
        for text in pool:
            _print_broken(f"[{kind}] {text!r}", bases, lambda c, t=text, k=kind: (
                t + "\n\n" + c.text if k == "greeting" else c.text.strip() + "\n\n" + t))
    for kind, respace in WHITESPACE.items():
        _print_broken(f"[{kind}]", bases, lambda c, f=respace: f(c.text, rng))


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["sample"]:
        _sample_scan()
    elif sys.argv[1:] == ["known"]:
        import json

        print(json.dumps(known_failures(), indent=0, sort_keys=True))
    else:
        _pool_scan(corpus_cases(), int(sys.argv[1]) if len(sys.argv) > 1 else 60)
