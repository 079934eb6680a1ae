"""A brief's background: what a planner tells before the ask, set aside before the readers.

"Some background before the ask: the bank is launching a no-fee account across the
Southeast this spring. Last year's campaign ($150k) ... so the CMO signed off this week on
a bigger plan.\n\nThe ask: $400,000 total, ..." The background describes the client, its
market, past campaigns, approvals and competitors: its places, dates and amounts are no
market, flight or budget. A section so labelled ("Background:", "Context:", "Quick recap:",
"Some background before the ask:"), to the end of its paragraph, is set aside when a later
paragraph states the brief's money (the ask). A sentence in it that asks something of this
campaign ("please", "we want", "must", "exclude") stays in the brief for the readers.
"""

from __future__ import annotations

import re

from ad_buyer.intake.reading import Reading, blank

_HEAD = re.compile(
    r"(?:^|(?<=[.!?])[ \t]+|(?<=[—–-])[ \t]+)(?:(?:some|a\s+bit\s+of|a\s+little|quick|brief|"
    r"short|for|more)\s+)?(?:background|context|recap|backstory|history)\b[^:\n.]{0,50}?:",
    re.IGNORECASE | re.MULTILINE)
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n|\Z")
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+[.!?]*")
# the ask after it: an amount of money
_MONEY = re.compile(r"[$€£¥₹₩]\s?\d|\b\d[\d.,]*\s*(?:k|m|mm|bn|million|thousand|grand)\b|"
                    r"\b(?:usd|eur|gbp|cad|aud|nzd|chf|jpy|inr|sgd|brl|mxn)\s?\d",
                    re.IGNORECASE)
# what asks something of this campaign: the sentence is the brief, not its background
_ASKS = re.compile(r"\b(?:please|pls|want|wants|need|needs|must|should|exclude|excluding|"
                   r"avoid|don'?t|do\s+not|keep|target|targeting|cap|max(?:imum)?|"
                   r"only(?!\s*[,)]))\b", re.IGNORECASE)


def read_background(text: str, reading: Reading) -> str:
    """``text`` with its labelled background (before the ask) blanked and marked."""
    set_aside: list[str] = []
    for head in _HEAD.finditer(text):
        end = _PARAGRAPH_END.search(text, head.end())
        if end is None or not _MONEY.search(text, end.end()):
            continue  # no ask after it: the section is the brief
        for sentence in _SENTENCE.finditer(text, head.start(), end.start()):
            if _ASKS.search(sentence.group(0)) or not sentence.group(0).strip():
                continue
            set_aside.append(" ".join(sentence.group(0).split()))
            reading.mark(sentence.start(), sentence.end())
            text = blank(text, sentence.start(), sentence.end())
    if set_aside:
        reading.assume("set aside as background before the ask, not a campaign constraint: "
                       + "; ".join(repr(s[:80]) for s in set_aside))
    return text
