"""The audience from brief text: ages, gender, household and interests.

Ages: ``adults 25-54``, ``A25-54``, ``W18-49``, ``P2+``, ``ages 18 to 34``,
``65+``, ``kids 2-11``, ``teens``, ``seniors``; a bare ``adults`` is 18+ and
bare ``kids`` 2-12 (said so). Gender from women/men, moms/dads, girls/boys.
Household (the ``Household`` vocabulary): with or without children, and
income bands from ``HHI $100k+`` or ``household income 50-100k`` (blanked
out before the budget is read, so they are never mistaken for one).
Interests from ``interested in ...``, ``interests: ...``, ``fans of ...``.
"""

from __future__ import annotations

import re
from typing import Any

from ad_buyer.intake.audience_forms import (
    CULTURE,
    DECADES,
    GENERATION_AGES,
    INTEREST_PEOPLE,
    LABELLED_AGES,
    RANGE_BEFORE,
    SKEW,
    both_genders_named,
    decade_ages,
    is_date_before,
)
from ad_buyer.intake.audience_typos import people_typos_fixed
from ad_buyer.intake.reading import Reading, blank
from ad_buyer.models.brief import AGE_CEILING, Gender, Household

# Briefs in French, German, Spanish, Italian, Dutch and Portuguese name these the same way.
_FOREIGN_FEMALE = {"femmes", "frauen", "mujeres", "donne", "vrouwen", "mulheres", "kvinder",
                   "kvinnor", "kvinner"}
_FOREIGN_MALE = {"hommes", "männer", "hombres", "uomini", "mannen", "homens", "mænd", "män",
                 "menn"}
# adults, and the young ("jóvenes 18-29"), as Romance and Nordic briefs name them
_FOREIGN_ADULTS = (r"adultes|erwachsene|adultos|adulti|volwassenen|vuxna|voksne|j[óo]venes|"
                   r"jeunes|giovani|jovens|alle|todos|tous|tutti")
_FEMALE = {"women", "woman", "female", "females", "w", "f", "ladies", "moms", "mothers",
           "mums", "girls", "housewives", "hwc", "grandmothers", "grandmas", *_FOREIGN_FEMALE}
_MALE = {"men", "man", "male", "males", "m", "guys", "dads", "fathers", "boys", "grandfathers",
         "grandpas", *_FOREIGN_MALE}
_PARENT = {"moms", "mothers", "mums", "dads", "fathers", "parents"}
_WHO = (r"adults|women|men|females?|males?|people|persons|viewers|consumers|shoppers|users|"
        r"kids|children|teens|teenagers|boys|girls|moms|mums|mothers|dads|fathers|parents|"
        r"ladies|guys|seniors|audience|housewives|ages?|aged|gamers|fans|listeners|readers|nesters|"
        r"woman|man|youths?|young\s+people|"
        r"crowd|dinks|singles|"
        r"homeowners|students|buyers|intenders|owners|drivers|travell?ers|professionals|"
        r"decision[\s-]makers|enthusiasts|individuals|folks|lovers|types|"
        # more people nouns planners put ages after ("grandparents 55+", "caregivers 35-64")
        r"grand(?:parents|mothers|fathers|mas|pas)|caregivers|carers|patients|voters|renters|"
        r"commuters|couples|newlyweds|retirees|runners|golfers|flyers|fliers|members|"
        r"subscribers|customers|visitors|residents|employees|workers|nurses|doctors|"
        r"physicians|teachers|veterans|" + _FOREIGN_ADULTS + "|"
        # "A25-54", "a18+" ("in a 60-40 split" names no adults)
        + "|".join(sorted(_FOREIGN_FEMALE | _FOREIGN_MALE)) + r"|(?-i:[AWMPF])|[awmpf](?=\d)")
