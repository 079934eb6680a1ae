"""Audience forms the age readers in :mod:`ad_buyer.intake.audience` take as well:
ages before the people ("25-54 adults"), ages by decade ("women in their 30s"), a skew
inside a wider audience ("Adults 18+ (skew 25-44)"), and segments by culture or
language ("Hispanic adults", "Spanish-speaking households")."""

from __future__ import annotations

import re

_PEOPLE = (r"adults|women|men|people|persons|viewers|consumers|shoppers|users|kids|children|"
           r"teens|moms|mums|dads|parents|females|males|listeners|gamers|students|homeowners|"
           r"buyers|travell?ers|drivers|professionals|(?-i:P)")
_MONTH_BEFORE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$",
                           re.IGNORECASE)
# "25-54 adults", "18 to 34 women": the ages written before the people
RANGE_BEFORE = re.compile(
    rf"(?<![\d$€£.,/:])(?P<lo>\d{{1,2}})\s*(?:-|–|to)\s*(?P<hi>\d{{1,2}})\s+"
    rf"(?:(?:year[\s-]old|y/?o)\s+)?(?P<who>{_PEOPLE})\b", re.IGNORECASE)


def is_date_before(text: str, m: re.Match[str]) -> bool:
    """"Jan 25-31 women": the numbers are days of a month, not ages."""
    return _MONTH_BEFORE.search(text[max(0, m.start() - 12):m.start()]) is not None


_DECADE_WORDS = {"teens": 10, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50,
                 "sixties": 60, "seventies": 70}
_DECADE = r"(?:[1-7]0'?s|" + "|".join(_DECADE_WORDS) + ")"
# "women in their 30s", "adults in their twenties and thirties"
DECADES = re.compile(rf"\b(?P<who>{_PEOPLE})\s+in\s+their\s+(?:late\s+|early\s+|mid[\s-])?"
                     rf"(?P<d1>{_DECADE})(?:\s*(?:and|&|-|to|or|through)\s*(?:their\s+)?"
                     rf"(?:late\s+|early\s+|mid[\s-])?(?P<d2>{_DECADE}))?", re.IGNORECASE)


def decade_ages(m: re.Match[str]) -> tuple[int, int]:
    """The ages a DECADES match spans ("30s" -> 30-39; "20s and 30s" -> 20-39)."""
    def start(word: str) -> int:
        word = word.lower().replace("'", "")
        return _DECADE_WORDS.get(word) or int(word.rstrip("s"))
    first = start(m.group("d1"))
    last = start(m.group("d2")) if m.group("d2") else first
    return (13 if first == 10 else first), last + 9


# "Adults 18+ (skew 25-44)", "W25-54, leaning 35-44": a lean inside the audience
SKEW = re.compile(r"\(?\s*\b(?:with\s+a\s+)?(?:skew(?:ing|ed|s)?|lean(?:ing|s)?|weighted|"
                  r"bias(?:ed)?)\s+(?:to(?:wards?)?\s+|toward\s+)?(?:[AWMPF])?\d{1,2}\s*"
                  r"(?:-|–|to|\+)\s*(?:\d{1,2})?\s*\)?", re.IGNORECASE)

# People by culture or language: a segment the buyer asks sellers for
CULTURE = re.compile(r"\b(?:hispanics?|latin[oaxe]s?|spanish[\s-]speaking|"
                     r"spanish[\s-]language|african[\s-]americans?|asian[\s-]americans?|"
                     r"lgbtq\+?|multicultural|bilingual|[a-z]+[\s-]speaking)\b", re.IGNORECASE)


# "Gen Z (18-24)", "millennials aged 25-40", "a Gen Z push (18-24)": the ages the brief
# states beside a generation are its audience, not the generation's birth years
GENERATION_AGES = re.compile(
    r"\b(?:baby\s+boomers|boomers|millennials|gen\s*[zxy]|gen-[zxy])(?:\s+[a-z]+){0,2}?\s*"
    r"(?:\(\s*|,\s*|\s*-\s*|\s+)(?:(?:aged?|ages|i\.?e\.?,?)\s+)?(?P<lo>\d{1,2})\s*(?:-|–|to)\s*"
    r"(?P<hi>\d{1,2})\b(?!\s*(?:%|k\b|/))\s*\)?", re.IGNORECASE)
# "fitness folks 25-44", "dog owners, 25 to 44": people named by an interest; the
# interest is a segment the buyer asks sellers for
# "dog owners", "coffee lovers" need no ages after them: the noun names the interest
INTEREST_PEOPLE = re.compile(r"\b(?!(?:the|our|their|your|my|its|his|her|all|new|existing|"
                             r"brand|site|media|store|shop)\s)(?P<what>[a-z]+)\s+"
                             r"(?:(?:folks|owners|lovers|people|types|"
                             r"junkies|nuts|fanatics)\b(?=\s*[,(:]?\s*\d{1,2}\s*(?:-|–|to|\+))"
                             r"|(?:owners|lovers)\b)", re.IGNORECASE)


# "M/F 20-39", "18-35 all genders", "both sexes 25-54", "male & female": an audience of
# every gender, said outright (the "F" of "M/F" is no limit to women)
_BOTH_GENDERS = re.compile(r"(?-i:\b(?:M\s*/\s*F|F\s*/\s*M|M\s*\+\s*F|F\s*\+\s*M|M\s*&\s*F)\b)|"
                           r"\b(?:all|both|any|either)\s+(?:genders|sexes|gender|sex)\b|"
                           r"\b(?:male\s*(?:&|and|/|\+)\s*female|female\s*(?:&|and|/|\+)\s*male)"
                           r"s?\b|\b(?:gender|sex)\s*[:=-]?\s*(?:all|any|both)\b", re.IGNORECASE)


def both_genders_named(text: str) -> tuple[str, list[re.Match[str]]]:
    """``text`` with every both-genders form written as the neutral people word "P"
    (same length, so offsets still point into the brief), and the forms found."""
    found = list(_BOTH_GENDERS.finditer(text))
    for m in found:
        text = text[:m.start()] + "P".rjust(m.end() - m.start()) + text[m.end():]
    return text, found


# "Target 18-30", "Audience: 25-54", "Demo - 18+", "Målgrupp 30-59": ages under an
# audience label, with no people word (all people of those ages)
LABELLED_AGES = re.compile(
    r"\b(?:target(?:\s+audience|\s+group|ing)?|audience|demo(?:graphic)?s?|(?-i:TA)|"
    r"p[úu]blico(?:[\s-]alvo|\s+objetivo)?|m[åa]lgrupp?e?|zielgruppe|cible|doelgroep)"
    r"\s*[:=–-]?\s*(?:ages?\s+|aged\s+)?(?P<lo>\d{1,2})\s*(?:(?:-|–|to)\s*(?P<hi>\d{1,2})|\+)"
    r"(?!\d|\s*(?:%|k\b|/|[.,]\d))", re.IGNORECASE)
