"""Corrections a planner writes after the fact: the correction replaces what it corrects.

A brief is often fixed at its end rather than rewritten: "Actually make that $400k",
"oh wait, 30k not 25k", "EDIT: client wants 80/20 not 70/30", "P.S. scratch Ohio -
make it Indiana", "no wait, strike CTV". Before the readers run, what a correction
replaces is blanked (indexes stay valid, the blanked words count as read and are
named in an assumption), so the readers see one budget, one split, one set of places.
"""

from __future__ import annotations

import re

from ad_buyer.intake.moved_ends import read_moved_ends
from ad_buyer.intake.reading import Reading, blank
from ad_buyer.intake.restated import restate, restate_older
from ad_buyer.intake.set_aside import read_set_aside

_MARKER = re.compile(
    r"(?:\bactually\b|\b(?:oh|no)[ ,]+wait\b|\bwait\b(?=[ ,]*(?:no|make|my|it|that|scratch|strike))"
    r"|\b(?:edit|update|updated|correction|change|revised|revision|note)\s*:|"
    r"\bscratch(?:\s+that)?\b|\bstrike\b|\b(?:ignore|disregard)\s+the\b"
    r"|\bp\.\s?s\.?|\bps\b(?=\s*[-:,–—])|\btypo\b|\boops\b|\bI\s+meant\b|"
    r"\bthat\s+should\s+(?:be|read|say)\b|\bcorrection\s+to\b|\bto\s+correct\b)", re.IGNORECASE)
_MONEY = (r"(?:[$£€]|\b(?:usd|eur|gbp|cad|aud)\s*)?\d[\d.,]*(?:\s*(?:k|m|mm|million|thousand|"
          r"grand)\b)?(?:\s*(?:usd|eur|gbp|dollars?|euros?|pounds?)\b)?")
_SPLIT = r"\d{1,3}\s*/\s*\d{1,3}(?:\s*/\s*\d{1,3})?"
# "30k not 25k", "80/20 not 70/30", "$400k instead of $350k"
_NOT_OLD = re.compile(rf"(?P<new>{_SPLIT}|{_MONEY})(?:\s+(?:now|then|please|instead))?\s*,?\s*"
                      r"(?:not|instead\s+of|rather\s+than)"
                      rf"\s+(?:the\s+)?(?P<old>{_SPLIT}|{_MONEY})", re.IGNORECASE)
_MAKE_THAT = re.compile(rf"\b(?:make|change)\s+(?:that|it|the\s+budget)\s+(?:to\s+)?(?P<new>"
                        rf"{_MONEY})", re.IGNORECASE)
_STRUCK = re.compile(r"\b(?:scratch|strike|drop|remove|cancel)\s+(?!that\b|it\b)(?P<old>[A-Z]"
                     r"[\w.'-]*(?:\s+[A-Z][\w.'-]*)*)")
# An alternative floated and then set aside: "maybe Portland, but let's just do Seattle"
_MAYBE_BUT = re.compile(r"\b(?:and\s+|or\s+)?(?:maybe|perhaps|possibly)\s+(?:also\s+)?[A-Z][\w.'-]*"
                        r"(?:\s+[A-Z][\w.'-]*)*(?:\s+(?:too|also|as\s+well))?\s*,?\s*but\s+"
                        r"(?=(?:let'?s|we'?ll|just|for\s+now"
                        r"|stick|keep)\b)")
# "scratch that" with no object: the sentence just before it no longer stands
_SCRATCH_THAT = re.compile(r"(?:actually[ ,]+)?(?:scratch|forget|ignore)\s+that\b", re.IGNORECASE)
_AMOUNT_IN = re.compile(rf"(?<![\w/]){_MONEY}(?![\w/%])", re.IGNORECASE)
_END = re.compile(r"[.!?\n](?:\s|$)|$")


def _digits(raw: str) -> str:
    return re.sub(r"\D", "", raw)


def _is_money(raw: str) -> bool:
    return bool(re.search(r"[$£€]|k\b|m\b|mm|million|thousand|grand|usd|eur|gbp|dollar|euro|"
                          r"pound", raw, re.IGNORECASE))


