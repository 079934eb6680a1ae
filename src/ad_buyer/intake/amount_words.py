"""Amounts written in words: "three hundred thousand dollars", "half a million euros",
"one and a half million", "three quarters of a million", "two point five million", "fifty
grand", "Budget: two million". Number words are read by ``text2num``.

"Thanks a million!" is no money, nor is "two million households" (a count).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from text_to_num import text2num

from ad_buyer.intake.money_words import (
    NUMBER_WORDS,
    SCALE,
    SYMBOL_PATTERN,
    SYMBOLS,
    WORD_CURRENCY,
    WORD_PATTERN,
)


@dataclass(frozen=True)
class WordAmount:
    start: int
    end: int
    value: Decimal
    currency: str | None
    source: str
    error: str | None = None  # number words that do not make a number


_UNIT = r"(?P<unit>million|billion|thousand|mil\b)"
_NW = rf"(?:{NUMBER_WORDS})(?:[\s-]+(?:and[\s-]+)?(?:{NUMBER_WORDS}))*"
# "one and a half million", "2 and a half million", "three quarters of a million",
# "half a million", "a quarter of a million", "a quarter million", "a million"
_FRACTION = re.compile(
    r"(?<!thanks\s)(?<!thank\syou\s)(?<!point\s)\b(?:(?P<whole>" + _NW + r"|\d+)[\s-]+and[\s-]+)?"
    r"(?P<frac>a[\s-]+half|half|three[\s-]+quarters|a[\s-]+quarter|quarter|an?|one)[\s-]+"
    r"(?:of[\s-]+)?(?:an?[\s-]+)?" + _UNIT + r"(?!\s+thanks)"
    # not "one million seven hundred fifty thousand": more number words read it whole
    r"(?![\s-]+(?:and[\s-]+)?" + NUMBER_WORDS + r"\b)", re.IGNORECASE)
# "a million and a half", "two million and a half": the half after the unit
_AND_A_HALF = re.compile(r"\b(?P<whole>" + _NW + r"|an?|\d+)[\s-]+" + _UNIT
                         + r"[\s-]+and[\s-]+a[\s-]+half\b", re.IGNORECASE)
_FRACTIONS = {"a half": Decimal("0.5"), "half": Decimal("0.5"), "three quarters": Decimal("0.75"),
              "a quarter": Decimal("0.25"), "quarter": Decimal("0.25"), "a": Decimal(1),
              "an": Decimal(1), "one": Decimal(1)}
_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_POINT = re.compile(
    rf"\b(?P<whole>{_NW})\s+point\s+"
    rf"(?P<frac>(?:{'|'.join(_DIGITS)})(?:\s+(?:{'|'.join(_DIGITS)}))*)\s+" + _UNIT,
    re.IGNORECASE)
# with a currency word or "grand"; or a scale word and no count after it ("Budget: two
# million", not "two million households")
_WORDS = re.compile(
    rf"\b(?!(?:hundred|thousand|million|billion)\b)(?P<words>{_NW})\s*"
    r"(?:(?P<scale>grand|mil|k)\b|" + WORD_PATTERN + r"\b|"
    r"(?:(?<=million)|(?<=billion)|(?<=thousand))(?!\s*(?:[a-z]+\s+)?(?:impressions|imps|"
    r"views|users|people|households|homes|viewers|listeners|customers|members|fans|streams|"
    r"plays|installs|downloads|reach|uniques|visits|visitors|clicks|leads|readers|"
    r"subscribers|followers|students|patients|shoppers|buyers|consumers|adults|kids|women|"
    r"men|times)\b))",
    re.IGNORECASE)


def _number(words: str) -> Decimal:
    return Decimal(text2num(" ".join(words.replace("-", " ").split()), "en"))


def _currency(text: str, start: int, end: int) -> str | None:
    tail = re.match(r"\s*" + WORD_PATTERN, text[end:], re.IGNORECASE)
    if tail:
        return WORD_CURRENCY[" ".join(tail.group("word").lower().split())]
    before = re.search(SYMBOL_PATTERN + r"\s*$", text[max(0, start - 6):start])
    return SYMBOLS[" ".join(before.group("sym").lower().split())] if before else None


def word_amounts(text: str) -> list[WordAmount]:
    """Every amount in words, first match wins where two overlap."""
    found: list[WordAmount] = []

    def free(m: re.Match[str]) -> bool:
        return not any(a.start < m.end() and a.end > m.start() for a in found)

    for m in _AND_A_HALF.finditer(text):
        whole = m.group("whole").lower()
        try:
            count = Decimal(whole) if whole.isdigit() else Decimal(1) if whole in ("a", "an") \
                else _number(whole)
        except ValueError:
            continue
        value = (count + Decimal("0.5")) * SCALE[m.group("unit").lower()]
        found.append(WordAmount(m.start(), m.end(), value, _currency(text, m.start(), m.end()),
                                m.group(0).strip()))
    for m in _FRACTION.finditer(text):
        if not free(m):
            continue
        frac = _FRACTIONS[" ".join(m.group("frac").lower().replace("-", " ").split())]
        whole = m.group("whole")
        try:
            value = (frac + (Decimal(whole) if whole and whole.isdigit()
                             else _number(whole) if whole else 0)) * SCALE[m.group("unit").lower()]
        except ValueError:
            continue
        if m.group("unit").lower() == "thousand" and not whole and frac == 1:
            continue  # "a thousand" alone is too small to be a budget
        found.append(WordAmount(m.start(), m.end(), value, _currency(text, m.start(), m.end()),
                                m.group(0).strip()))
    for m in _POINT.finditer(text):  # "one point two million dollars"
        if not free(m):
            continue
        try:
            whole_value = _number(m.group("whole"))
        except ValueError:
            continue
        digits = "".join(str(_DIGITS.index(d.lower())) for d in m.group("frac").split())
        value = (whole_value + Decimal(f"0.{digits}")) * SCALE[m.group("unit").lower()]
        found.append(WordAmount(m.start(), m.end(), value, _currency(text, m.start(), m.end()),
                                m.group(0).strip()))
    for m in _WORDS.finditer(text):
        if not free(m):
            continue
        currency = WORD_CURRENCY[" ".join(m.group("word").lower().split())] \
            if m.group("word") else _currency(text, m.start(), m.end())
        try:
            value = _number(m.group("words")) * SCALE.get((m.group("scale") or "").lower(), 1)
        except ValueError:
            found.append(WordAmount(m.start(), m.end(), Decimal(0), currency, m.group(0).strip(),
                                    f"cannot read the number words in {m.group(0).strip()!r}"))
            continue
        found.append(WordAmount(m.start(), m.end(), value, currency, m.group(0).strip()))
    return found