# "college students (18-24)", "dog owners, 25-44", "women only, 30-50"
_AFTER_WHO = r"(?:\s*:\s*|\s?\(?|,\s*|\s+only\s*[,:(]?\s*)"
# "women between 25 and 44 years": "and" joins the ends only after "between"
# "DINKs (dual income, no kids), 28-40": an aside in words between the people and ages;
# "adults from 30 until 55 years": "until"/"through" join the ends only after "from"
_ASIDE = r"(?:\s*\([^()\d]{1,40}\))?"
_RANGE = re.compile(rf"\b(?P<who>{_WHO}){_ASIDE}{_AFTER_WHO}(?:aged\s+|ages\s+)?"
                    rf"(?:(?P<btw>between)\s+|(?P<frm>from)\s+)?(?P<lo>\d{{1,2}})\s*"
                    rf"(?:-|–|to|(?(btw)and|(?!))|(?(frm)(?:until|till|through|thru)|(?!)))\s*"
                    rf"(?P<hi>\d{{1,2}})"
                    rf"(?!\d|/|\s*(?:%|k\b|split|ratio|mix\b))", re.IGNORECASE)
_PLUS = re.compile(rf"\b(?P<who>{_WHO}){_AFTER_WHO}(?:aged\s+)?(?P<lo>\d{{1,2}})\s*"
                   rf"(?:\+|plus\b|and\s+(?:over|older|up)|or\s+(?:older|over))", re.IGNORECASE)
# "(must be 18+, alcohol)", "21+ only": a legal age floor on whatever audience is named.
_AGE_FLOOR = re.compile(r"\b(?:(?:must|has\s+to|needs?\s+to)\s+be|at\s+least|strictly|only)\s+"
                        r"(?P<lo>1[89]|2[01])\s*\+?(?:\s+only)?"
                        r"|\b(?P<lo2>1[89]|2[01])\s*\+\s+only\b"
                        # "..., San Diego, 21+": a bare legal age between separators
                        r"|(?:^|(?<=[,;•|(])\s*)(?P<lo3>1[89]|2[01])\s*\+(?=\s*(?:[,;.)•|]|$))",
                        re.IGNORECASE | re.MULTILINE)
_OVER = re.compile(rf"\b(?P<who>{_WHO})?\s*(?:over|older\s+than|above)\s+(?P<lo>\d{{1,2}})\b",
                   re.IGNORECASE)
_UNDER = re.compile(rf"\b(?P<who>{_WHO})\s+(?:under|younger\s+than|below)\s+"
                    rf"(?P<hi>\d{{1,2}})\b", re.IGNORECASE)
# "18-35 yrs", "25 to 54 years old", "18 a 35 años", "21+ yrs", "30-49 Jahre": the unit
# says the numbers are ages
_YEAR_OLDS = re.compile(r"(?<!for\s)(?<!over\s)(?<!past\s)(?<!last\s)(?<!next\s)"
                        r"\b(?P<lo>\d{1,2})\s*(?:(?:-|–|to|a|à|bis|tot|e|y|do)\s*"
                        r"(?P<hi>\d{1,2})|\+)\s*(?:year[\s-]olds?|years?(?:[\s-]old)?|"
                        r"yrs?\.?(?:[\s-]old)?|yos?|y/o|y\.o\.|s|j[äa]hrige|jahre|ans|años|anos|"
                        r"anni|jaar|jarigen|lat|let|år)(?!\w)"
                        r"(?!\s+(?:of\b|experience|ago\b|in\s+business))",
                        re.IGNORECASE)
_BARE = {  # audience words with no ages: (age_min, age_max)
    "young adults": (18, 34), "older adults": (50, None),
    "adults": (18, None), "kids": (2, 12), "children": (2, 12), "toddlers": (2, 4),
    "preschoolers": (2, 5), "tweens": (8, 12), "teens": (13, 17), "teenagers": (13, 17),
    "seniors": (65, None), "retirees": (65, None),
}
_BARE_RE = re.compile(r"\b(" + "|".join(_BARE) + r")\b(?!\s*(?:aged\s+)?(?:between\s+)?\d)",
                      re.IGNORECASE)
_GENDER_WORD = re.compile(r"\b(women|ladies|moms|mums|mothers|girls|females?|men|guys|dads|"
                          r"fathers|boys|males?|housewives|hwc|grandmothers|grandmas|"
                          r"grandfathers|grandpas|"
                          + "|".join(sorted(_FOREIGN_FEMALE | _FOREIGN_MALE)) + r")\b",
                          re.IGNORECASE)
