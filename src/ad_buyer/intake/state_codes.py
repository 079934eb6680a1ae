"""US states written as their two-letter codes: in a labelled list ("Geo: CA, TX, NY"),
in an unlabelled list of two or more ("CA and AZ", "NY, NJ, CT"), or alone as an item
of the brief's list of facts ("..., adults 25-54, AL"). Read by ``places``."""

from __future__ import annotations

import re

from ad_buyer.intake.place_names import SMALL_CODE_LIST, WORD_CODES
from ad_buyer.intake.reading import Reading
from ad_buyer.models.brief import GapKind


def _free(taken: list[tuple[int, int]], m: re.Match[str]) -> bool:
    return not any(s < m.end() and e > m.start() for s, e in taken)


_GEO_LABEL = re.compile(r"\b(?i:geo|geos|geography|states?|markets?|regions?|locations?)\s*:\s*"
                        r"((?:[A-Z]{2}\b(?:\s*(?:,|/|&|\+|and)\s*)?)+)")


def labelled_state_codes(text: str, reading: Reading, taken: list[tuple[int, int]]) -> list[str]:
    """Two-letter US state codes in a labelled list ("Geo: CA, TX, NY"). A lone "CA"
    could be Canada or California: asked about."""
    import us

    regions: list[str] = []
    for m in _GEO_LABEL.finditer(text):
        codes = re.findall(r"[A-Z]{2}", m.group(1))
        states = [us.states.lookup(c) for c in codes]
        if not all(states) or (codes == ["CA"]):
            if codes == ["CA"]:
                reading.issue("geo", GapKind.AMBIGUOUS, f"{m.group(0).strip()!r} could be "
                              "Canada or California; write the name")
            continue
        taken.append(m.span(1))
        reading.mark_match(m)
        for code, state in zip(codes, states, strict=True):
            regions.append(f"US-{code}")
            reading.assume(f"{code!r} read as {state.name if state else code}, a US state")
    return regions + _lone_codes(text, reading, taken)


# "..., adults 25-54, AL.", "women 35+ in AL": one code as an item of the brief's list
_LONE = re.compile(r"(?:(?<=[,;:•|(])|(?<=\bin)|^)\s*(?P<code>[A-Z]{2})(?=\s*(?:[.,;)\n]|$))",
                   re.MULTILINE)
_CITY_BEFORE = re.compile(r"[A-Z][a-z]+(?:\s[A-Z][a-z]+)*,\s*$")


def _lone_codes(text: str, reading: Reading, taken: list[tuple[int, int]]) -> list[str]:
    """A lone state code standing as a list item (not after a city: "Mobile, AL" is the
    city's state; not a city short form, a deal type, "DE" (Germany's code too), "CA"
    (asked about) or a word opening a line ("HI, team"))."""
    import us

    regions: list[str] = []
    for m in _LONE.finditer(text):
        code = m.group("code")
        state = us.states.lookup(code)
        before = text[:m.start("code")].rstrip(" \t")
        opens_line = not before or before.endswith("\n")  # "HI, team"
        if state is None or code in {"NY", "LA", "DC", "PA", "CA", "DE"} or not _free(taken, m) \
                or (opens_line and code.lower() in WORD_CODES) \
                or _CITY_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
            continue
        taken.append(m.span("code"))
        reading.mark(m.start("code"), m.end("code"))
        regions.append(f"US-{code}")
        reading.assume(f"{code!r} read as {state.name}, a US state")
    return regions


_CODE_LIST = re.compile(r"(?<![\w.])(?:[A-Z]{2,3})(?:\s*(?:,\s*(?:and\s+)?|/|&|\+|\band\b)\s*"
                        r"[A-Z]{2,3})+"
                        r"(?![\w]|\.\w)")


def state_code_lists(text: str, reading: Reading, taken: list[tuple[int, int]]) -> list[str]:
    """"CA and AZ", "NY, NJ, CT": two or more codes, all US states. Read before the
    DMAs, so NY in a list of states is the state; a list of city short forms only
    ("NY, LA") is left to the DMAs."""
    import us

    regions: list[str] = []
    for m in [*_CODE_LIST.finditer(text), *SMALL_CODE_LIST.finditer(text)]:
        codes = re.findall(r"[A-Z]{2,3}", m.group(0)) or re.findall(r"[A-Z]{2}", m.group(0).upper())
        if not _free(taken, m) or not all(len(c) == 2 and us.states.lookup(c) for c in codes) \
                or (m.group(0).islower() and {c.lower() for c in codes} & WORD_CODES):
            continue
        if set(codes) <= {"NY", "LA", "DC", "SF", "PA"}:
            continue  # city short forms (NY, LA) and deal types (PA) alone are no state list
        taken.append(m.span())
        reading.mark_match(m)
        for code in codes:
            regions.append(f"US-{code}")
        reading.assume(f"{m.group(0)!r} read as US states")
    return regions
