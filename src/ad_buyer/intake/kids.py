"""Children named in a brief whose audience was not read as children ("Audience: under-13s",
"tweens, so COPPA-compliant inventory only"): the brief stops rather than plan for adults.

The audience reader reads children's audiences ("kids 6-11") and adults with children
("moms of toddlers"). This guard runs after it: when the brief names children or COPPA
and the audience read is neither children nor adults (no adult ages, no household with
children), planning would drop a children's audience, so it is an ambiguity to settle.
A COPPA word beside a children's audience is read (the kids' safety rules apply). Keeping
off children's content ("no placements in kids' content (COPPA)") is a content exclusion,
noted and taken out of the text before the audience is read.
"""

from __future__ import annotations

import re
from typing import Any

from ad_buyer.intake.reading import Reading, blank
from ad_buyer.models.brief import KIDS_AGE_LIMIT, GapKind, Household

_CHILDREN = re.compile(
    r"\b(?:under[\s-]?(?:1[0-3]|[2-9])s?|u-?1[0-3]s?|tweens?|pre[\s-]?teens?|kids|children|"
    r"toddlers|pre[\s-]?schoolers|babies|infants|little\s+ones|grade[\s-]schoolers|"
    r"coppa(?:[\s-](?:compliant|safe|applies))?|child[\s-]directed|made\s+for\s+kids)\b",
    re.IGNORECASE)
# keeping ads off children's content ("no placements in kids' content (COPPA)")
_KIDS_CONTENT = re.compile(
    r"\b(?:no|avoid|exclude|excluding|never|not\s+on|nothing\s+(?:on|in|next\s+to)|"
    r"keep\s+(?:off|away\s+from)|block)\s+(?:any\s+|all\s+)?"
    r"(?:placements?\s+(?:in|on|next\s+to)\s+)?"
    r"(?:kids'?|children'?s|child[\s-]directed|made[\s-]for[\s-]kids|coppa)\s+(?:content|sites?|"
    r"apps?|inventory|channels?|programming|placements?|shows?)(?:\s*\(coppa\))?",
    re.IGNORECASE)
_NONE_BEFORE = re.compile(r"\b(?:no|without|zero|not)\s+(?:any\s+)?$", re.IGNORECASE)
_COPPA = re.compile(r"\bcoppa(?:[\s-](?:compliant|safe|applies|rules))?\b", re.IGNORECASE)


def _is_children(audience: dict[str, Any]) -> bool:
    age_min = audience.get("age_min")
    return age_min is not None and age_min < KIDS_AGE_LIMIT


def without_kids_content(text: str, reading: Reading) -> str:
    """``text`` without its children's-content exclusions (noted), so the audience reader
    takes "no placements in kids' content" for no audience of kids and no household."""
    for m in _KIDS_CONTENT.finditer(text):
        reading.mark_match(m)
        text = blank(text, m.start(), m.end())
        reading.assume(f"{m.group(0)!r} noted: a content exclusion the buyer does not set")
    return text


def check_children(text: str, reading: Reading) -> None:
    """Stop a brief that names children its audience does not hold; read COPPA beside kids."""
    audience: dict[str, Any] = reading.facts.get("audience") or {}
    if _is_children(audience):
        if Household.NO_CHILDREN in audience.get("household", []):  # "no children at home"
            reading.issue("audience", GapKind.AMBIGUOUS,
                          "the audience reads both as children and as households without "
                          "children: say the ages to reach (e.g. 'adults 55+' or 'kids 6-11')")
            return
        for m in _COPPA.finditer(text):
            reading.mark_match(m)
            reading.assume(f"{m.group(0)!r}: the audience is children, so the kids' safety "
                           "rules apply")
        return
    named = next((m for m in _CHILDREN.finditer(text)
                  if not _NONE_BEFORE.search(text[max(0, m.start() - 12):m.start()])), None)
    if named is None:  # "couples, no kids" names no children
        return
    adults = audience.get("age_min") is not None
    parents = Household.WITH_CHILDREN in audience.get("household", [])
    if adults or parents:
        return
    reading.issue("audience", GapKind.AMBIGUOUS,
                  f"{named.group(0)!r} names children, but no children's audience was read: "
                  "say the children's ages (e.g. 'kids 6-11') or the adults to reach "
                  "(e.g. 'parents 25-44')")