# "mujeres de 25 a 44 años", "uomini tra 25 e 44 anni", "vrouwen van 25 tot 44"
_FOREIGN_RANGE = re.compile(
    rf"\b(?P<who>{_WHO})\s+(?:de|van|tra|fra|entre|zwischen|von|da|dai|dos|des)\s+"
    r"(?P<lo>\d{1,2})\s*(?:a|à|tot|e|y|und|bis|et|al|ai|-|–)\s*(?P<hi>\d{1,2})\b"
    r"(?:\s*(?:años|anni|jaar|jahren?|ans|anos))?", re.IGNORECASE)
# "moms especially, but not only", "adults, skewing female", "mainly women": a lean
# toward one gender, not a limit to it
_GENDER_HEDGE = re.compile(
    r"\b(?:(?:especially|mainly|mostly|primarily|largely|predominantly|chiefly|particularly)"
    r"(?:\s+\w+){0,1}\s+(?:women|men|females?|males?|moms|mums|dads)\b|"
    r"(?:women|men|females?|males?|moms|mums|mothers|dads|fathers)\s*,?\s*(?:especially|mainly|"
    r"mostly|primarily|largely|predominantly|in\s+particular)\b|"
    r"(?:skew(?:ing|ed|s)?|lean(?:ing|s)?|tilt(?:ing|ed)?)\s+(?:to(?:wards?)?\s+)?"
    r"(?:female|male|women|men)\b|but\s+not\s+(?:only|exclusively|just)\b)", re.IGNORECASE)
# An audience of both genders the lean is within ("parents, skewing female")
_NEUTRAL_GROUP = re.compile(r"\b(?:adults|parents|people|persons|families|households|everyone|"
                            r"viewers|consumers|shoppers|users|listeners|audience)\b|\bP\d{1,2}\b"
                            r"|\b(?:too|as\s+well|also)\b", re.IGNORECASE)
# "Männer ab 40", "femmes de 35 ans et plus", "mujeres de 35 años en adelante",
# "donne dai 35 anni in su": an age floor written the way these languages write it
_FOREIGN_FLOOR = re.compile(
    rf"\b(?P<who>{_WHO})\s+(?:(?:ab|über|vanaf|a\s+partir\s+de|à\s+partir\s+de)\s+"
    r"(?P<lo>\d{1,2})(?:\s*(?:jahren?|ans|años|anni|jaar))?\b|(?:de|dai|da|von)\s+"
    r"(?P<lo2>\d{1,2})\s*(?:jahren?|ans|años|anni|jaar)?\s+(?:et\s+plus|y\s+m[áa]s|o\s+m[áa]s|"
    r"en\s+adelante|in\s+su|e\s+oltre|und\s+[äa]lter|of\s+ouder)\b)", re.IGNORECASE)
# People by their work ("IT decision makers", "software developers"): a segment the
# buyer asks sellers for; no age or gender follows from it
_ROLES = re.compile(r"\b(?:(?:it|hr|tech(?:nology)?|marketing|finance|security|procurement|"
                    r"business|small[\s-]business|smb|b2b|software|cloud|data)\s+(?:decision[\s-]"
                    r"makers|developers|engineers|owners|professionals|leaders|executives|"
                    r"managers|buyers)|c-suite\s+executives|c-suite)\b", re.IGNORECASE)
_WITH_CHILDREN = re.compile(r"\b(?:hwc|(?:households?|hh|homes|families|parents|adults)\s+with\s+"
                            r"(?:young\s+)?(?:kids|children)|families|parents|moms|mums|dads|"
                            r"mothers|fathers)\b", re.IGNORECASE)
_CHILD = (r"(?:young\s+|small\s+|little\s+|school[\s-]age[d]?\s+|K-?\d{1,2}\s+|grade[\s-]school\s+|"
          r"elementary[\s-]age\s+)?(?:kids|children|toddlers|babies|infants|preschoolers|teens|"
          r"teenagers|little\s+ones|newborns)\b"
          # their ages, in brackets or bare ("(1-3 yrs)", "(ages 6-11)", "under 5")
          r"(?:\s*\(\s*(?:(?:under|below|aged|ages?)\s*)?\d{1,2}(?:\s*(?:-|–|to)\s*\d{1,2}|\s*\+)?"
          r"(?:\s*(?:yrs?|years?|y/?o|mos?|months?)(?:\s+old)?)?\s*\)"
          r"|\s+(?:(?:under|below|aged|ages?)\s*)?\d{1,2}"
          r"(?:\s*(?:-|–|to)\s*\d{1,2}|\s*\+|\s+and\s+(?:under|younger))?\b)?")
