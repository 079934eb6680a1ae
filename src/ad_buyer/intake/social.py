"""Social platforms in a brief: not a channel this buyer buys, so never read silently.

"display plus paid social", "Meta and TikTok": the social part is marked as read and
said in the assumptions (planned without it); a brief whose only channel is social is
refused with a gap that names it.
"""

from __future__ import annotations

import re

from ad_buyer.intake.reading import Reading

# "social" as in social media, not "Social Security", "social casino" or "social proof"
_SOCIAL = re.compile(
    r"\b(?i:(?:paid\s+|organic\s+)?social(?:\s+media)?(?:\s+(?:ads|advertising|platforms?))?)"
    r"(?!\s*(?i:distancing|security|housing|casino|good|proof|listening|impact|causes?|"
    r"responsibility|justice|services|care|work|issues))\b"
    r"|\b(?:Meta|Facebook|Instagram|TikTok|Snapchat|LinkedIn|Pinterest|Reddit|Twitter)\b")


def read_social(text: str, reading: Reading) -> list[str]:
    """The social platforms the brief names (marked read, and said)."""
    named: list[str] = []
    for m in _SOCIAL.finditer(text):
        reading.mark_match(m)
        if m.group(0) not in named:
            named.append(m.group(0))
    if named:
        reading.assume(f"social named ({', '.join(named)}): social platforms are not a "
                       "channel this buyer buys, so the plan leaves them out")
    return named
