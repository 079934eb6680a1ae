"""A people word mistyped before its ages: "adluts 25-54", "wmoen 25-44", "femlaes 18+".

Only slips that cannot be another word are put right: two neighbouring letters
swapped, or one letter typed twice ("adultss"). A different letter ("sales" for
"males") is left alone, since it may be a word of its own. Each correction is said.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from ad_buyer.intake.reading import Reading

_PEOPLE = ("adults", "women", "females", "males", "parents", "viewers", "listeners",
           "shoppers", "consumers", "people", "persons", "teens", "mothers", "fathers",
           "moms", "dads", "users", "gamers", "students", "homeowners", "millennials")
_BEFORE_AGES = re.compile(r"\b([A-Za-z]{4,})(?=\s*[:(]?\s*\d{1,2}\s*(?:-|–|to\b|\+|plus\b)"
                          r"(?:\s*\d{1,2})?(?!\s*[%/]|\d))")


def _meant(word: str) -> str | None:
    low = word.lower()
    if low in _PEOPLE:
        return None
    for right in _PEOPLE:
        if len(low) == len(right) and sorted(low) == sorted(right) and \
                OSA.distance(low, right) == 1:
            return right  # two neighbouring letters swapped
        if len(low) == len(right) + 1 and any(
                low[i] == low[i + 1] and low[:i] + low[i + 1:] == right
                for i in range(len(low) - 1)):
            return right  # one letter typed twice
    return None


def people_typos_fixed(text: str, reading: Reading) -> str:
    """``text`` with mistyped people words before ages put right (same length, so
    every offset still points into the brief)."""
    for m in _BEFORE_AGES.finditer(text):
        right = _meant(m.group(1))
        if right is None:
            continue
        text = text[:m.start()] + right.rjust(len(m.group(1))) + text[m.end():]
        reading.assume(f"{m.group(1)!r} read as {right!r} (a typing slip)")
    return text
