"""Flights written in French, German, Spanish, Italian, Dutch or Portuguese.

"du 1er mars au 30 avril 2027", "vom 1. März bis 30. April 2027", "del 1 de marzo al
30 de abril de 2027", "avril 2027": month names come from ``dateparser``'s language
data (imported only when the English reading found no date at all). The text is
rewritten word for word into the English forms the flight reader knows, each word
padded to its own length so every position the reader marks stays true.
"""

from __future__ import annotations

import re
from functools import cache

LANGUAGES = ("fr", "de", "es", "it", "nl", "pt")
_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
_ENGLISH = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Range words between two dates, and the words that only join a day to its month.
_TO = re.compile(r"(?<=\w)\s+(?:au|bis|al|tot(?:\s+en\s+met)?|t/m|até|fino\s+al|a)\s+(?=\d)",
                 re.IGNORECASE)
_FILLER = re.compile(r"\b(?:du|vom|del|dal|van|de|di|von|le|el|il)\b", re.IGNORECASE)
_DAY_SUFFIX = re.compile(r"\b(\d{1,2})(?:er|re|º|°|\.)(?=\s)", re.IGNORECASE)


@cache
def _month_words() -> dict[str, int]:
    from dateparser.languages import default_loader

    english = {m.lower() for m in _MONTH_KEYS} | {m.lower() for m in _ENGLISH}
    words: dict[str, int] = {}
    for language in LANGUAGES:
        info = default_loader.get_locale(language).info
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for word in info.get(key, []):
                word = word.lower().rstrip(".")
                if len(word) >= 4 and word not in english:  # no "ott" (OTT), no "mar"
                    words[word] = number
    return words


def _padded(word: str, length: int) -> str:
    return word[:length].ljust(length)


def in_english(text: str) -> str:
    """``text`` with foreign month names, range words and day suffixes in English, each
    replacement the length of what it replaces."""
    months = _month_words()
    pattern = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, months), key=len,
                                                        reverse=True)) + r")(?!\w)",
                         re.IGNORECASE)
    text = pattern.sub(lambda m: _padded(_ENGLISH[months[m.group(1).lower()] - 1],
                                         len(m.group(1))), text)
    text = _DAY_SUFFIX.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))),
                           text)
    text = _TO.sub(lambda m: _padded(" to ", len(m.group(0))), text)
    return _FILLER.sub(lambda m: " " * len(m.group(0)), text)