# more children listed ("with babies and toddlers", "kids aged 6-11 and teens")
_CHILDREN_OF = re.compile(
    rf"(?:\b(?:with|of|having|who\s+have)(?:\s+their)?\s+|\bw/\s*){_CHILD}"
    rf"(?:(?:\s*,\s*(?:(?:and|or)\s+|&\s*)?|\s+(?:and/or|and|or)\s+|\s*[&/]\s*){_CHILD})*",
    re.IGNORECASE)
_NO_CHILDREN = re.compile(r"\b(?:(?:households?|hh|adults|couples)\s+(?:with\s+no|without)\s+"
                          r"(?:kids|children)|no\s+kids|childless|empty[\s-]nesters?|dinks?)\b",
                          re.IGNORECASE)
_INCOME = re.compile(r"\b(?:hhi|hh\s+incomes?|household\s+incomes?|incomes?|"
                     r"(?:households?|people|adults|families|consumers)\s+(?:earning|making|on))\s*(?:of\s+|:\s*)?(?:(?P<op>over|"
                     r"above|under|below|less\s+than|more\s+than|>=?|<=?)\s*)?\$?\s?(?P<lo>"
                     r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                     r"\s*(?P<k1>k|m)?\s*(?:(?:-|–|to)\s*\$?\s?(?P<hi>\d{1,3}(?:,\d{3})+(?:\.\d+)?|"
                     r"\d+(?:\.\d+)?)\s*"
                     r"(?P<k2>k|m)?|(?P<plus>\+|\s+or\s+(?:more|above|over)|\s+and\s+(?:up|above|over)|"
                     r"\s+plus\b))?", re.IGNORECASE)
_AFFLUENT = re.compile(r"\b(affluent|high[\s-]income|wealthy|low[\s-]income)\b", re.IGNORECASE)
_INTERESTS = re.compile(r"(?:interest(?:s|ed)?\s*(?:in|:)|fans\s+of|who\s+(?:love|like|enjoy))"
                        r"\s*([^.;\n]+)", re.IGNORECASE)
_SEGMENTS = re.compile(r"\b(?:audience|target(?:\s+audience)?)\s*:\s*([^.\n]+)", re.IGNORECASE)
_DEMOGRAPHIC = re.compile(r"(?<!\d)\d{1,2}\s*(?:-|–|\+|to\b|and\s+(?:over|up))|"
                          r"\b(?:men|women|males?|females?|adults?|kids|children|teens|parents|moms|dads|"
                          r"households?|hhi|gen\s*[zx]|millennials|boomers|seniors|"
                          r"aged?)\b", re.IGNORECASE)
_FANS = re.compile(r"\b([a-z]+)\s+(?:fans|enthusiasts|lovers|buffs|aficionados)\b",
                   re.IGNORECASE)
_BANDS = [(Household.INCOME_UNDER_50K, 0, 50), (Household.INCOME_50K_100K, 50, 100),
          (Household.INCOME_100K_150K, 100, 150), (Household.INCOME_150K_PLUS, 150, 10**9)]
_GENERATIONS = {"gen z": (1997, 2012), "millennials": (1981, 1996), "gen x": (1965, 1980),
                "boomers": (1946, 1964), "baby boomers": (1946, 1964)}
_GENERATION_RE = re.compile(r"\b(baby\s+boomers|boomers|millennials|gen\s*z|gen\s*x)\b",
                            re.IGNORECASE)


def _gender_of(word: str) -> Gender:
    w = word.lower()
    if w in _FEMALE:
        return Gender.FEMALE
    if w in _MALE:
        return Gender.MALE
    return Gender.ALL


def _income_bands(m: re.Match[str]) -> list[Household]:
    scale = {"k": 1, "m": 1000, None: 1}

    def thousands(raw: str, unit: str | None) -> float:
        value = float(raw.replace(",", ""))
        return value * scale[unit.lower() if unit else None] if unit or value < 1000 \
            else value / 1000

    lo = thousands(m.group("lo"), m.group("k1") or m.group("k2"))
    op = (m.group("op") or "").lower()
    if m.group("hi"):
        hi = thousands(m.group("hi"), m.group("k2") or m.group("k1"))
    elif m.group("plus") or op in {"over", "above", "more than", ">", ">="}:
        hi = float(10**9)
    elif op in {"under", "below", "less than", "<", "<="}:
        lo, hi = 0.0, lo
    else:
        hi = lo + 0.001
    return [band for band, b_lo, b_hi in _BANDS if lo < b_hi and hi > b_lo]


