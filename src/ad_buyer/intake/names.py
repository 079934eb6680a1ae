"""The campaign's name: from the brief, or "Channel Goal Month".

Read from a label (``Campaign: Spring Launch``, ``Name: ...``), a quoted name
next to the word campaign (``the "Spring Launch" campaign``, ``campaign called
'Spring Launch'``) or a first line that is clearly a title (a short line, with
more lines after it, that states no fact). Otherwise the name is made from the
facts, e.g. ``CTV Awareness July 2027``; a line is never cut to make a name.
"""

from __future__ import annotations

import re
from datetime import date

from ad_buyer.intake.channel_words import CHANNEL_LABELS, channel_of
from ad_buyer.intake.reading import Reading, blank
from ad_buyer.models.brief import CampaignGoal, Channel

# A name's label, at a line's or sentence's start, in a numbered or bulleted list
# ("3.1 Campaign Name: X"), a table row ("Campaign | X"), a form's columns ("Campaign    X"),
# "Campaign = 'X'", or after a "|" ("... | Campaign: X").
_LABEL = re.compile(
    r"(?:^|(?<=[.!?;|\n]))[ \t]*(?:[-*•][ \t]*|\d+(?:\.\d+)*[.)]?[ \t]+)?"
    r"(?:(?:the|our|your)[ \t]+)?(?:(?:campaign|brief|io|po|plan)[ \t]+(?:name|title)"
    r"(?:[ \t]+(?:for|on)[ \t]+(?:the[ \t]+)?(?:io|po|insertion[ \t]+order|booking|plan))?"
    r"[ \t]*(?::|\||[-–—]|is\b)|"
    r"(?:campaign|brief|name|title|project|initiative|activation|working[ \t]+title|"
    r"programm?e?(?:[ \t]+name)?|job[ \t]+(?:name|title)|"
    r"kampagne(?:nname)?|campagne|"
    r"nom[ \t]+de[ \t]+la[ \t]+campagne|campa[ñn]a|nombre[ \t]+de[ \t]+la[ \t]+campa[ñn]a|"
    r"campagna|nome[ \t]+della[ \t]+campagna|"
    r"campanha|nome[ \t]+da[ \t]+campanha)[ \t]*(?::|\||=)|"
    r"(?:campaign(?:[ \t]+name)?|name|title)[ \t]{2,}(?=\S))[ \t]*"  # a form's columns
    r"(?P<value>[^\n|]+)", re.IGNORECASE | re.MULTILINE)
_QUOTED = re.compile(r"(?:campaign\s+(?:name\s+(?:is\s+)?|(?:is\s+|will\s+be\s+)?"
                     r"(?:called|named|titled)\s*|is\s+|will\s+be\s+)?"
                     r"[\"“‘']([^\"”’'\n]{2,80})"
                     r"[\"”’']|[\"“‘']([^\"”’'\n]{2,80})[\"”’']\s+(?:[a-z]+\s+)?(?:campaign|promo(?:tion)?|push|"
                     r"activation)\b|"
                     # "name it 'Bloom Audio Q2'", "which they're calling \"Fresh Start 2027\""
                     r"\b(?:(?:name|call|title)\s+it|calling(?:\s+(?:it|this(?:\s+one)?))?)\s*:?\s*"
                     r"[\"“‘']([^\"”’'\n]{2,80})[\"”’'])", re.IGNORECASE)
_CALLED = re.compile(r"\b(?:campaign(?:'s\s+name)?\s+(?:is\s+|will\s+be\s+)?(?:called|named|"
                     r"titled)|(?:we'?re|we\s+are|they'?re|they\s+are|client\s+is)\s+calling\s+"
                     r"(?:it|this(?:\s+one)?)|it'?s\s+(?:being\s+)?called|it\s+is\s+called|"
                     r"working\s+(?:title|name)(?:\s+is)?|(?:name|call|title)\s+it|"
                     # "Campaign name's going to be Winter Warmers", "call the campaign Night
                     # Shift", "we're going with Harvest Moon as the name"
                     r"campaign(?:'s|\s+is)?\s+name(?:'s|\s+is)?\s+(?:going\s+to|gonna|to|will)\s+be|"
                     r"(?:call|name|title)\s+(?:the|this|our)\s+(?:campaign|one|push|flight)|"
                     r"(?:we'?re|we\s+are|they'?re|they\s+are)\s+going\s+with(?=\s+[^\n]{1,40}\s+as\s+"
                     r"the\s+name)|"
                     # a question and its answer: "Q: what do we call it?\nA: Harvest Moon"
                     r"\b(?:call|name|title)\s+(?:it|this|the\s+campaign)\s*\?[ \t]*\n[ \t]*"
                     r"(?:a|answer)\s*[:.-])\s*:?\s+[\"“‘']?"
                     r"((?-i:[A-Z])[^.,;:()\n\"”’']{1,78})",
                     re.IGNORECASE)
