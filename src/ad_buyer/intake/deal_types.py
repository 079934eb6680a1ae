"""The deal types a brief asks for ("PG only", "PMP/PG ok", "no open auction").

A deal type is named in words ("programmatic guaranteed", "private marketplace",
"preferred deals", "guaranteed only") or by its code (PG, PD, PA, PMP). A bare code
counts only where it reads as a deal type: next to another deal word, in a buy line's
own slot ("| PD |") or with "only", "ok", "deals" and the like around it, so a state
("Pittsburgh, PA"), a PDF or a "PG-rated" placement is no deal type. A deal type the
brief rules out ("no PG", "PG is not needed", "anything but PG") is left out, said so.
The open exchange is no deal type the buyer books: ruling it out restricts nothing, and
allowing it ("open exchange is fine") lifts any restriction, both said so.
"""

from __future__ import annotations

import re

from ad_buyer.intake.reading import Reading
from ad_buyer.models.buyer_identity import DealType

_DEAL_WORDS = [
    (DealType.PROGRAMMATIC_GUARANTEED,
     r"(?i:pg)s?(?![\s-]*(?i:13|rated|rating|content|movies?|films?|county)\b|&)|"
     r"(?i:programmatic[\s-]+guarantee[ed]?|programmatique\s+garanti|gré\s+à\s+gré|"
     r"(?:programático\s+)?garantizado(?:\s+programático)?|garantierte[n]?\s+deals?|"
     r"guaranteed(?=\s+(?:only|deals?|buys?|basis|inventory|placements)\b))"),
    (DealType.PREFERRED_DEAL,
     r"(?i:pd)s?|(?i:deals?\s+préférentiels?|acuerdos?\s+preferentes?|"
     r"preferred[\s-]+(?:fixed[\s-]price\s+)?deals?|(?:deal[\s-]?types?|dealtyp)"
     r"\s*[:=-]?\s*preferred|(?<=\bor\s)preferred(?=\s*(?:$|[.;,)\n])))"),
    (DealType.PRIVATE_AUCTION,
     r"PA|(?i:pmps?|private\s+(?:auctions?|market\s?places?)|curated\s+market\s?places?|"
     r"enchères\s+privées|(?:place\s+de\s+)?marché\s+privé|mercado\s+privado|"
     r"subastas?\s+privadas?|private\s+auktion(?:en)?|"
     r"private[rn]?\s+marktpl[aä]tze?)"),
]
_CODE = re.compile(r"(?i:pg|pd)s?|PA")
# words that make a bare code a deal type when its clause has them
_DEAL_CONTEXT = re.compile(r"\b(?:deals?|dealtyp|pmps?|auctions?|guarantee[ed]?|programmatic|"
                           r"preferred|inventory|buying|buy\s+type|open\s+exchange|PG|PD|PA)\b",
                           re.IGNORECASE)
_CODE_AFTER = re.compile(r"^[\s-]*(?:only|ok|okay|deals?|preferred|acceptable|fine|please|buys?|"
                         r"or\s+nothing|if\s+possible|where\s+(?:possible|available))\b",
                         re.IGNORECASE)
_CODE_BEFORE = re.compile(r"\b(?:only|use|via|through|want|wants|get\s+me|prefer|preferably|"
                          r"ideally|mostly|all|must\s+be)\s+$",
                          re.IGNORECASE)
_PLACE_BEFORE = re.compile(r"[A-Z][a-z]+,\s*$")  # "Pittsburgh, PA"
_NOT_DEAL = re.compile(r"(?:\b(?i:no|not|without|excluding|exclude|except|avoid|skip|"
                       r"(?:anything|everything)\s+but|rather\s+than|instead\s+of)\s+|"
                       r"\b(?i:non)[\s-]?)$")
_NOT_AFTER = re.compile(r"^\s*(?:deals?\s+)?(?:isn't|aren't|(?:is|are)\s+(?:not|off\s+the\s+"
                        r"table|out|excluded)|not\s+(?:needed|required|wanted))\b",
                        re.IGNORECASE)
_OPEN = re.compile(r"\bopen\s+(?:exchange|auction|market(?:place)?|programmatic)s?\b",
                   re.IGNORECASE)
_OPEN_AFTER_OK = re.compile(r"^\s*(?:is|are)?\s*(?:also\s+|too\s+)?(?:fine|ok|okay|acceptable|"
                            r"allowed|good)\b|^\s*(?:is|are)\s+fine", re.IGNORECASE)


def _clause(text: str, start: int, end: int) -> str:
    lo = max(text.rfind(c, 0, start) for c in ".;\n|") + 1
    his = [i for i in (text.find(c, end) for c in ".;\n|") if i >= 0]
    return text[lo:min(his, default=len(text))]


def _is_deal_code(text: str, start: int, end: int) -> bool:
    """A bare PG/PD/PA reads as a deal type (not a state, a film rating or a page)."""
    before, after = text[max(0, start - 20):start], text[end:end + 30]
    if text[start:end] in ("PG", "PGs"):  # in a media brief, "PG" is the deal type
        return not re.search(r"\brated\s+$", before, re.IGNORECASE)
    if text[start:end] == "PA" and _PLACE_BEFORE.search(before):
        return False
    clause = _clause(text, start, end)
    context = _DEAL_CONTEXT.findall(clause)
    return (len(context) > 1 or clause.strip(" :-") == text[start:end]
            or bool(_CODE_AFTER.match(after)) or bool(_CODE_BEFORE.search(before)))


def _ruled_out(text: str, start: int, end: int) -> bool:
    return bool(_NOT_DEAL.search(text[max(0, start - 20):start])
                or _NOT_AFTER.match(text[end:end + 40]))


# "programmatic direct": the non-auction deals, guaranteed or not
_DIRECT = re.compile(r"\bprogrammatic[\s-]+direct\b", re.IGNORECASE)


def read_deal_types(text: str, reading: Reading) -> None:
    deal_types = []
    for m in _DIRECT.finditer(text):
        reading.mark_match(m)
        if not _ruled_out(text, m.start(), m.end()):
            deal_types = [DealType.PROGRAMMATIC_GUARANTEED, DealType.PREFERRED_DEAL]
            reading.assume(f"{m.group(0)!r} read as PG and PD deals (the non-auction deals)")
    for deal_type, words in _DEAL_WORDS:
        matches = [m for m in re.finditer(rf"\b(?:{words})\b", text)
                   if not _CODE.fullmatch(m.group(0)) or _is_deal_code(text, m.start(), m.end())]
        for m in matches:
            reading.mark_match(m)
        wanted = [m for m in matches if not _ruled_out(text, m.start(), m.end())]
        if wanted and deal_type not in deal_types:
            deal_types.append(deal_type)
        elif matches:
            reading.assume(f"{deal_type.value} deals excluded: the brief says "
                           f"{_clause(text, matches[0].start(), matches[0].end()).strip()!r}")
    for m in _OPEN.finditer(text):
        reading.mark_match(m)
        if _NOT_DEAL.search(text[max(0, m.start() - 20):m.start()]):
            reading.assume(f"{m.group(0)!r} ruled out: the buyer books only PG, PD and PA "
                           "deals, so it restricts nothing")
        elif _OPEN_AFTER_OK.match(text[m.end():m.end() + 30]):
            if deal_types:
                named = ", ".join(d.value for d in deal_types)
                reading.assume(f"{m.group(0)!r} allowed: no deal type is required (the brief "
                               f"names {named} as a preference)")
            deal_types = []
    if deal_types:
        reading.facts["deal_types"] = deal_types