def _adults_with_children(text: str, reading: Reading) -> tuple[str, bool]:
    """"Moms 25-44 with kids under 5", "parents of kids 6-12": the children's ages
    describe the household, not the audience; blanked so no age reader takes them."""
    found = False
    for m in _CHILDREN_OF.finditer(text):
        found = True
        reading.mark_match(m)
        text = blank(text, m.start(), m.end())
        reading.assume(f"{m.group(0).strip()!r} read as a household with children: the "
                       "audience is the adults, not the children")
    return text, found


_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_AGE_WORD = rf"(?:(?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(_UNITS)}))?|{'|'.join(_TEENS)})"
# "adults eighteen to forty nine", "women eighteen plus": ages spoken, not written in digits
_AGE_WORDS = re.compile(
    rf"\b(?P<a>{_AGE_WORD})(?:\s+(?:to|-|through)\s+(?P<b>{_AGE_WORD})\b|"
    r"(?=\s+(?:plus\b|and\s+(?:over|up|older)|or\s+(?:older|over))))"
    r"(?!\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|percent|thousand|million|hundred|"
    r"grand|dollars?|euros?|pounds|k\b))", re.IGNORECASE)
# "adults 18 to 49. no, wait, 25 to 49": a spoken correction replaces the ages before it
_CORRECTION = re.compile(rf"\b(?:no,?\s+wait|wait,?\s+no|scratch\s+that|sorry|i\s+mean|"
                         rf"correction)\s*[,:;-]?\s*(?:make\s+(?:it|that)\s+)?"
                         rf"(?:(?P<who>{_WHO})\s+)?(?P<lo>\d{{1,2}})\s*(?:-|–|to)\s*"
                         rf"(?P<hi>\d{{1,2}})\b", re.IGNORECASE)


def _age_number(words: str) -> int:
    parts = words.lower().replace("-", " ").split()
    if parts[0] in _TEENS:
        return 13 + _TEENS.index(parts[0])
    return 20 + 10 * _TENS.index(parts[0]) + (_UNITS.index(parts[1]) + 1 if len(parts) > 1 else 0)


def _ages_in_digits(text: str) -> str:
    """Spoken ages as digits, each padded to its words' length (positions are kept)."""
    def digits(m: re.Match[str]) -> str:
        out = m.group(0)
        for name in ("b", "a"):
            if m.group(name):
                start, end = m.start(name) - m.start(), m.end(name) - m.start()
                number = str(_age_number(m.group(name))).ljust(end - start)
                out = out[:start] + number + out[end:]
        return out
    return _AGE_WORDS.sub(digits, text)


