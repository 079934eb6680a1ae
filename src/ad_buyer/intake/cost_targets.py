"""Prices in a brief that are not the budget: CPM floors and order-line prices (noted,
never the cap), cost-per-action targets ("KPI is CPA under $25", noted only), and a buy
line's bare cap slot ("... | PMP/PG ok; max $30"), which is the CPM cap."""

from __future__ import annotations

import re
from decimal import Decimal

import pycountry

from ad_buyer.intake.currency_marks import CURRENCY_SIGNS
from ad_buyer.intake.reading import Reading, blank

# "9,50 EUR": a decimal comma before at most two digits
# "COP 45.000", "₦2,500": a CPM in a currency of small units, grouped in thousands
CPM_NUM = r"(\d{1,3}(?:[.,]\d{3})+(?![\d.,]\d)|\d+(?:\.\d+|,\d{1,2}(?!\d))?)"
# any currency sign ('₦', '₹', '₩'), a lettered dollar ('NT$', 'S$') or an ISO code: the cap
# is in the budget's currency, so the mark only says the number is a price
_SIGNS = "".join(sorted(CURRENCY_SIGNS - {"$"}))
_CODES = "|".join(sorted(c.alpha_3 for c in pycountry.currencies))
CPM_SYM = (r"(US\$|C\$|A\$|NZ\$|(?<![A-Za-z])[A-Z]{1,2}\$|\$|[" + re.escape(_SIGNS) + r"]|"
           r"(?-i:" + _CODES + r")(?=\s?\d))")
NO_SCALE = r"(?![\d.,]*\s*(?:k|m|mm|bn?|thousand|million|grand)\b)"
_PRICE = CPM_SYM + r"\s?" + CPM_NUM + NO_SCALE
_ACTION_COST = re.compile(r"\b(?:cpa|cpc|cpv|cpcv|cpl|cpi|cpo|cost\s+per\s+(?:\w+\s+)?\w+)"
                          r"(?:\s*(?:target|goal|max(?:imum)?|cap|limit|ceiling|of|at|:|=|under|"
                          r"below|around|<=?|~|up\s+to|no\s+more\s+than))*\s*"
                          + r"(?:" + _PRICE + r"|\d+(?:\.\d+)?\s*(?:cents?\b|¢))",
                          re.IGNORECASE)
# a budget that small is not a buy, so a bare cap under 100 in its own slot prices impressions
# ("max $12 on display": the channel it names is noted in the assumption)
_SLOT_CAP = re.compile(r"(?:^|(?<=[;|,/\n]))\s*(?:max(?:imum)?|cap|ceiling)\s*(?:of\s+|:\s*)?"
                       r"(?:US\$|\$|€|£)?\s?(\d{1,2}(?:\.\d{1,2})?)"
                       r"(?:\s+(?:on|for|across)\s+(?:all\s+|the\s+)?[a-z][\w-]*(?:\s+video)?)?"
                       r"\s*(?=$|[;|,\n]|\.(?:\s|$))",
                       re.IGNORECASE)


def without_action_costs(text: str, reading: Reading) -> str:
    """The text with its cost-per-action targets blanked (and noted)."""
    for m in _ACTION_COST.finditer(text):
        reading.mark_match(m)
        text = blank(text, m.start(), m.end())
        reading.assume(f"{m.group(0).strip()!r} is a cost-per-action target, noted only")
    return text


def slot_cap(text: str, reading: Reading) -> tuple[str, Decimal | None]:
    """A bare cap in a buy line's slot ("max $30", "ceiling 22"), and the text without it."""
    m = _SLOT_CAP.search(text)
    if m is None:
        return text, None
    reading.mark_match(m)
    reading.assume(f"{m.group(0).strip()!r} read as the CPM cap")
    return blank(text, m.start(), m.end()), Decimal(m.group(1))


