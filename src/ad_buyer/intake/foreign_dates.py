"""Flights written in French, German, Spanish, Italian, Dutch or Portuguese (and month
names in Polish, Czech, Romanian, Swedish, Danish and Norwegian: "1-28 lutego 2027").

"du 1er mars au 30 avril 2027", "vom 1. März bis 30. April 2027", "del 1 de marzo al
30 de abril de 2027", "avril 2027", "ab 1. März 2027 für 6 Wochen", "2. Quartal 2027",
"1er trimestre 2027": month names come from ``dateparser``'s language
data (imported only when the English reading found no date at all). The text is
rewritten word for word into the English forms the flight reader knows, each word
padded to its own length so every position the reader marks stays true.
"""

from __future__ import annotations

import re
from functools import cache, partial

LANGUAGES = ("fr", "de", "es", "it", "nl", "pt", "pl", "cs", "ro", "sv", "da", "nb", "tr")
# month words that are also given names or English-looking clippings: "Thanks, Maja"
_NOT_MONTHS = frozenset({"maja", "kwie", "febr", "noiem", "mart", "sept"})
_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
_ENGLISH = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Range words between two dates, and the words that only join a day to its month.
_TO = re.compile(r"(?<=\w)\s+(?:au|bis|al|tot(?:\s+en\s+met)?|t/m|até|fino\s+al|a|do|til)\s+(?=\d)",
                 re.IGNORECASE)
_FILLER = re.compile(r"\b(?:du|vom|del|dal|van|de|di|von|le|el|il|od|fra|från)\b", re.IGNORECASE)
_DAY_SUFFIX = re.compile(r"\b(\d{1,2})(?:er|re|º|°|\.)(?=[\s–—-])", re.IGNORECASE)


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
                if len(word) >= 4 and word not in english | _NOT_MONTHS:  # no "ott", "mar"
                    words[word] = number
    return words


# Words of a date written in another language that English never uses.
_FOREIGN = re.compile(r"\b(?:vom|bis|(?-i:ab)|für|Wochen|Monate|Tage|Quartal|pendant|partir|"
                      r"semaines|mois|jours|trimestre|semanas|meses|días|desde|settimane|mesi|giorni|"
                      r"weken|maanden|dagen|kwartaal|t/m)\b", re.IGNORECASE)
# Lengths and "from" in those languages, as the English words the reader knows.
_WORDS = [(r"wochen|semaines|semanas|settimane|weken", "weeks"),
          (r"woche|semaine|semana|settimana", "week"),
          (r"monate|mois|meses|mesi|maanden", "months"),
          (r"tage|jours|días|dias|giorni|dagen", "days"),
          (r"für|pendant|durante|gedurende", "for"),
          (r"(?-i:ab)|à\s+partir\s+du|à\s+partir\s+de|a\s+partir\s+de|desde|vanaf", "from")]
_QUARTER_ORDINALS = {"primer": 1, "premier": 1, "primo": 1, "erste": 1, "eerste": 1,
                     "segundo": 2, "deuxième": 2, "secondo": 2, "zweite": 2, "tweede": 2,
                     "tercer": 3, "troisième": 3, "terzo": 3, "dritte": 3, "derde": 3,
                     "cuarto": 4, "quatrième": 4, "quarto": 4, "vierte": 4, "vierde": 4}
# "2. Quartal 2027", "1er trimestre 2027", "tercer trimestre", "T3 2027"
_QUARTER = re.compile(r"\b(?:(?P<n>[1-4])(?:\.|er|e|º|°|st|nd|rd|th)?|(?P<w>"
                      + "|".join(_QUARTER_ORDINALS) + r"))\s*(?:quartal|trimestre|kwartaal)\b"
                      r"|\bT(?P<t>[1-4])(?=\s*/?\s*20\d\d)", re.IGNORECASE)


# May in three letters (Swedish, Danish, Polish "maj"; German, French, Norwegian "mai"),
# only after a day: alone it is a given name ("Thanks, Mai")
_SHORT_MAY = re.compile(r"(?<=\d)(\.?\s*)(?:maj|mai)(?!\w)", re.IGNORECASE)


def foreign_words(text: str) -> bool:
    """``text`` has a date word of another language (so it is read in English first)."""
    return _FOREIGN.search(text) is not None


def _quarters(text: str) -> str:
    def english(m: re.Match[str]) -> str:
        number = m.group("n") or m.group("t") or str(_QUARTER_ORDINALS[m.group("w").lower()])
        return _padded("Q" + number, len(m.group(0)))
    return _QUARTER.sub(english, text)


def _in_place(word: str, m: re.Match[str]) -> str:
    return _padded(word, len(m.group(0)))


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
    text = _SHORT_MAY.sub(lambda m: m.group(1) + "May", text)
    text = _DAY_SUFFIX.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))),
                           text)
    text = _TO.sub(lambda m: _padded(" to ", len(m.group(0))), text)
    for words, english in _WORDS:
        text = re.sub(rf"(?<!\w)(?:{words})(?!\w)", partial(_in_place, english), text,
                      flags=re.IGNORECASE)
    text = re.sub(r"(?<=[A-Za-z])\s+bis\s+(?=[A-Za-z])",  # "März bis April"
                  lambda m: _padded(" to ", len(m.group(0))), text)
    return _FILLER.sub(lambda m: " " * len(m.group(0)), _quarters(text))