# "Spring Fling campaign (that's the name)", "Harvest Moon - that's the campaign name"
_UPPER_WORD = r"(?:[A-ZÀ-ÖØ-Þ][^\W_]*|[A-Z]&[A-Z])"
_THATS_NAME = re.compile(
    rf"(?<![\w'])(?!(?:The|Our|This|Their|Your|An?)\s)"
    rf"(?P<n>{_UPPER_WORD}(?:[ \t]+(?:{_UPPER_WORD}|\d{{4}})){{0,4}})[ \t]+(?:(?i:campaign)[ \t]*)?"
    r"(?:\(\s*|[-–—,]\s*)?(?i:that'?s|that\s+is|which\s+is|is)\s+(?i:the|its|our)\s+"
    r"(?i:campaign(?:'s)?\s+)?(?i:name)\b")
# 'campaña "Día de las Madres 2027"', "Segue o brief da campanha Verão Nativa 2027:": the
# campaign's word in another language, then its capitalised name
_LINKS = r"(?:de|da|do|dos|das|del|della|di|du|des|der|la|las|los|el|na|no)"
_FOREIGN_NAMED = re.compile(
    r"\b(?i:campa[ñn]a|campanha|campagne|kampagne|campagna|kampanj|kampanje|kampania|"
    rf"kampanya)[ \t]+(?:{_LINKS}[ \t]+)?(?:[\"“«](?P<q>[^\"”»\n]{{2,80}})[\"”»]|"
    rf"(?P<n>{_UPPER_WORD}(?:[ \t]+(?:{_UPPER_WORD}|"
    rf"\d{{4}}|{_LINKS}(?=[ \t]+[A-ZÀ-ÖØ-Þ\d]))){{0,5}}))")
# A name in running text: "Project Northstar", "the Fall Refresh campaign", "For Winter
# Warmers we'd put ...". Its words are capitalised ("the CTV campaign" names a channel).
_TITLE_WORD = r"(?:[A-Z][a-z][\w'&-]*|[A-Z]&[A-Z])"
_IN_TEXT = re.compile(
    rf"\b(?P<p>(?:Project|Operation)\s+{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,2}})"
    rf"|\b(?:[Tt]he|[Oo]ur|[Tt]his|[Tt]heir|[Yy]our)\s+(?P<c>{_TITLE_WORD}(?:\s+(?:{_TITLE_WORD}|\d{{4}}))"
    r"{0,3})\s+(?:campaign|push|promo(?:tion)?|activation|initiative|programm?e?)\b"
    rf"|\b(?:(?i:brief|plan|proposal|rfp)\s+for|[Tt]his\s+is\s+for|[Cc]ampaign\s+is)\s+"
    rf"(?:the\s+)?(?P<b>{_TITLE_WORD}(?:\s+(?:"
    rf"{_TITLE_WORD}|\d{{4}})){{0,3}})(?=\s*[.,;:!\n(]|\s+(?:campaign|launch|push|below|"
    r"attached|here|enclosed|as\s+(?:discussed|promised|agreed|requested)|for\s+(?:your|"
    r"review|approval|sign-?off))\b)"
    rf"|(?:^|[.!?]\s+)[Ff]or\s+(?P<f>{_TITLE_WORD}(?:\s+(?:{_TITLE_WORD}|\d{{4}})){{0,3}})\s*,?\s+"
    r"(?:we|I|our|the\s+(?:client|budget|plan|spend)|budget|spend)\b", re.MULTILINE)
