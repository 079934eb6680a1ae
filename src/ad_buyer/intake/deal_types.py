"""The deal types a brief asks for ("PG only", "PMP/PG ok", "no open auction")."""

from __future__ import annotations

import re

from ad_buyer.intake.reading import Reading
from ad_buyer.models.buyer_identity import DealType

_DEAL_WORDS = [
    (DealType.PROGRAMMATIC_GUARANTEED, r"PG|(?i:programmatic\s+guaranteed)"),
    (DealType.PREFERRED_DEAL, r"PD|(?i:preferred\s+deals?)"),
    (DealType.PRIVATE_AUCTION, r"PA|(?i:pmps?|private\s+auctions?|private\s+marketplaces?)"),
]


_NOT_DEAL = re.compile(r"\b(?i:no|not|without|excluding|exclude|except|avoid|skip)\s+$")


def read_deal_types(text: str, reading: Reading) -> None:
    deal_types = []
    for deal_type, words in _DEAL_WORDS:
        matches = list(re.finditer(rf"\b(?:{words})\b", text))
        for m in matches:
            reading.mark_match(m)
        wanted = [m for m in matches if not _NOT_DEAL.search(text[max(0, m.start() - 12):
                                                                   m.start()])]
        if wanted:
            deal_types.append(deal_type)
        elif matches:
            reading.assume(f"{deal_type.value} deals excluded: the brief says "
                           f"{text[max(0, matches[0].start() - 4):matches[0].end()].strip()!r}")
    if deal_types:
        reading.facts["deal_types"] = deal_types
