"""Money terms around the budget that change nothing the buyer spends: fees and
commissions ("Agency fee: 8%, billed separately", "inclusive of all fees"), the billing
currency ("we pay in CAD") and payment terms ("net 45"). Each is read and noted (the
budget is read as stated), so it is neither dropped nor taken for an unread constraint.
"""

from __future__ import annotations

import re

from ad_buyer.intake.money_words import COMMON_CODES
from ad_buyer.intake.reading import Reading

_FEE = re.compile(
    r"\b(?:(?:agency|management|tech(?:nology)?|platform|service|ad[\s-]?serving|trading[\s-]desk"
    r"|media)\s+)?(?:fees?|commission|mark[\s-]?up)\s*(?:of|:|=|is|at|-)?\s*"
    r"\d{1,2}(?:[.,]\d{1,2})?\s*(?:%|percent\b|per\s*cent\b)"
    r"(?:[^.;\n]{0,30}?\b(?:billed|charged|paid|invoiced)\s+(?:separately|apart|on\s+top|"
    r"outside(?:\s+the\s+budget)?))?"
    r"|\b\d{1,2}(?:[.,]\d{1,2})?\s*(?:%|percent\b)\s+(?:agency\s+|management\s+|tech\s+)?"
    r"(?:fees?|commission|mark[\s-]?up)\b"
    r"|\b(?:inclusive\s+of|incl(?:uding|\.)?|excl(?:uding|\.)?|exclusive\s+of|net\s+of|plus)\s+"
    r"(?:all\s+|any\s+|the\s+)?(?:agency\s+|media\s+|tech\s+)?(?:fees|commissions?)\b"
    r"|\b(?:fees|commission)\s+(?:are\s+|is\s+)?(?:billed|charged|paid|invoiced)\s+(?:separately|"
    r"apart|on\s+top)\b", re.IGNORECASE)
_BILLING = re.compile(r"\b(?:we\s+|they\s+|client\s+)?(?:pays?|paid|billed|billing|invoiced?|"
                      r"invoicing|settles?)\s+(?:is\s+)?in\s+(?:" + "|".join(COMMON_CODES)
                      + r"|dollars|euros|pounds(?:\s+sterling)?)\b", re.IGNORECASE)
_TERMS = re.compile(r"\b(?:payment\s+terms?\s*:?\s*)?net[\s-]?(?:15|30|45|60|90)\b(?:\s+days)?",
                    re.IGNORECASE)


# an order form's identifiers: "Cost Center: 88140", "PO Number: 4500872219", "Order #88213-B"
_IDENTIFIER = re.compile(r"\b(?:cost\s+cent(?:er|re)|po|purchase\s+order|io|insertion\s+order|"
                         r"order|invoice|account|job|ref(?:erence)?|gl|budget\s+code|"
                         r"project)\s*(?:number|no\.?|code|id|#)\s*[:#]?\s*[A-Z0-9][\w-]*"
                         r"|\b(?:cost\s+cent(?:er|re)|gl\s+code)\s*:?\s*[A-Z0-9][\w-]*"
                         r"|\b(?:order|po|io|ir)\s*#\s*[A-Z0-9][\w-]*", re.IGNORECASE)


def read_money_notes(text: str, reading: Reading) -> None:
    """Mark and note the brief's fees, billing currency, payment terms and order numbers."""
    for m in _IDENTIFIER.finditer(text):
        reading.mark_match(m)
    for m in _FEE.finditer(text):
        reading.mark_match(m)
        reading.assume(f"{m.group(0).strip()!r}: fees noted only; the budget is read as stated")
    for m in _BILLING.finditer(text):
        reading.mark_match(m)
    for m in _TERMS.finditer(text):
        reading.mark_match(m)
        reading.assume(f"payment terms {m.group(0).strip()!r} noted only")
