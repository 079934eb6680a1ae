"""The per-seller share a brief sets: "no seller above 30%", "max 25% per seller",
"no more than a third of a channel with any one seller", or "no seller cap".

The share becomes ``max_seller_share_pct`` (or ``no_seller_share_cap``) on the
brief; the run holds it unless the command's ``--max-seller-share`` overrides it
(:mod:`ad_buyer.guards.shares`). Two different shares are a contradiction, asked
about, never picked.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ad_buyer.intake.reading import Reading, blank
from ad_buyer.models.brief import GapKind

_FRACTIONS = {"half": Decimal(50), "a third": Decimal("33.33"), "one third": Decimal("33.33"),
              "two thirds": Decimal("66.67"), "a quarter": Decimal(25),
              "one quarter": Decimal(25), "a fourth": Decimal(25), "a fifth": Decimal(20),
              "one fifth": Decimal(20)}
_SHARE = (r"(?:(?P<pct>\d{1,3}(?:\.\d{1,2})?)\s*(?:%|percent\b|per\s*cent\b)"
          r"|(?P<frac>" + "|".join(k.replace(" ", r"\s+") for k in _FRACTIONS) + r")\b)")
_OF_CHANNEL = r"(?:\s+of\s+(?:a|each|any|the|every)\s+channel(?:'s)?(?:\s+budget)?)?"
_SELLER = (r"(?:any\s+(?:one\s+|single\s+)?seller|each\s+seller|per\s+seller|"
           r"(?:a\s+|one\s+)?single\s+seller|one\s+seller|sellers?)\b")
_PATTERNS = [
    # "no seller above 30%", "no single seller gets more than a third"
    re.compile(r"\bno\s+(?:single\s+|one\s+)?seller\s+(?:\w+\s+){0,3}?(?:above|over|beyond|"
               r"exceeding|more\s+than)\s+" + _SHARE + _OF_CHANNEL, re.IGNORECASE),
    # "max 25% per seller", "no more than a third of a channel with any one seller"
    re.compile(r"\b(?:max(?:imum)?|at\s+most|up\s+to|no\s+more\s+than|cap(?:ped)?(?:\s+at)?)"
               r"\s+" + _SHARE + _OF_CHANNEL + r"\s+(?:(?:with|to|for|on|from|in)\s+)?"
               + _SELLER, re.IGNORECASE),
    # "25% max per seller", "30% cap per seller"
    re.compile(_SHARE + r"\s+(?:max(?:imum)?|cap|limit)\s+(?:per|for\s+(?:any|each))\s+seller\b",
               re.IGNORECASE),
    # "cap each seller at 30%", "limit sellers to a quarter"
    re.compile(r"\b(?:cap|limit)\s+(?:each\s+|any\s+|every\s+)?sellers?\s+(?:at|to)\s+"
               + _SHARE + _OF_CHANNEL, re.IGNORECASE),
]
_NO_CAP = re.compile(r"\bno\s+(?:per[-\s]seller\s+(?:share\s+)?(?:cap|limit)|seller\s+(?:share\s+)?"
                     r"(?:cap|limit)|(?:share\s+)?(?:cap|limit)\s+(?:per|on)\s+(?:each\s+)?"
                     r"sellers?)\b", re.IGNORECASE)


def _share(match: re.Match[str]) -> Decimal:
    if match.group("pct"):
        return Decimal(match.group("pct"))
    return _FRACTIONS[" ".join(match.group("frac").lower().split())]


def read_seller_share(text: str, reading: Reading) -> str:
    """Find the brief's per-seller share; return the text with it blanked out."""
    shares: set[Decimal] = set()
    no_cap = False
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            shares.add(_share(match))
            if match.group("frac"):
                reading.assume(f"seller share {match.group('frac')!r} read as "
                               f"{_share(match).normalize():f}%")
            reading.mark_match(match)
            text = blank(text, match.start(), match.end())
    for match in _NO_CAP.finditer(text):
        no_cap = True
        reading.mark_match(match)
        text = blank(text, match.start(), match.end())
    if len(shares) + no_cap > 1:
        stated = [f"{s.normalize():f}%" for s in sorted(shares)] + (["no cap"] if no_cap else [])
        reading.issue("seller_share", GapKind.CONTRADICTORY,
                      f"several seller shares stated: {', '.join(stated)}")
    elif no_cap:
        reading.facts["no_seller_share_cap"] = True
    elif shares:
        share = shares.pop()
        if not 0 < share <= 100:
            reading.issue("seller_share", GapKind.INVALID,
                          f"a seller share must be above 0 and at most 100%, got {share}%")
        else:
            reading.facts["max_seller_share_pct"] = share
    return text


def seller_share_of_budget(reading: Reading, amounts: list[Decimal], budget: Decimal) -> None:
    """"No more than $50k per seller" with a $400k budget: a share of 12.5%, said so."""
    if not amounts or budget <= 0 or reading.has_issue("seller_share"):
        return
    shares = {(a / budget * 100).quantize(Decimal("0.01")) for a in amounts}
    stated = reading.facts.get("max_seller_share_pct")
    if len(shares) > 1 or (stated is not None and stated not in shares) \
            or reading.facts.get("no_seller_share_cap"):
        reading.issue("seller_share", GapKind.CONTRADICTORY,
                      "several seller limits stated: " + ", ".join(
                          [f"{s.normalize():f}%" for s in sorted(shares)]
                          + ([f"{stated.normalize():f}%"] if stated is not None else [])))
        return
    share = shares.pop()
    if not 0 < share <= 100:
        reading.issue("seller_share", GapKind.INVALID,
                      f"a per-seller limit of {amounts[0]:,} is more than the budget {budget:,}")
        return
    reading.facts["max_seller_share_pct"] = share
    reading.assume(f"a limit of {amounts[0]:,} per seller read as {share.normalize():f}% of "
                   f"the {budget:,} budget")