# A CPM floor ("minimum CPM of £6", "we won't buy below a $9 CPM", "CPM floor $20") is the
# least the planner will pay, not a cap: noted, never read as the cap or the budget.
_CPM_FLOOR = re.compile(
    r"\b(?:min(?:imum)?|floors?(?:\s+(?:of|at|from))?|at\s+least|no\s+(?:lower|less)\s+than|"
    r"(?:not|never|won'?t|don'?t|do\s+not|will\s+not)(?:\s+(?:buy|go|bid|pay))?\s+"
    r"(?:below|under|less\s+than))\s+(?:(?:a|an|the)\s+)?(?:e?cpms?\s+(?:of\s+|at\s+)?)?"
    + CPM_SYM + r"\s?" + CPM_NUM + NO_SCALE + r"(?:\s*e?cpms?\b)?"
    # "CPMs at least $7", "no CPMs lower than $5", "nothing below a $9 CPM"
    + r"|\be?cpms?\s+(?:of\s+)?(?:at\s+least|min(?:imum)?|no\s+(?:lower|less)\s+than|"
    r"not\s+(?:below|under))\s+" + CPM_SYM + r"\s?" + CPM_NUM + NO_SCALE
    + r"|\b(?:no|nothing)\s+(?:e?cpms?\s+)?(?:lower\s+than|less\s+than|below|under|"
    r"cheaper\s+than)\s+(?:an?\s+)?" + CPM_SYM + r"\s?" + CPM_NUM + NO_SCALE
    + r"(?:\s*e?cpms?\b)?"
    + r"|\be?cpms?\s+floors?\s*(?:of|at|:)?\s*" + CPM_SYM + r"\s?" + CPM_NUM + NO_SCALE
    # "Floor CPM is $18", "min. CPM: €6"
    + r"|\b(?:floor|min(?:imum)?\.?)\s+e?cpms?\s*(?:is|of|at|:|=)?\s*" + CPM_SYM + r"\s?"
    + CPM_NUM + NO_SCALE
    # "above a 6€ floor", "a $9 CPM floor": the price, then the word floor
    + r"|(?<![\w.,])(?:(?:" + CPM_SYM + r"\s?" + CPM_NUM + r")|" + CPM_NUM
    + r"\s*(?:€|£|\$|(?:EUR|GBP|USD)\b))"
    + NO_SCALE + r"\s*(?:e?cpm\s+)?floor\b",
    re.IGNORECASE)
# "CPMs between $12 and $20": the lower end is a floor (noted), the upper one the cap.
_CPM_RANGE = re.compile(r"\be?cpms?\b[^.;\n$€£]{0,25}?\bbetween\s+" + CPM_SYM + r"\s?"
                        + CPM_NUM + r"\s*(?:and|-|–|to)\s*(?:US\$|\$|€|£)?\s?(\d+(?:\.\d+)?)"
                        + NO_SCALE, re.IGNORECASE)
# "CPM range $12-$18", "CPMs €8 to €12", "CPM: 12-18 EUR", "$12–$18 CPM", "TKP 8-12 €": a span of
# prices, read the same way (the upper end is the cap, the lower a floor)
_SPAN = (r"(?:" + CPM_SYM + r"\s?)?" + CPM_NUM + r"\s*(?:-|–|—|to)\s*(?:US\$|\$|€|£)?\s?"
         r"(\d+(?:\.\d+)?)(?![\d%])" + NO_SCALE)
_CPM_SPANS = [
    re.compile(r"\be?cpms?\b\s*(?:range|band|corridor|window|guide(?:line)?)?\s*(?:of|:|=|is|"
               r"at|around)?\s*(?:between\s+)?" + _SPAN
               + r"(?:\s*(?:USD|EUR|GBP|CHF|dollars|euros|€|£)\b)?", re.IGNORECASE),
    re.compile(r"(?<![\w.,])" + _SPAN + r"\s*(?:USD|EUR|GBP|CHF|€|£)?\s*e?cpms?\b",
               re.IGNORECASE),
]