# A quoted title on its own between commas, bullets or line ends: the campaign's name.
_QUOTED_TITLE = re.compile(r"(?:^|[,;|•\n]|[-–—]\s)\s*[\"“]([A-Z][^\"”\n]{1,60})[\"”]\s*"
                           r"(?=[,;|•\n]|$|\s[-–—])", re.MULTILINE)
MAX_TITLE_WORDS = 10
# How emails open and close: never a campaign's name.
GREETING = re.compile(
    r"^(?:hi|hello|hey|hiya|dear|greetings|good\s+(?:morning|afternoon|evening|day)|morning|"
    r"thanks|thank\s+you|thx|ty|cheers|best|regards|kind\s+regards|best\s+regards|sincerely|"
    r"hope\s+(?:you|this|all)|(?:hi|hello|hey)\s+(?:team|all|everyone|folks)|"
    r"happy\s+(?:\w+day|new\s+year|holidays)|as\s+discussed|as\s+promised|per\s+our|"
    r"further\s+to|following\s+(?:up|on)|quick\s+(?:one|note|question|ask)|just\s+a\s+quick|"
    r"apologies|sorry|welcome|congrats|fyi|heads[\s-]up|"
    # other languages' openings: "Olá time!", "Hola equipo", "Howzit", "Hi po!"
    r"ol[áa]|oi|hola|buen[oa]s|bonjour|salut|coucou|hallo|moin|servus|hej|hei|hoi|ciao|salve|"
    r"ahoj|cze[śs][ćc]|merhaba|selam|howzit|habari|jambo|sawubona|namaste|kia\s+ora|"
    r"g'?day|kumusta|xin\s+ch[àa]o|salam|marhaba|shalom|hall[åa]|terve|privet|hi\s+po)\b"
    r"|^(?:team|all|everyone|folks)\s*[,!:-]*$", re.IGNORECASE)


# "I", "we", "our": a line that speaks is a sentence, not a title
_PRONOUN = re.compile(r"\b(?:I|we|you|our|us|my|me|your|I'm|we're|we'll|let's)\b(?!\.)",
                      re.IGNORECASE)
# "Bright Harbor - Q2", "Sol de Verano | Summer 2027": a title, then when it runs
_DATED_TITLE = re.compile(
    r"(?P<head>[A-Z][^\n]*?)\s*(?:[-–—|:,]\s*)(?P<tail>(?:Q[1-4]|H[12]|FY)\s*'?\d{0,4}|"
    r"(?:spring|summer|fall|autumn|winter|holidays?|[A-Z][a-z]+)?\s*'?(?:20)?\d{2})")
# "RE: FW: Bright Harbor Spring - media brief": how mail and briefs are titled, not the name
_MAIL_PREFIX = re.compile(r"^(?:(?:re|fw|fwd|aw|wg|tr|sv)\s*:\s*)+", re.IGNORECASE)
_BRIEF_WORDS = (r"(?:(?:media|campaign)\s+)?(?:brief|plan(?:\s+request)?|request|rfp|rfq|"
                r"proposal|buy)")
_BRIEF_AROUND = re.compile(rf"^{_BRIEF_WORDS}\s*[-–—:|]\s*|\s*(?:[-–—:|]\s*)?{_BRIEF_WORDS}\s*$",
                           re.IGNORECASE)


# "Client: Acme Foods" on the first line labels another field; "URGENT", "New brief" name
# nothing
_FIELD_LABEL = re.compile(r"[A-Za-z][\w ()/&-]{0,30}:\s+\S")
_GENERIC = frozenset({
    "new", "urgent", "fyi", "request", "brief", "draft", "final", "updated", "revised",
    "important", "reminder", "question", "help", "hello", "hi", "media", "plan", "campaign",
    "proposal", "rfp", "rfq", "info", "details", "follow", "up", "overview", "summary",
    "background", "context"})


def title_of(line: str) -> str:
    """A title line or a subject without its mail prefixes and brief words."""
    title = _MAIL_PREFIX.sub("", line.strip().strip("#*_ ").strip())
    return _BRIEF_AROUND.sub("", title).strip() or title


