"""Briefs written partly or wholly in another language, read in English.

A planner in São Paulo writes "Verba: R$ 1.200.000,00 / Período: 04/01/2027 a
28/02/2027 / Público: adultos 25-54", one in Copenhagen "fra 5. april til 16. maj
2027, kvinder 25-49". Before any reader runs, :func:`read_languages` rewrites the
words the readers need (labels, month names, range words, audience, channel and
split words, greetings and sign-offs, country names) into the English the readers
already know, and says so in one assumption. Only words are replaced, never a
number: a gloss changes no fact's value. Short words that are English too ("e",
"y", "og", "til", "a") are glossed only in a brief that already has foreign words.
Month names come from ``dateparser``'s language data; the rest is
:mod:`~ad_buyer.intake.glossary`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial

from ad_buyer.intake.glossary import (
    CONNECTORS,
    COUNTRIES,
    CURRENCY_MARKS,
    CURRENCY_WORDS,
    GREETINGS,
    KRONER_CUES,
    LABELS,
    MONTH_LANGUAGES,
    SCALE_WORDS,
    SHORT_SCALES,
    SIGN_OFFS,
    WORDS,
)
from ad_buyer.intake.reading import Reading

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
_ENGLISH_MONTHS = tuple(m.capitalize() for m in _MONTH_KEYS)
_LETTER = r"[^\W\d_]"


@cache
def _months() -> tuple[re.Pattern[str], dict[str, int]]:
    from dateparser.languages import default_loader

    english = set(_MONTH_KEYS) | {m[:3] for m in _MONTH_KEYS}
    words: dict[str, int] = {}
    for language in MONTH_LANGUAGES:
        info = default_loader.get_locale(language).info
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for word in info.get(key, []):
                word = word.lower().rstrip(".")
                if len(word) >= 3 and word not in english:
                    words.setdefault(word, number)
    names = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    # A month name is glossed only beside a day or a year: "5. april", "Nisan 2027",
    # "19 de abril", "maj 2027"; never alone ("mars" is a word in French text too).
    pattern = re.compile(
        rf"(?P<day>\b\d{{1,2}})(?:\.|º|°|er)?\s*(?:de\s+)?(?P<m1>{names})(?!\w)"
        rf"(?:\s*,?\s*(?:de\s+|del\s+)?(?P<y1>(?:19|20)\d\d)\b)?"
        rf"|(?<!\w)(?P<m2>{names})(?!\w)\s*(?:de\s+|del\s+)?(?P<y2>(?:19|20)\d\d)\b",
        re.IGNORECASE)
    return pattern, words


def _english_months(text: str, glosses: list[str]) -> str:
    pattern, words = _months()

    def english(m: re.Match[str]) -> str:
        written = m.group("m1") or m.group("m2")
        word = written.lower()
        if len(word) <= 3 and written[0].isupper() and "." in m.group(0)[:4]:
            return m.group(0)  # "adults 25-54. Set it up": a sentence, no "54 September"
        glosses.append(f"{word!r} as {_ENGLISH_MONTHS[words[word] - 1]!r}")
        month = _ENGLISH_MONTHS[words[word] - 1]
        if m.group("m1"):
            year = f" {m.group('y1')}" if m.group("y1") else ""
            return f"{m.group('day')} {month}{year}"
        return f"{month} {m.group('y2')}"
    return pattern.sub(english, text)


# "2027.03.02" (Korean, Chinese): year first, so month then day; no gloss, the same date.
_DOTTED_YEAR_FIRST = re.compile(r"(?<![\d.])(20\d\d)\.\s?(\d{1,2})\.\s?(\d{1,2})\.?(?![\d.]*\d)")
# "15. 3. 2027" (Czech, Slovak, Polish, German): a dotted date, day first, spaced.
_SPACED_DOTS = re.compile(r"(?<![\d.])(\d{1,2})\.\s(\d{1,2})\.\s?((?:19|20)\d\d)(?!\d)")
# A letter English does not write: "Mayıs", "března" (a brief with none and no other
# word glossed is in English, and its months need no gloss).
_ACCENTED = re.compile(r"[À-ɏ]")
# "2027年4月12日", "2027년 3월 2일", "2027/04/19": a year-first date as ISO.
_CJK_DATE = re.compile(r"(20\d\d)\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
_CJK_RANGE = re.compile(r"(?<=\d)\s*(?:[〜～~]|から|부터|至)\s*(?=\d)")
_CJK_UNTIL = re.compile(r"\s*(?:まで|까지)")
# "18-34 yaş", "25 a 54 años", "25-54 lat", "20～39歳": ages, as English writes them.
_AGE_WORDS = (r"años|anos|ans|jahre|anni|jaar|år|lat|let|yaş\w*|tahun|vuotiaat|éves|"
              r"歳|세")
_AGES = re.compile(rf"(?:\bde\s+)?\b(\d{{1,2}})\s*(?:[-–]|a|até|do|til|till|bis|ile)\s*"
                   rf"(\d{{1,2}})\s*(?:{_AGE_WORDS})(?!\w)", re.IGNORECASE)
_AGES_PLUS = re.compile(rf"(?:\bde\s+)?\b(\d{{1,2}})\s*(?:\+\s*(?:{_AGE_WORDS})|(?:{_AGE_WORDS})?"
                        r"\s*(?:et\s+plus|en\s+adelante|[oy]\s+m[áa]s|ou\s+mais|e\s+mais|"
                        r"und\s+älter|lub\s+więcej|eller\s+äldre|og\s+ældre|og\s+eldre|"
                        r"ve\s+üzeri|ke\s+atas|tai\s+yli|a\s+starší))(?!\w)", re.IGNORECASE)
# "%55 video": the percent sign before its number (Turkish, some French).
_PERCENT_FIRST = re.compile(r"(?<![\w%])%\s?(\d{1,3}(?:[.,]\d+)?)\b")
# "campanha Verão Nativa 2027:", "campaña Fiestas Patrias,": the title after the word.
_TITLE = r"(?:[A-ZÀ-ÞÇŞĞİ][\w'’-]*|\d{4})"
_CAMPAIGN_NAME = (r"\b(?:[Cc]ampanha|[Cc]ampa[ñn]a|[Kk]ampani[aęi]|[Kk]ampanj(?:en)?|"
                  r"[Kk]ampagnen?|[Kk]ampanya|[Kk]ampanye|[Cc]ampagne|[Cc]ampagna|[Kk]ampanja)\s+"
                  r"(?:«\s*|[“\"])?"  # « Printemps Frais », "Bahar 2027"
                  rf"({_TITLE}(?:[ \t]+(?:(?:d[aeo]s?|de|las?|los|del|della|di|du|van|der|het|les?)"
                  rf"[ \t]+)?{_TITLE})*)(?:\s*»|[”\"])?"
                  r"(?=\s*[:,.;!\n(]|$)")
# "5. april", "16. maj": a day's dot before a month written in lower case (Danish,
# Norwegian, German "april" is English already).
_DAY_DOT = re.compile(r"\b(\d{1,2})\.\s*(?=(?:" + "|".join(_MONTH_KEYS) + r")\b)")
# "Vecka 10-17 2027", "uge 14-20": ISO weeks, each end a week.
# Also "v.10-v.17" (Swedish), "KW 10-17" and "KW10–KW17" (German Kalenderwoche).
_WEEK_RANGE = (r"(?<!\w)(?:(?:vecka|veckor|uge|uger|uke|uker|semanas?|semaines?|tydzie[ńn]|"
               r"tygodnie|týdny|týden|hafta|minggu|viikot|viikko|weken)\s+|v\.\s?|KW\s?)"
               r"(\d{1,2})\s*[-–]\s*(?:v\.\s?|KW\s?)?(\d{1,2})(?!\d)")
_DATE_AHEAD = (r"(?=\d{1,2}(?:[./-]\d{1,2}[./-]\d{2,4}|\s+(?:" + "|".join(_ENGLISH_MONTHS)
               + r"))|\d{4}-\d\d-\d\d)")
_FROM = re.compile(r"\b(?:del|desde|de|fra|från|od|von|vom|dari|du|dal|van|ab)\s+"
                   + _DATE_AHEAD, re.IGNORECASE)
_TO = re.compile(r"(?<=\S)\s+(?:al|a|até|ate|hasta|til|till|do|bis|au|sampai|hingga|"
                 r"s/d|s\.d\.|tot\s+en\s+met|t/m|tot|fino\s+al|jusqu'au|jusqu’au)\s+"
                 r"(?:o\s+|el\s+)?" + _DATE_AHEAD, re.IGNORECASE)


def _glossed(text: str, pattern: str, english: str, glosses: list[str],
             flags: int = re.IGNORECASE,
             build: Callable[[re.Match[str]], str] | None = None) -> str:
    def swap(m: re.Match[str]) -> str:
        new = build(m) if build else english
        if new == m.group(0):
            return new
        glosses.append(f"{m.group(0).strip()!r} as {new.strip()!r}")
        return new
    return _compiled(pattern, flags).sub(swap, text)


@cache  # compiled once: the glossary's patterns are more than re's own cache holds
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# A quoted title is the planner's name, never glossed: "Día de las Mujeres 2027".
_QUOTED = re.compile(r'"[^"\n]{1,80}"|“[^”\n]{1,80}”')


def _words(text: str, table: tuple[tuple[str, str], ...], glosses: list[str]) -> str:
    for words, english in table:
        quoted = [m.span() for m in _QUOTED.finditer(text)]
        text = _glossed(text, rf"(?<!\w)(?:{words})(?!\w)", english, glosses,
                        build=partial(_unless_quoted, english, quoted))
    return text


def _unless_quoted(english: str, quoted: list[tuple[int, int]], m: re.Match[str]) -> str:
    inside = any(start < m.start() < end for start, end in quoted)
    return m.group(0) if inside else english


def _labels(text: str, glosses: list[str]) -> str:
    for words, english in LABELS:
        text = _glossed(text, rf"(?:(?<=^)|(?<=\n)|(?<=[-•*·]\s)|(?<=[.!?,;]\s))(?:{words})"
                              r"(?:\s+(?=[:：]))?(?=\s*[:：=]|\s+[-–]\s)", english, glosses,
                        re.IGNORECASE)
    return text


def _greetings(text: str, glosses: list[str]) -> str:
    # the blank lines before a greeting or sign-off are kept: readers find a mail's parts by lines
    start = r"(?:(?<=^)|(?<=\n))(?P<space>\s*)"
    text = _glossed(text, rf"{start}(?:{GREETINGS})(?=[\s,!.。、:]|$)", "Hi", glosses,
                    build=lambda m: m.group("space") + "Hi")
    # A sign-off ends a sentence or starts a line, before a name, a comma or the end.
    end = r"(?:(?<=^)|(?<=\n)|(?<=[.!?。)]\s)|(?<=[.!?。)]))[ \t]*"
    return _glossed(text, rf"{end}(?:{SIGN_OFFS})(?=[\s,!.。]|$)", " Regards", glosses)


def _gloss(text: str, glosses: list[str]) -> str:
    text = _labels(text, glosses)
    text = _glossed(text, _CJK_DATE.pattern, "", glosses, 0, _iso)
    text = _glossed(text, _CJK_RANGE.pattern, " to ", glosses, 0)
    text = _CJK_UNTIL.sub("", text)
    text = _glossed(text, _CAMPAIGN_NAME, "", glosses, 0,
                    lambda m: f'campaign "{m.group(1)}"')
    text = _glossed(text, _AGES.pattern, "", glosses, re.IGNORECASE,
                    lambda m: f"ages {m.group(1)}-{m.group(2)}")
    text = _glossed(text, _AGES_PLUS.pattern, "", glosses, re.IGNORECASE,
                    lambda m: f"ages {m.group(1)}+")
    text = _glossed(text, _PERCENT_FIRST.pattern, "", glosses, 0, lambda m: f"{m.group(1)}%")
    text = _glossed(text, _WEEK_RANGE, "", glosses, re.IGNORECASE,
                    lambda m: f"week {m.group(1)} - week {m.group(2)}")
    text = _words(text, WORDS, glosses)
    text = _words(text, COUNTRIES, glosses)
    if glosses or _ACCENTED.search(text):  # dateparser's month names load only then
        text = _english_months(text, glosses)
    return text


def _iso(m: re.Match[str]) -> str:
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"


# A scale word between an amount and its currency word: "1,5 mil. Kč", "2 mln zł".
_SCALE_BEFORE = r"((?:\s*(?:mil|mln|mld|tis|tys|million|billion|thousand))?)(\.?)"


def _currency_words(text: str, glosses: list[str]) -> str:
    for words, english in SCALE_WORDS:
        # "NOK 2,5 mill., display": the scale's own dot goes; a sentence's last one stays
        text = _glossed(text, rf"(?<=\d)(\s*)(?:{words})(?:\.(?=\s*[\n,;)]|\s+\w))?(?!\w)",
                        "", glosses, re.IGNORECASE, partial(_scaled, english))
    for pattern, english in SHORT_SCALES:
        text = _glossed(text, pattern, "", glosses, 0, partial(_amount_scaled, english))
    for mark, code in CURRENCY_MARKS:
        text = _glossed(text, rf"(?<!\w){mark}(?=\s?\d)", f"{code} ", glosses, 0)
        text = _glossed(text, rf"(?<=\d)\s?{mark}(?!\w)", f" {code}", glosses, 0)
    for words, code in CURRENCY_WORDS:
        text = _glossed(text, rf"(?<=\d){_SCALE_BEFORE}\s*(?:{words})(?!\w)", "", glosses, 0,
                        partial(_with_code, code))
    return text


def _amount_scaled(english: str, m: re.Match[str]) -> str:
    return f"{m.group('amount')} {english}"


def _scaled(english: str, m: re.Match[str]) -> str:
    return f"{m.group(1) or ' '}{english}"


def _with_code(code: str, m: re.Match[str]) -> str:
    return f"{m.group(1) or m.group(2)} {code}"  # "1,5 mil. Kč" as "1,5 mil CZK"


def _kroner(text: str, reading: Reading) -> str:
    """"1 200 000 kr" in a Swedish brief is SEK: the language names the krone."""
    if not re.search(r"(?<!\w)(?:kr\.?|kroner)(?!\w)", text):
        return text
    languages = [code for code, cues in KRONER_CUES
                 if re.search(rf"(?<!\w)(?:{cues})(?!\w)", text, re.IGNORECASE)]
    if len(languages) != 1:
        return text
    code = languages[0]
    reading.assume(f"'kr' read as {code}: the brief is written in that krone's language")
    # "1 200 000 kr", "1,5 mill. kroner", "2,5 mio. kr"
    text = re.sub(r"(?<=\d)((?:\s*[^\W\d]{1,9}\.?)?\s*)(?:kr\.?|kroner)(?!\w)", rf"\1{code}",
                  text)
    return re.sub(r"(?<!\w)kr\.?\s*(?=\d)", f"{code} ", text)


def read_languages(text: str, reading: Reading) -> str:
    """``text`` with another language's brief words in English (see the module doc)."""
    greetings: list[str] = []
    glosses: list[str] = []
    greeted = _DOTTED_YEAR_FIRST.sub(_iso, _greetings(text, greetings))
    greeted = _SPACED_DOTS.sub(r"\1.\2.\3", greeted)
    greeted = _kroner(greeted, reading)
    glossed = _currency_words(_gloss(greeted, glosses), glosses)
    if greetings and not glosses:  # "Hej! ... 1 mars - 30 april 2027": months after all
        glossed = _english_months(glossed, glosses)
    if not glosses:  # "Hola team," alone: the brief is in English
        return greeted
    # Words English has too are another language's only in a brief with foreign words.
    glossed = _DAY_DOT.sub(r"\1 ", glossed)
    glossed = _FROM.sub("from ", glossed)
    glossed = _TO.sub(" to ", glossed)
    for words, english in CONNECTORS:
        glossed = re.sub(rf"(?<={_LETTER})(\s+)(?:{words})(\s+)(?={_LETTER}|\d)",
                         rf"\1{english}\2", glossed)
    shown = ", ".join(dict.fromkeys(glosses))
    reading.assume(f"read in English: {shown[:300]}")
    return glossed