# "no cap", "no CPM cap", "no max CPM", "CPMs uncapped", "CPM: no limit": no cap set; a bare
# "no cap" only in a sentence about CPMs and not about a seller's share
_NO_CAP = re.compile(r"\bno\s+(?:e?cpm\s+)?(?:cap|ceiling|max(?:imum)?|limit)(?:\s+(?:e?cpms?\b|"
                     r"on\s+(?:the\s+)?e?cpms?\b))?|\be?cpms?\s*(?:cap\s*)?(?::|is|are)?\s*"
                     r"(?:uncapped|no\s+(?:cap|limit|max(?:imum)?))\b|\buncapped\s+e?cpms?\b",
                     re.IGNORECASE)
_SHARE_WORDS = re.compile(r"\b(?:sellers?|partners?|publishers?|vendors?|share|exchanges?|"
                          r"spend|budget)\b", re.IGNORECASE)


def _no_cap(text: str, reading: Reading) -> str:
    for m in _NO_CAP.finditer(text):
        begin = max(text.rfind(c, 0, m.start()) for c in ".!?;\n") + 1
        stops = [i for i in (text.find(c, m.end()) for c in ".!?;\n") if i != -1]
        sentence = text[begin:min(stops, default=len(text))]
        if not re.search(r"cpm", m.group(0), re.IGNORECASE) and (
                not re.search(r"\be?cpms?\b", sentence, re.IGNORECASE)
                or _SHARE_WORDS.search(sentence)):
            continue
        reading.mark_match(m)
        text = blank(text, m.start(), m.end())
        reading.assume(f"{m.group(0).strip()!r}: no CPM cap set")
    return text


def cpm_value(raw: str) -> Decimal:
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", raw):  # "45.000", "2,500": thousands
        return Decimal(re.sub(r"[.,]", "", raw))
    return Decimal(raw.replace(",", "."))


# An order line's price ("1,800,000 impressions @ $25 CPM = $45,000") is what that line
# costs, not a cap: noted; its amount stays for the budget readers.
_LINE_PRICE = re.compile(r"\b\d[\d,.]*\s*(?:k|m|mm)?\s*(?:impressions|imps|impr\.?)\s*(?:@|at)\s*"
                         + CPM_SYM + r"\s?" + CPM_NUM + r"\s*e?cpms?\s*=?", re.IGNORECASE)


def cpm_floors(text: str, reading: Reading, found: set[Decimal]) -> str:
    for m in _LINE_PRICE.finditer(text):
        reading.mark_match(m)
        text = blank(text, m.start(), m.end())
        reading.assume(f"{m.group(0).strip(' =')!r} is an order line's price, not the CPM cap")
    for pattern in (_CPM_RANGE, *_CPM_SPANS):
        for m in pattern.finditer(text):
            if pattern is not _CPM_RANGE and cpm_value(m.group(2)) >= cpm_value(m.group(3)):
                continue  # "CPM 3-2": no span of prices
            reading.mark_match(m)
            text = blank(text, m.start(), m.end())
            found.add(cpm_value(m.group(3)))
            reading.assume(f"{m.group(0).strip()!r}: the cap is {m.group(3)}; the lower end is "
                           "a floor, noted only (the buyer sets no minimum price)")
    for m in _CPM_FLOOR.finditer(text):
        reading.mark_match(m)
        # a trailing "CPM" stays for the cap in the same clause ("at least $10 CPM and at
        # most $28"); it is read all the same
        word = re.search(r"\s*e?cpms?$", m.group(0), re.IGNORECASE)
        text = blank(text, m.start(), m.end() - (len(word.group(0)) if word else 0))
        reading.assume(f"{m.group(0).strip()!r} is a CPM floor, not a cap: the buyer sets no "
                       "minimum price, so it is noted only")
    return _no_cap(text, reading)