# A heading before the brief on its line: "Spring Saver: $120k CTV ...", "Summer Sips 2027 —
# ...": capitalised words, then a colon or a dash
_HEADING = re.compile(rf"\A\s*(?P<h>{_TITLE_WORD}(?:\s+(?:{_TITLE_WORD}|\d{{4}})){{1,5}})"
                      r"(?:\s+(?:media\s+)?(?:brief|plan))?\s*(?::|\s[-–—])\s+(?=\S)")
# Title words that make a heading a field's label ("Budget Update:"), not a name
_LABEL_WORDS = frozenset({
    "budget", "flight", "flights", "dates", "date", "channels", "channel", "audience", "geo",
    "update", "updates", "note", "notes", "client", "brand", "advertiser", "agency", "media",
    "timing", "target", "targeting", "markets", "market", "split", "goal", "objective",
    "kpi", "kpis", "summary", "overview", "details", "background", "context", "request"})


def _heading(text: str) -> tuple[str, int, int] | None:
    m = _HEADING.match(text)
    if m is None:
        return None
    title = title_of(m.group("h"))
    words = [w.lower() for w in re.findall(r"\w+", title)]
    if GREETING.match(title) or any(w in _LABEL_WORDS or w in _GENERIC for w in words):
        return None
    return title, m.start("h"), m.end("h")


def _title_line(text: str, reading: Reading) -> tuple[str, int, int] | None:
    lines = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)
             if m.group(0).strip()]
    if len(lines) < 2:
        return None
    line, start, end = lines[0]
    stripped = title_of(line)
    if GREETING.match(stripped) or _PRONOUN.search(stripped) or _FIELD_LABEL.match(stripped) \
            or all(w.lower() in _GENERIC for w in re.findall(r"\w+", stripped)):
        return None  # "Hi team," or "Thanks for the call!" opens an email: not a name
    if not stripped or len(stripped.split()) > MAX_TITLE_WORDS or stripped.endswith(
            (".", "?", ":")) or re.match(r"(?i:please|see|find|below|attached)\b", stripped):
        return None  # "Please see below:" introduces the brief, it does not name it
    dated = _DATED_TITLE.fullmatch(stripped)
    head_end = start + line.find(dated.group("head")) + len(dated.group("head")) if dated \
        else end
    titled = re.fullmatch(rf"{_TITLE_WORD}(?:\s+(?:{_TITLE_WORD}|\d{{4}}|&|[-–—])){{1,5}}",
                          stripped)  # "Black Friday Blitz": a holiday inside a title
    if not titled and any(s < head_end and e > start for s, e in reading.spans):
        return None  # it states a fact: a sentence, not a title ("Bright Harbor - Q2" names)
    return stripped, start, end


def _labelled(text: str) -> tuple[str, int, int] | None:
    """The labelled name, and the span of its label and name."""
    for m in _LABEL.finditer(text):
        name = _name_in_label(m.group("value"))
        if re.match(r"[ \t]*brief[ \t]*[:|]", m.group(0), re.IGNORECASE) and (
                re.search(r"\d|[$€£]", name) or len(name.split()) > 6):
            continue  # "Brief: $100k CTV ..." is the brief, not a name
        if re.match(r"\W*(?:programm?e?|job)\b", m.group(0), re.IGNORECASE) and all(
                channel_of(part) for part in re.split(r"\s*(?:,|\+|&|/|\band\b)\s*", name)
                if part):
            continue  # "Programme: audio and online video" lists channels, it names nothing
        lead = re.match(r"(?:going\s+to|gonna|will|to)\s+be\s+", name, re.IGNORECASE)
        if lead:  # "Campaign name is going to be Night Shift"
            name = name[lead.end():]
        if name:
            return name, m.start(), m.start("value") + (lead.end() if lead else 0) + len(name)
    for pattern in (_QUOTED, _CALLED, _THATS_NAME, _FOREIGN_NAMED):
        found = pattern.search(text)
        if found:
            name = re.split(r"\s+[-–—]+\s+", next(g for g in found.groups() if g))[0]
            return name.strip(), found.start(), found.end()
    return None


def without_name_label(text: str) -> str:
    """``text`` with a labelled name blanked ("Name: Acme Fizz Summer 2027" names the
    campaign, it does not date it; "Campaign: Harvest Table Q3" is not a flight)."""
    labelled = _labelled(text)
    return text if labelled is None else blank(text, labelled[1], labelled[2])