def read_audience(text: str, reading: Reading) -> str:
    """Fill ``reading.facts['audience']``; return the text with income amounts blanked."""
    text, every_gender = both_genders_named(text)
    for m in every_gender:
        reading.mark_match(m)
        reading.assume(f"{m.group(0)!r} read as all genders")
    text, with_children = _adults_with_children(
        people_typos_fixed(_ages_in_digits(text), reading), reading)
    audience: dict[str, Any] = {}
    ranges: list[tuple[int | None, int | None, str]] = []
    genders: set[Gender] = set()
    household: list[Household] = [Household.WITH_CHILDREN] if with_children else []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return not any(s < m.end() and e > m.start() for s, e in taken)

    correction = _CORRECTION.search(text)
    if correction is not None:
        taken.append(correction.span())
        reading.mark_match(correction)
    for skew in SKEW.finditer(text):  # "Adults 18+ (skew 25-44)": the audience stays
        taken.append(skew.span())
        reading.mark_match(skew)
        reading.assume(f"{skew.group(0).strip(' ()')!r} read as a lean inside the audience, "
                       "not its limit")
    for m in DECADES.finditer(text):  # "women in their 30s"
        youngest, oldest = decade_ages(m)
        taken.append(m.span())
        reading.mark_match(m)
        ranges.append((youngest, oldest, m.group(0).strip()))
        genders.add(_gender_of(m.group("who")))
        reading.assume(f"{m.group(0).strip()!r} read as ages {youngest}-{oldest}")
    for m in GENERATION_AGES.finditer(text):  # "Gen Z (18-24)": the ages stated win
        lo_age, hi_age = int(m.group("lo")), int(m.group("hi"))
        if lo_age < hi_age:
            taken.append(m.span())
            reading.mark_match(m)
            ranges.append((lo_age, hi_age, m.group(0).strip()))
            reading.assume(f"{m.group(0).strip()!r} read as the ages stated, {lo_age}-{hi_age}")
    for pattern in (_RANGE, _FOREIGN_RANGE, _YEAR_OLDS, RANGE_BEFORE, _PLUS, _FOREIGN_FLOOR,
                    _UNDER, _OVER, LABELLED_AGES):
        for m in pattern.finditer(text):
            if not free(m) or (pattern is RANGE_BEFORE and is_date_before(text, m)):
                continue
            g = m.groupdict()
            who = (g.get("who") or "").lower()
            lo = int(g.get("lo") or g.get("lo2") or 0) or None
            hi = int(g["hi"]) if g.get("hi") else None
            if pattern is _UNDER:
                lo = _BARE.get(who, (18, None))[0]
                hi = (hi or 1) - 1
                reading.assume(f"{m.group(0).strip()!r} read as ages {lo}-{hi}")
            if pattern is _OVER and not who:
                continue
            taken.append((m.start(), m.end()))
            reading.mark_match(m)
            ranges.append((lo, hi, m.group(0).strip()))
            if who:
                genders.add(_gender_of(who))
                if who in _PARENT:
                    household.append(Household.WITH_CHILDREN)
    if correction is not None:
        ranges = [(int(correction.group("lo")), int(correction.group("hi")),
                   correction.group(0).strip())]
        reading.assume(f"{correction.group(0).strip()!r} corrects the ages said before it")
    floor = None
    for m in _AGE_FLOOR.finditer(text):
        if free(m):
            taken.append((m.start(), m.end()))
            reading.mark_match(m)
            floor = int(m.group("lo") or m.group("lo2") or m.group("lo3"))
    for m in _GENERATION_RE.finditer(text):
        if not free(m):
            continue
        key = " ".join(m.group(1).lower().split()).replace("genz", "gen z").replace(
            "genx", "gen x")
        first, last = _GENERATIONS[key]
        lo, hi = reading.reference.year - last, reading.reference.year - first
        lo = max(lo, 13)  # the buyer never reads a generation as children
        taken.append((m.start(), m.end()))
        reading.mark_match(m)
        ranges.append((lo, min(hi, AGE_CEILING), m.group(0)))
        reading.assume(f"{m.group(0)!r} (born {first}-{last}) read as ages {lo}-{hi} in "
                       f"{reading.reference.year}")
    for pattern, trait in ((_NO_CHILDREN, Household.NO_CHILDREN),
                           (_WITH_CHILDREN, Household.WITH_CHILDREN)):
        for m in pattern.finditer(text):  # may share words with an age ("moms 25-44")
            reading.mark_match(m)
            taken.append((m.start(), m.end()))
            if trait not in household:
                household.append(trait)
    if not ranges:
        for m in _BARE_RE.finditer(text):
            if not free(m):
                continue
            word = m.group(1).lower()
            lo, hi = _BARE[word]
            reading.mark_match(m)
            ranges.append((lo, hi, m.group(0)))
            reading.assume(f"{m.group(0)!r} with no ages: read as {lo}" +
                           (f"-{hi}" if hi else "+"))
    if floor is not None and not ranges:
        ranges.append((floor, None, f"{floor}+"))
    elif floor is not None:
        ranges = [(max(lo or 0, floor), hi, source) for lo, hi, source in ranges]
        reading.assume(f"the legal age floor {floor}+ applies to the audience")
    if ranges:
        mins = [lo for lo, _, _ in ranges if lo is not None]
        maxes = [hi for _, hi, _ in ranges]
        audience["age_min"] = min(mins) if mins else None
        audience["age_max"] = None if any(h is None for h in maxes) else \
            max(h for h in maxes if h is not None)
        if audience["age_max"] is not None and audience["age_max"] > AGE_CEILING:
            audience["age_max"] = AGE_CEILING
        if len(ranges) > 1:
            reading.assume("several age groups (" + "; ".join(r[2] for r in ranges) +
                           f"): read as their span {audience['age_min']}-"
                           f"{audience['age_max'] or '+'}")
    for m in _GENDER_WORD.finditer(text):
        genders.add(_gender_of(m.group(1)))
    if len(genders) > 1:
        genders.discard(Gender.ALL)
    hedge = _GENDER_HEDGE.search(text)
    if hedge and not _NEUTRAL_GROUP.search(text) and "not" not in hedge.group(0).lower():
        hedge = None  # "mostly want men 35 plus": men are the audience named, no wider one
    if hedge and genders - {Gender.ALL}:
        reading.mark_match(hedge)
        reading.assume(f"{hedge.group(0).strip()!r} read as a lean, not a limit: all genders")
        genders = {Gender.ALL}
    if every_gender:
        genders = {Gender.ALL}
    if len(genders) == 1:
        audience["gender"] = genders.pop()
    for m in _INCOME.finditer(text):
        reading.mark_match(m)
        household += [b for b in _income_bands(m) if b not in household]
        text = blank(text, m.start(), m.end())
    for m in _AFFLUENT.finditer(text):
        reading.mark_match(m)
        band = Household.INCOME_UNDER_50K if m.group(1).lower().startswith("low") \
            else Household.INCOME_150K_PLUS
        if band not in household:
            household.append(band)
        reading.assume(f"{m.group(1)!r} read as household income {band.value}")
    if Household.WITH_CHILDREN in household and Household.NO_CHILDREN in household:
        household.remove(Household.WITH_CHILDREN)
        household.remove(Household.NO_CHILDREN)
        reading.assume("households both with and without children named: no household "
                       "filter on children")
    if household:
        audience["household"] = list(dict.fromkeys(household))
    interests = _INTERESTS.search(text)
    if interests:
        reading.mark_match(interests)
        parts = re.split(r",|\band\b|/|&", interests.group(1))
        # A clause often runs on into other facts ("gaming, Q4 2027"): keep words only.
        audience["interests"] = [p.strip().lower() for p in parts
                                 if p.strip() and not re.search(r"\d|\$|%", p)]
    segments = _SEGMENTS.search(text) if interests is None else None
    if segments and not _DEMOGRAPHIC.search(segments.group(1)):
        # "Audience: IT decision makers -- CIOs, CTOs": people by role, not by age or sex
        reading.mark_match(segments)
        parts = re.split(r",|--|—|\band\b|/|&|;", segments.group(1))
        audience["interests"] = [p.strip().lower() for p in parts
                                 if p.strip() and not re.search(r"\d|\$|%", p)]
        reading.assume(f"{segments.group(0).strip()!r} read as segments the buyer asks "
                       "sellers for; no age or gender is set")
    for pattern, why in ((CULTURE, "by culture or language"), (_ROLES, "by their work")):
        for m in pattern.finditer(text):  # "Hispanic adults", "IT decision makers"
            reading.mark_match(m)
            segment = " ".join(m.group(0).lower().split())
            audience.setdefault("interests", [])
            if segment not in audience["interests"]:
                audience["interests"].append(segment)
                reading.assume(f"{m.group(0)!r} read as a segment the buyer asks sellers "
                               f"for (people {why})")
    for m in INTEREST_PEOPLE.finditer(text):  # "fitness folks 25-44", "dog owners, 25-44"
        reading.mark_match(m)
        audience.setdefault("interests", [])
        segment = " ".join(m.group(0).lower().split()) if m.group(0).lower().endswith(
            "owners") else m.group("what").lower()  # "dog owners", but "fitness" folks
        if not any(segment in known for known in audience["interests"]):  # "small business
            audience["interests"].append(segment)  # owners" holds "business owners"
            reading.assume(f"{m.group(0)!r} read as a segment the buyer asks sellers for "
                           "(people by an interest)")
    for m in _FANS.finditer(text):  # "sports fans", "golf enthusiasts"
        if interests is None or not (interests.start() <= m.start() < interests.end()):
            reading.mark_match(m)
            audience.setdefault("interests", [])
            if m.group(1).lower() not in audience["interests"]:
                audience["interests"].append(m.group(1).lower())
    if audience:
        reading.facts["audience"] = audience
    return text
