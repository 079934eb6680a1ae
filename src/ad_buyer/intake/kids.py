"""Children named in a brief whose audience was not read as children ("Audience: under-13s",
"tweens, so COPPA-compliant inventory only"): the brief stops rather than plan for adults.

The audience reader reads children's audiences ("kids 6-11") and adults with children
("moms of toddlers"). This guard runs after it: when the brief names children or COPPA
and the audience read is neither children nor adults (no adult ages, no household with
children), planning would drop a children's audience, so it is an ambiguity to settle.
A COPPA word beside a children's audience is read (the kids' safety rules apply).
"""

from __future__ import annotations

import re
from typing import Any

from ad_buyer.intake.reading import Reading
from ad_buyer.models.brief import KIDS_AGE_LIMIT, GapKind, Household

_CHILDREN = re.compile(
    r"\b(?:under[\s-]?(?:1[0-3]|[2-9])s?|u-?1[0-3]s?|tweens?|pre[\s-]?teens?|kids|children|"
    r"toddlers|pre[\s-]?schoolers|babies|infants|little\s+ones|grade[\s-]schoolers|"
    r"coppa(?:[\s-](?:compliant|safe|applies))?|child[\s-]directed|made\s+for\s+kids)\b",
    re.IGNORECASE)
_COPPA = re.compile(r"\bcoppa(?:[\s-](?:compliant|safe|applies|rules))?\b", re.IGNORECASE)


def _is_children(audience: dict[str, Any]) -> bool:
    age_min = audience.get("age_min")
    return age_min is not None and age_min < KIDS_AGE_LIMIT


def check_children(text: str, reading: Reading) -> None:
    """Stop a brief that names children its audience does not hold; read COPPA beside kids."""
    audience: dict[str, Any] = reading.facts.get("audience") or {}
    if _is_children(audience):
        for m in _COPPA.finditer(text):
            reading.mark_match(m)
            reading.assume(f"{m.group(0)!r}: the audience is children, so the kids' safety "
                           "rules apply")
        return
    named = _CHILDREN.search(text)
    if named is None:
        return
    adults = audience.get("age_min") is not None
    households = audience.get("household", [])
    parents = Household.WITH_CHILDREN in households or Household.NO_CHILDREN in households
    if adults or parents:
        return
    reading.issue("audience", GapKind.AMBIGUOUS,
                  f"{named.group(0)!r} names children, but no children's audience was read: "
                  "say the children's ages (e.g. 'kids 6-11') or the adults to reach "
                  "(e.g. 'parents 25-44')")