def _name_in_label(value: str) -> str:
    """"Spring Launch. Budget $100k" keeps only the name; a quoted one its quotes' text."""
    quoted = re.match(r"\s*[\"“‘']([^\"”’'\n]{1,200})[\"”’']", value)
    if quoted:
        return value[:quoted.end()].strip()
    value = re.split(r"\s+(?:[—–|]|-{1,2}|/{1,2})\s+(?=[$€£]|\d)", value)[0]  # "X — $85k — ..."
    value = re.split(r"\s*(?://|•|·|;)\s*", value)[0]  # "X // CTV // Q2": no name has these
    # "winter warmup / budget: $120k / channel: audio": the next label ends the name
    value = re.split(r"\s*(?:[/|•·;]|\s[-–—]\s)\s*(?=(?i:budget|channels?|dates?|flight|geo|"
                     r"audience|target|kpis?|goal|objective|max|cpm|spend|split|markets?|"
                     r"timing|media|investment)\b)", value)[0]
    return re.split(r"(?<=[a-z0-9])\.\s|\.\s+(?=(?i:budget|flight|channels?|dates?|audience|"
                    r"goal|max|cpm|spend|total|target|geo)\b|[$€£\d])", value.strip()
                    )[0].strip().rstrip(".")


def generated_name(channels: list[Channel], goal: CampaignGoal, start: date) -> str:
    label = " + ".join(CHANNEL_LABELS[c] for c in channels) if len(channels) <= 2 \
        else "Multichannel"
    return f"{label} {goal.value.capitalize()} {start:%B %Y}"


def read_name(text: str, reading: Reading) -> None:
    """Run after the other readers: a generated name needs the channels, goal and flight."""
    labelled = _labelled(text)
    if labelled is not None:
        name, start, end = labelled
        reading.mark(start, end)
        name = " ".join(re.sub(r"\(\s*\)", " ", name).split())  # "X (job 4471)", blanked
        reading.facts["name"] = (name.strip("\"“”‘’'").strip() or name)[:200]
        return
    title = _title_line(text, reading) or _heading(text)
    if title is not None:
        name, start, end = title
        reading.mark(start, end)
        reading.facts["name"] = name[:200]
        reading.assume(f"the first line {name!r} read as the campaign's name")
        return
    quoted = _QUOTED_TITLE.search(text)
    if quoted is not None:  # '$85k, display, "Back to School 2027", Aug 1-Sept 6 2027'
        reading.mark_match(quoted)
        reading.facts["name"] = quoted.group(1).strip()
        reading.assume(f"the quoted {quoted.group(1).strip()!r} read as the campaign's name")
        return
    in_text = _IN_TEXT.search(text)
    if in_text is not None:
        group = next(g for g in ("p", "c", "b", "f") if in_text.group(g))
        reading.mark_match(in_text, group)
        reading.facts["name"] = in_text.group(group)
        reading.assume(f"{in_text.group(group)!r} read as the campaign's name")
        return
    labelled_subject = _labelled(reading.subject or "")  # 'Campaign "Fresh Start" - brief'
    subject = (labelled_subject[0] if labelled_subject else title_of(reading.subject or "")
               ).strip("\"“”‘’' ")
    subject = re.split(r"\s+[-–—|:/]+\s+(?=[^\n]*(?:[$€£]\s?\d|\d{4}|\d+\s*[km]\b))", subject)[0]
    if re.search(r"[$€£]\s?\d|\b\d+\s*[km]\b", subject, re.IGNORECASE):
        subject = ""  # "$150K CTV, May 2027" states facts, it names nothing
    if subject and not GREETING.match(subject) and len(subject.split()) <= MAX_TITLE_WORDS \
            and re.search(r"[A-Z]", subject):
        reading.facts["name"] = subject[:200]
        reading.assume(f"the subject line {subject!r} read as the campaign's name")
        return
    channels = reading.facts.get("channels")
    start_date = reading.facts.get("flight_start")
    goal = reading.facts.get("goal", CampaignGoal.AWARENESS)
    if channels and start_date:
        name = generated_name(channels, goal, start_date)
        reading.facts["name"] = name
        reading.assume(f"no campaign name given: named {name!r} (channel, goal, start month)")
