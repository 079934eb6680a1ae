"""A person whose name is a month ("Hi April,", "Thanks,\\nMay Chen", "Jun Hao | Planner",
"ping August with questions") is no date: the flight reader gets the text without it.

A month counts as a name only where a name stands: after a greeting, on a sign-off's
line or the name lines under it, on a line of its own ("- April"), as the first name of
a full name on a signature line, or as the person a verb addresses ("ask April"). A month
with a day, a year or a range word after it ("April 5", "May 2027", "June to August")
stays a date.
"""

from __future__ import annotations

import re

from ad_buyer.intake.reading import Reading, blank
from ad_buyer.intake.signatures import SIGN_OFF_WORDS

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|"
          r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)")
# what follows a month that is a date, not a name
_DATE_AFTER = r"(?!\s*(?:\d|(?i:through|thru|to|till|until|and|or|-|–|—|of)\b))"
# a capitalised word after a month that makes it a date or an event, not a surname
_NOT_SURNAME = (r"(?!(?:Day|Bank|Holiday|Fools|Half|Term|Sales?|Madness|Break|Flight|Launch|"
                r"Campaign|Promo|Push|Burst|Wave|Only|Start|End|Week|Weekend|Event|Drop|"
                r"Through|Thru|To|Until|Till|And|Or|Of)\b)")
_NAME_WORD = _NOT_SURNAME + r"[A-Z][a-z'’-]+"
_SURNAME = r"(?:[ \t]+" + _NAME_WORD + ")?"
_GREETING = re.compile(r"^[ \t]*(?i:hi|hello|hey|hiya|dear|morning|good\s+morning|"
                       r"good\s+afternoon|thanks|thank\s+you)[ \t,]+(" + _MONTH + ")"
                       + _SURNAME + r"[ \t]*(?=[,!:\n]|$)", re.MULTILINE)
# the shared sign-offs, and the fond ones ("xx", "love") only beside a name on their line
_SIGN_OFF = r"(?i:" + SIGN_OFF_WORDS + r"|xx?|love)"
# "Thanks, April" / "Cheers - May" on the sign-off's own line
_SIGNED_INLINE = re.compile(r"^[ \t]*" + _SIGN_OFF + r"[ \t]*[,!.\-–—][ \t]*(" + _MONTH + ")"
                            + _SURNAME + r"[ \t]*$", re.MULTILINE)
# a sign-off line, then the name line under it ("Best,\nJun Hao\nMedia Planner")
_SIGNED_BELOW = re.compile(r"^[ \t]*" + _SIGN_OFF + r"\b[^\n]{0,20}\n(?:[ \t]*\n)?[ \t]*("
                           + _MONTH + ")" + _DATE_AFTER + _SURNAME
                           + r"[ \t]*(?=$|[,|])", re.MULTILINE)
# a name alone on its line, or a full name before a title ("- April", "Jun Hao | Planner")
_NAME_LINE = re.compile(r"^[ \t]*(?:[-–—~][ \t]*(" + _MONTH + r")" + _SURNAME + r"|("
                        + _MONTH + r")[ \t]+" + _NAME_WORD + r"[ \t]*(?:[|,][ \t]*[A-Z][^\n]*)?)"
                        r"[ \t]*$", re.MULTILINE)
_ADDRESSED = re.compile(r"\b(?i:ping|ask|contact|email|e-mail|call|loop\s+in|speak\s+to|"
                        r"talk\s+to|check\s+with|reach\s+out\s+to|thank|sent\s+by|"
                        r"written\s+by|questions?\s+to|cc:?|attn:?|owner:|contact:)\s+"
                        r"(?:[A-Z][a-z]+,\s+)*(" + _MONTH
                        + r")\b" + _DATE_AFTER + r"(?!\s*,?\s*'?\d)")


# "April - here's the brief": the reader addressed at the start of a line
_VOCATIVE = re.compile(r"^[ \t]*(" + _MONTH + r")[ \t]*[,:–—-][ \t]+"
                       r"(?=(?i:here|here's|please|can|could|quick|hope|thanks|as\s+discussed|"
                       r"following|just|we|i|see|attached|fyi)\b)", re.MULTILINE)


def without_person_months(text: str, reading: Reading) -> str:
    """``text`` with each month that names a person blanked (and marked as read)."""
    for pattern in (_GREETING, _SIGNED_INLINE, _SIGNED_BELOW, _NAME_LINE, _ADDRESSED,
                    _VOCATIVE):
        for m in pattern.finditer(text):
            group = next(g for g in range(1, (pattern.groups or 0) + 1) if m.group(g))
            start, end = m.start(group), m.end(group)
            reading.mark(start, end)
            text = blank(text, start, end)
    return text
