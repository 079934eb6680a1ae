"""Company names that start with a place: "Denver Media Partners", "Boston Beer Company".

A client, an agency or a billing entity named after a city is no market. The places reader
reads the brief without them (marked as read); the sellers reader still sees every name.
"""

from __future__ import annotations

import re

from ad_buyer.intake.reading import blank

# Capitalised words ending in what only a company's name ends with; a label's own word
# ("Geo: Chicago\nMedia: CTV") is kept by the colon after it; a capital territory, region or
# district is a place ("Australian Capital Territory", "National Capital Region").
_COMPANY = re.compile(
    r"\b[A-Z][\w&'.-]*(?:[ \t]+[A-Z][\w&'.-]*){0,3}[ \t]+(?:Company|Co\.?|Inc\.?|LLC|Ltd\.?|"
    r"Limited|Group|Partners|Media|Agency|Holdings|Corp\.?|Corporation|Brewing|Brewery|Bank|"
    r"Studios|Labs|Foods|Motors|Airlines|Insurance|Capital(?![ \t]+(?:Territory|Region|District))|"
    r"Ventures|Networks?|Broadcasting|"
    r"Electric|Energy|Health(?:care)?|Hospital|University|College)(?![\w-]|\s*:)")


def without_company_names(text: str) -> str:
    """``text`` with company names blanked (for the places reader)."""
    for m in _COMPANY.finditer(text):
        text = blank(text, m.start(), m.end())
    return text