def _blank_all(text: str, pattern: str, before: int, reading: Reading) -> tuple[str, list[str]]:
    gone: list[str] = []
    for m in re.finditer(pattern, text[:before]):
        gone.append(m.group(0).strip())
        reading.mark_match(m)
        text = blank(text, m.start(), m.end())
    return text, gone


def read_corrections(text: str, reading: Reading) -> str:
    """``text`` with what each correction replaces blanked."""
    text = read_set_aside(text, reading)  # "the budget went up from 400 to 500 thousand"
    for m in _MAYBE_BUT.finditer(text):  # "(and maybe Portland, but let's just do Seattle)"
        reading.mark_match(m)
        text = blank(text, m.start(), m.end())
        reading.assume(f"{m.group(0).strip()!r}: the alternative is set aside, not read")
    for marker in reversed(list(_MARKER.finditer(text))):
        start = marker.start()
        end = _END.search(text, marker.end()).start()  # type: ignore[union-attr]
        clause = text[start:end]
        gone: list[str] = []
        for m in _NOT_OLD.finditer(clause):
            old, new = m.group("old"), m.group("new")
            if "/" in old:
                shares = old.replace(" ", "").split("/")
                pattern = "|".join(rf"(?<![\d.]){re.escape(s)}\s*%" for s in shares)
                text, lost = _blank_all(text, rf"(?<![\d.]){re.escape(old)}(?![\d%])|{pattern}",
                                        start, reading)
            elif _is_money(old) or _is_money(new):
                text, lost = _blank_all(text, re.escape(old.strip()) + r"(?![\w%])", start,
                                        reading)
            else:
                continue
            gone += lost
            reading.mark(start + m.start(), start + m.end())
            text = blank(text, start + m.end("new"), start + m.end())
        made = _MAKE_THAT.search(clause)
        if made and _is_money(made.group("new")):
            new_value = _digits(made.group("new"))
            for m in reversed(list(_AMOUNT_IN.finditer(text[:start]))):
                if _is_money(m.group(0)) and _digits(m.group(0)) != new_value and \
                        len(_digits(m.group(0))) > 2:
                    gone.append(m.group(0).strip())
                    reading.mark_match(m)
                    text = blank(text, m.start(), m.end())
        if _SCRATCH_THAT.match(text, start):  # "... national retargeting... scratch that"
            before = re.sub(r"[\s.…,;–—-]*(?:\b(?:actually|oh|no|wait)\b[\s.…,;–—-]*)*$", "",
                            text[:start])
            ends = list(re.finditer(r"(?<!\.)[.!?;](?!\.)\s|\n", before))  # no ellipsis
            opened = ends[-1].end() if ends else 0
            if before[opened:].strip():
                gone.append(before[opened:].strip())
                reading.mark(opened, start)
                text = blank(text, opened, start)
        for m in _STRUCK.finditer(clause):
            old = m.group("old")
            text, lost = _blank_all(text, rf"\b{re.escape(old)}\b", start + m.start(), reading)
            gone += lost
            reading.mark(start + m.start(), start + m.end())
            text = blank(text, start + m.start(), start + m.end())
        text, restated = restate(text, start, end, reading)  # "P.S. now 80/20": a new value
        gone += restated
        text = read_moved_ends(text, start, end, reading)  # "start on April 12 instead"
        if gone:
            reading.mark_match(marker)
            reading.assume(f"{clause.strip()!r} corrects the brief: "
                           f"{', '.join(dict.fromkeys(gone))} no longer stands")
    if reading.older_from is not None:  # the newest message restates what the older ones said
        text, gone = restate(text, 0, reading.older_from, reading)
        text, restated = restate_older(text, reading)  # places, audience, channels
        gone += restated
        text = read_moved_ends(text, 0, reading.older_from, reading)  # "now a Jan 18 start"
        if gone:
            reading.assume(f"the newest message restates the older ones: "
                           f"{', '.join(dict.fromkeys(gone))} no longer stands")
    return text
