"""A correction that restates a whole fact replaces every earlier statement of it.

Facts so restated: the split, the flight, the budget (a sole amount in a correction,
"Sorry, typo - I meant $150k"), the age range ("P.S. make that adults 35-54") and a
channel swapped for another ("swap audio for display").

"P.S. client now wants 80/20", "Ignore the 60/40 above - do 70/30", "UPDATE: dates moved
to May 1 - June 30 2027", "PS - budget is $140k now": the correction gives the new
split, flight or budget without repeating the old one beside a "not". What the brief
stated of that kind before the correction is blanked (indexes stay valid, the old words
count as read) so the readers see one value, and an assumption names what no longer
stands. Only a whole new value replaces: a correction that changes one end of a flight
("start on April 12 instead") is left to the date readers.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ad_buyer.intake.audience import read_audience
from ad_buyer.intake.channel_words import CHANNEL_WORDS, channel_of
from ad_buyer.intake.channels import read_channels
from ad_buyer.intake.dates import read_flight
from ad_buyer.intake.places import read_places
from ad_buyer.intake.reading import Reading, blank

_SPLIT = re.compile(r"(?<![\d.$€£/])\d{1,3}\s*/\s*\d{1,3}(?:\s*/\s*\d{1,3})?(?![\d/])")
_PERCENT = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d+)?\s*%")
_IGNORED = re.compile(r"\b(?:ignore|disregard|forget|drop|not)\s+(?:the\s+)?$", re.IGNORECASE)
_MONEY = (r"(?:[$£€]\s?|\b(?:usd|eur|gbp|cad|aud)\s*)\d[\d.,]*(?:\s*(?:k|m|mm|million|"
          r"thousand)\b)?|\b\d[\d.,]*\s*(?:k|m|mm|million|thousand|grand)\b")
_NEW_BUDGET = re.compile(rf"\bbudget\b[^.\n$£€\d]{{0,25}}(?P<new>{_MONEY})|(?P<new2>{_MONEY})"
                         r"\s+(?:total|overall|budget|in\s+total)\b", re.IGNORECASE)
# "extra $10k for audio", "another $20k": money added, not a restated budget
_ADDED = re.compile(r"\b(?:extra|additional|more|plus|another|on\s+top|also|each|per|"
                    r"top[\s-]?up)\b", re.IGNORECASE)
_AGES = re.compile(r"(?:\b(?:adults?|women|men|people|persons|ages?|aged|audience|demo)\s*:?\s*|"
                   r"\b[AWMPF])(?P<lo>\d{1,2})\s*(?:-|–|to)\s*(?P<hi>\d{1,2})\b", re.IGNORECASE)
_BARE_AGES = re.compile(r"\b\d{1,2}\s*(?:-|–|to)\s*\d{1,2}\b")
_CH = "|".join(words for _, words in CHANNEL_WORDS)
_SWAP = re.compile(rf"\b(?:swap|switch|replace|change)\s+(?:the\s+)?(?P<old>{_CH})\s+"
                   rf"(?:for|with|to|into)\s+(?:the\s+)?(?P<new>{_CH})\b", re.IGNORECASE)
_INSTEAD = re.compile(rf"\b(?P<new>{_CH})\s+(?:instead\s+of|rather\s+than|in\s+place\s+of)\s+"
                      rf"(?:the\s+)?(?P<old>{_CH})\b", re.IGNORECASE)
_CPM = re.compile(r"\b(?:e?cpms?|cpa|cpc|cpv)\b", re.IGNORECASE)
# an amount that is no budget: a price, an income, a revenue figure
_NOT_BUDGET = re.compile(r"\b(?:e?cpms?|cpa|cpc|cpv|hhi|income|earn\w*|salar\w*|revenue|"
                         r"sales|per\s+(?:month|week)|a\s+month|/\s*mo)\b|\+", re.IGNORECASE)


def _blank(text: str, spans: list[tuple[int, int]], reading: Reading) -> tuple[str, list[str]]:
    gone = []
    for start, end in spans:
        if text[start:end].strip():
            gone.append(" ".join(text[start:end].split()))
            reading.mark(start, end)
            text = blank(text, start, end)
    return text, gone


def _whole(split: str) -> bool:
    """Shares that make 100 ("70/30"), not a date ("5/3")."""
    return sum(int(n) for n in re.findall(r"\d+", split)) == 100


def _new_split(clause: str) -> str | None:
    for m in _SPLIT.finditer(clause):
        if _whole(m.group(0)) and not _IGNORED.search(clause[:m.start()]):
            return m.group(0)
    return None


def _earlier(text: str, start: int, end: int, reading: Reading) -> str:
    """The text a correction at ``start:end`` can replace, the rest blanked: what comes
    before it, and the older messages of a thread when it is in the newest one."""
    older = reading.older_from
    if older is not None and end <= older:
        return text[:start] + " " * (older - start) + text[older:]
    return text[:start]


def restate(text: str, start: int, end: int, reading: Reading) -> tuple[str, list[str]]:
    """``text`` with what the correction at ``start:end`` restates blanked where it was
    stated before (earlier in the message, or in the older messages of a thread)."""
    clause = text[start:end]
    earlier = _earlier(text, start, end, reading)
    gone: list[str] = []
    new_split = _new_split(clause)
    if new_split is not None:
        new = new_split.replace(" ", "")
        old = [(m.start(), m.end()) for m in _SPLIT.finditer(earlier)
               if m.group(0).replace(" ", "") != new and _whole(m.group(0))]
        old += [(start + m.start(), start + m.end()) for m in _SPLIT.finditer(clause)
                if _IGNORED.search(clause[:m.start()])]  # "ignore the 60/40 above"
        shares = [(m.start(), m.end()) for m in _PERCENT.finditer(earlier)]
        if len(shares) > 1:  # "CTV 60% and audio 40%": the split the new one replaces
            old += shares
        text, lost = _blank(text, old, reading)
        gone += lost
    if re.search(r"\d", clause):  # a whole flight in a correction replaces the one before
        probe = Reading(reference=reading.reference, allow_past=True)
        read_flight(" " * start + clause, probe)
        if "flight_start" in probe.facts and "flight_end" in probe.facts and not probe.issues:
            stated = Reading(reference=reading.reference, allow_past=True)
            read_flight(earlier, stated)
            if stated.facts.get("flight_start") not in (None, probe.facts["flight_start"]) or \
                    stated.facts.get("flight_end") not in (None, probe.facts["flight_end"]):
                text, lost = _blank(text, sorted(stated.spans), reading)
                gone += lost
    budget = _NEW_BUDGET.search(clause)
    amounts = [m for m in re.finditer(_MONEY, clause, re.IGNORECASE)
               if not _IGNORED.search(clause[:m.start()])]
    if budget is None and len(amounts) == 1 and not _ADDED.search(clause) and \
            not _NOT_BUDGET.search(clause):  # "Sorry, typo - I meant $150k"
        new_amount: str | None = re.sub(r"\D", "", amounts[0].group(0))
    elif budget is not None and not _CPM.search(clause):
        new_amount = re.sub(r"\D", "", budget.group("new") or budget.group("new2"))
    else:
        new_amount = None
    if new_amount is not None:
        old = [(m.start(), m.end()) for m in re.finditer(_MONEY, earlier, re.IGNORECASE)
               if re.sub(r"\D", "", m.group(0)) != new_amount and not _NOT_BUDGET.search(
                   text[max(0, m.start() - 25):m.end() + 12])]
        text, lost = _blank(text, old, reading)
        gone += lost
    text, lost = _restated_ages(text, start, clause, earlier, reading)
    gone += lost
    text, lost = _swapped_channel(text, start, clause, earlier, reading)
    return text, gone + lost


def _restated_ages(text: str, start: int, clause: str, earlier: str,
                   reading: Reading) -> tuple[str, list[str]]:
    """"P.S. make that adults 35-54": the age ranges stated before no longer stand."""
    new = [m for m in _AGES.finditer(clause) if not _IGNORED.search(clause[:m.start()])]
    if not new or any(_ADDS.search(clause[max(0, m.start() - 25):m.start()]) or
                      _TOO.match(clause, m.end()) for m in new):
        return text, []  # "also women 18-24": an audience added, not one restated
    wanted = {(m.group("lo"), m.group("hi")) for m in new}
    old = [(m.start("lo"), m.end("hi")) for m in _AGES.finditer(earlier)
           if (m.group("lo"), m.group("hi")) not in wanted]
    old += [(start + m.start(), start + m.end()) for m in _BARE_AGES.finditer(clause)
            if _IGNORED.search(clause[:m.start()])]  # "adults 35-54, not 25-54"
    return _blank(text, old, reading)


def _swapped_channel(text: str, start: int, clause: str, earlier: str,
                     reading: Reading) -> tuple[str, list[str]]:
    """"swap audio for display", "display instead of audio": the old channel no longer
    stands, wherever the brief named it."""
    m = _SWAP.search(clause) or _INSTEAD.search(clause)
    if m is None:
        return text, []
    channel = channel_of(m.group("old"))
    if channel is None or channel_of(m.group("new")) is None:
        return text, []
    words = dict(CHANNEL_WORDS)[channel]
    old = [(o.start(), o.end()) for o in re.finditer(rf"\b(?:{words})\b", earlier, re.IGNORECASE)]
    old.append((start + m.start("old"), start + m.end("old")))
    return _blank(text, old, reading)


_ADDS = re.compile(r"\b(?:add|adding|plus|also|include|including|expand(?:ing)?\s+to|"
                   r"extend(?:ing)?\s+to|in\s+addition\s+to)\b[^.;\n]*$", re.IGNORECASE)
_TOO = re.compile(r"[^.;\n]{0,25}?\b(?:too|as\s+well)\b", re.IGNORECASE)
_Reader = Callable[[str, Reading], object]
# What a newest message restates over the older ones, by the reader that reads it.
_RESTATABLE: list[tuple[str, _Reader, tuple[str, ...]]] = [
    ("places", read_places, ("countries", "regions", "dmas")),
    ("audience", read_audience, ("audience",)),
    ("channels", read_channels, ("channels",)),
]


def restate_older(text: str, reading: Reading) -> tuple[str, list[str]]:
    """The places, audience and channels of a thread's older messages blanked where the
    newest message states its own: the newest message wins, kind by kind ("Everything else
    stands" keeps what it does not restate)."""
    older = reading.older_from
    if older is None:
        return text, []
    gone: list[str] = []
    for _, reader, keys in _RESTATABLE:
        newest = Reading(reference=reading.reference, allow_past=True)
        reader(text[:older], newest)
        if not any(newest.facts.get(k) for k in keys) or any(
                _ADDS.search(text[max(0, a - 25):a]) or _TOO.match(text, b)
                for a, b in newest.spans):
            continue  # "same as below, plus audio": added to the older ones, not instead
        stated = Reading(reference=reading.reference, allow_past=True)
        reader(" " * older + text[older:], stated)
        text, lost = _blank(text, sorted(s for s in stated.spans if s[0] >= older), reading)
        gone += lost
    return text, gone
