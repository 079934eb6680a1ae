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

from ad_buyer.intake.channels import CHANNEL_LABELS
from ad_buyer.intake.reading import Reading, blank
from ad_buyer.models.brief import CampaignGoal, Channel

_LABEL = re.compile(r"^\s*(?:campaign|brief)?\s*(?:name|title)?\s*:\s*(.+)$", re.IGNORECASE)
_LABEL_WORD = re.compile(r"^\s*(?:campaign(?:\s+name)?|brief|name|title)\s*:", re.IGNORECASE)
_QUOTED = re.compile(r"(?:campaign\s+(?:called|named|titled)?\s*[\"“‘']([^\"”’'\n]{2,80})"
                     r"[\"”’']|[\"“‘']([^\"”’'\n]{2,80})[\"”’']\s+campaign)", re.IGNORECASE)
_CALLED = re.compile(r"\bcampaign\s+(?:called|named|titled)\s+([A-Z][^.,;:\n]{1,78})")
MAX_TITLE_WORDS = 10
# How emails open and close: never a campaign's name.
GREETING = re.compile(
    r"^(?:hi|hello|hey|hiya|dear|greetings|good\s+(?:morning|afternoon|evening|day)|morning|"
    r"thanks|thank\s+you|thx|ty|cheers|best|regards|kind\s+regards|best\s+regards|sincerely|"
    r"hope\s+(?:you|this|all)|(?:hi|hello|hey)\s+(?:team|all|everyone|folks))\b"
    r"|^(?:team|all|everyone|folks)\s*[,!:-]*$", re.IGNORECASE)


def _title_line(text: str, reading: Reading) -> tuple[str, int, int] | None:
    lines = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)
             if m.group(0).strip()]
    if len(lines) < 2:
        return None
    line, start, end = lines[0]
    stripped = line.strip().strip("#*_ ").strip()
    if GREETING.match(stripped):
        return None  # "Hi team," or "Thanks for the call!" opens an email: not a name
    if not stripped or len(stripped.split()) > MAX_TITLE_WORDS or stripped.endswith((".", "?")):
        return None
    if any(s < end and e > start for s, e in reading.spans):
        return None  # it states a fact: a sentence, not a title
    return stripped, start, end


def without_name_label(text: str) -> str:
    """``text`` with a labelled name's line blanked ("Name: Acme Fizz Summer 2027" names
    the campaign, it does not date it)."""
    for line in re.finditer(r"[^\n]+", text):
        label = _LABEL.match(line.group(0))
        if label and _LABEL_WORD.match(line.group(0)) and not re.match(
                r"\s*brief\s*:", line.group(0), re.IGNORECASE):
            name = _name_in_label(label.group(1))
            text = blank(text, line.start(), line.start() + label.start(1) + len(name))
    return text


def _name_in_label(value: str) -> str:
    """"Spring Launch. Budget $100k" keeps only the name; a quoted one its quotes' text."""
    quoted = re.match(r"\s*[\"“‘']([^\"”’'\n]{1,200})[\"”’']", value)
    if quoted:
        return value[:quoted.end()].strip()
    value = re.split(r"\s+(?:[—–|]|-{1,2})\s+(?=[$€£]|\d)", value)[0]  # "X — $85k — ..."
    return re.split(r"(?<=[a-z0-9])\.\s|\.\s+(?=(?i:budget|flight|channels?|dates?|audience|"
                    r"goal|max|cpm|spend|total|target|geo)\b|[$€£\d])", value.strip()
                    )[0].strip().rstrip(".")


def generated_name(channels: list[Channel], goal: CampaignGoal, start: date) -> str:
    label = " + ".join(CHANNEL_LABELS[c] for c in channels) if len(channels) <= 2 \
        else "Multichannel"
    return f"{label} {goal.value.capitalize()} {start:%B %Y}"


def read_name(text: str, reading: Reading) -> None:
    """Run after the other readers: a generated name needs the channels, goal and flight."""
    for line in re.finditer(r"[^\n]+", text):
        if _LABEL_WORD.match(line.group(0)):
            label = _LABEL.match(line.group(0))
            if label and label.group(1).strip():
                name = _name_in_label(label.group(1))
                shown = name.strip("\"“”‘’'").strip() or name
                reading.mark(line.start(), line.start() + label.start(1) + len(name))
                reading.facts["name"] = shown[:200]
                return
    for pattern in (_QUOTED, _CALLED):
        m = pattern.search(text)
        if m:
            reading.mark_match(m)
            reading.facts["name"] = next(g for g in m.groups() if g).strip()
            return
    title = _title_line(text, reading)
    if title is not None:
        name, start, end = title
        reading.mark(start, end)
        reading.facts["name"] = name[:200]
        reading.assume(f"the first line {name!r} read as the campaign's name")
        return
    channels = reading.facts.get("channels")
    start_date = reading.facts.get("flight_start")
    goal = reading.facts.get("goal", CampaignGoal.AWARENESS)
    if channels and start_date:
        name = generated_name(channels, goal, start_date)
        reading.facts["name"] = name
        reading.assume(f"no campaign name given: named {name!r} (channel, goal, start month)")
