"""What an amount of money in a brief is FOR, from the words around it.

A brief names money that is not its budget: unit prices ("CPA under $25", "$3 per
install", "5 cents a view"), return and revenue targets ("drive $2M in online sales",
"a return of $5 for every $1"), fees ("agency fee $30k"), household income ("earning
$150k+") and past spend ("last year's flight spent $250k"). Each such amount is noted
with its role, never read as the budget. Of the amounts left, parts of the budget
(per channel, phase, month or market) sit beside one total: they sum to it, or they are
labelled as parts of a labelled total ("Total $600k, of which $250k on CTV"). Only two
totals that genuinely compete are a contradiction.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise

from ad_buyer.intake.channel_amounts import for_several, names_channel, remainder_parts
from ad_buyer.intake.reading import Reading

_UNIT = (r"(?:clicks?|views?|video\s+views?|completed\s+views?|completions?|leads?|installs?|"
         r"downloads?|acquisitions?|actions?|conversions?|sales?|orders?|visits?|sign[\s-]?ups?|"
         r"registrations?|applications?|subscribers?|customers?|engagements?|deposits?|"
         r"purchases?|transactions?|bookings?|appointments?|test[\s-]drives?|quotes?|trials?|"
         r"accounts?|calls?|members?|users?|visitors?|impressions?|spots?|units?|"
         r"thousand(?:\s+impressions)?|1,?000(?:\s+impressions)?|mille)")
_PRICE_BEFORE = re.compile(
    r"\b(?:e?cp[acvlieo]|cpcv|cpm|cost\s+per\s+(?:\w+\s+)?\w+|price\s+per\s+\w+|"
    r"return(?:\s+on\s+ad\s+spend)?|roas)\s*(?:target|goal|cap|limit|max(?:imum)?|of|at|:|=|"
    r"under|below|around|about|near|~|<=?|is|should\s+be|no\s+more\s+than|\s)*$"
    r"|\b(?:for|per|on)\s+(?:every|each)\s+$", re.IGNORECASE)
_PRICE_AFTER = re.compile(
    r"^\s*(?:e?cp[acvlieo]|cpcv|cents?|¢)\b|^\s*(?:per|a|an|/|each|for\s+every)\s*(?:\w+\s+)?"
    + _UNIT + r"\b|^\s*(?:back\s+|returned\s+|in\s+return\s+)?(?:for|per|on)\s+(?:every|each)\s+"
    r"(?:\$|€|£)?\s*1\b",
    re.IGNORECASE)
_REVENUE_BEFORE = re.compile(
    r"\b(?:revenue|sales|gmv|turnover|bookings|pipeline)\s*(?:goal|target|objective|plan)?\s*"
    r"(?:of|:|=|is|at|around|about|~|\s)*$|\b(?:drive|generate|deliver|hit|reach|achieve|"
    r"make|bring\s+in)\s+(?:at\s+least\s+|over\s+|about\s+|around\s+|~)?$", re.IGNORECASE)
_REVENUE_AFTER = re.compile(
    r"^\s*(?:in|of|worth\s+of)\s+(?:\w+\s+)?(?:sales|revenue|gmv|bookings|pipeline|orders)\b"
    r"|^\s*(?:revenue|sales|gmv)\s+(?:goal|target)", re.IGNORECASE)
_FEE_BEFORE = re.compile(r"\b(?:fees?|commission|mark[\s-]?up|retainer)\s*(?:of|:|=|is|at|\()?"
                         r"\s*$", re.IGNORECASE)
_FEE_AFTER = re.compile(r"^\s*(?:\w+\s+)?(?:fees?|commission|mark[\s-]?up|retainer)\b",
                        re.IGNORECASE)
_INCOME_BEFORE = re.compile(r"\b(?:h?hi|income|incomes|earn(?:ing|s)?|salar(?:y|ies)|"
                            r"making)\s*(?:of|:|over|above|under|below|>|<|\+|at\s+least|"
                            r"\s)*$", re.IGNORECASE)
_PRODUCTION_BEFORE = re.compile(r"\b(?:production|creative|shoot|talent)\b[^$€£\d\n.;]{0,25}$",
                                re.IGNORECASE)
# "no single seller over $150K", "any one publisher capped at $50k"
_SELLER_BEFORE = re.compile(r"\b(?:no|any|each|every)\s+(?:single\s+|one\s+)?(?:seller|publisher|"
                            r"vendor|partner|network|supplier)s?\s+(?:\w+\s+){0,2}?(?:over|above|"
                            r"more\s+than|exceeding|beyond|at|to|capped\s+at|limited\s+to)\s+$",
                            re.IGNORECASE)
_SELLER_AFTER = re.compile(r"^\s*(?:per|(?:for|with|on|to)\s+(?:any|each|one|a))\s+"
                           r"(?:(?:one|single)\s+)?(?:seller|publisher|vendor|partner|network|site|"
                           r"supplier)s?\b", re.IGNORECASE)
PER_SELLER = "a per-seller limit"
_ROLES = [("a unit price or return target", _PRICE_BEFORE, _PRICE_AFTER),
          ("a revenue or sales target", _REVENUE_BEFORE, _REVENUE_AFTER),
          ("a fee", _FEE_BEFORE, _FEE_AFTER),
          ("an income", _INCOME_BEFORE, None),
          ("a production cost", _PRODUCTION_BEFORE, None),
          (PER_SELLER, _SELLER_BEFORE, _SELLER_AFTER)]
# Context that only matters beside another amount: the price of what is advertised, the
# size of the business or its yearly spend, money that may come later.
_OFFER_BEFORE = re.compile(
    r"\b(?:priced?(?:\s+(?:at|from))?|prices?\s+(?:of|from|start(?:ing)?\s+at)|retails?\s+"
    r"(?:at|for)|msrp|aov|(?:average\s+)?order\s+value|basket(?:\s+size)?|tickets?\s+"
    r"(?:start\s+at|from|cost|are)|fares?\s+from|starting\s+(?:at|from)|from\s+(?:just|only)|"
    r"save|saving|off|rebate|discount|cash\s*back|voucher|gift\s+card|coupon|worth|"
    r"(?:lifetime\s+|customer\s+)?value|ltv|clv|(?:avg|average)\s+(?:order|basket|ticket|sale|"
    r"transaction|purchase)(?:\s+(?:value|size))?|orders?\s+"
    r"(?:over|above)|spend\s+(?:over|above))\s*(?:of|at|is|:|=|around|about|roughly|~|\s)*$",
    re.IGNORECASE)
_OFFER_AFTER = re.compile(r"^\s*(?:[\w-]+\s+)?(?:off|rebates?|discounts?|cash\s*back|gift\s+cards?|"
                          r"vouchers?|coupons?|credits?|per\s+(?:night|person|ticket|unit|item)|"
                          r"a\s+(?:night|ticket|head))\b", re.IGNORECASE)
_YEARLY_BEFORE = re.compile(r"\b(?:annual(?:ly)?|yearly|per\s+year|a\s+year)\b[^$€£\d\n;]{0,25}$",
                            re.IGNORECASE)
_YEARLY_AFTER = re.compile(r"^\s*(?:[\w-]+\s+){0,2}?(?:brand|company|business|firm|retailer|"
                           r"start-?up|a\s+year|per\s+year|annually|yearly|annual|in\s+annual)\b",
                           re.IGNORECASE)
_LATER_BEFORE = re.compile(r"\b(?:extra|additional|further|incremental|another|upside\s+of|"
                           r"potential|possible|top[\s-]up\s+of)\s+$", re.IGNORECASE)
_MAYBE = re.compile(r"\b(?:may|might|could|possibly|potentially|pending|tbc|tbd|if|subject\s+to|"
                    r"later|unconfirmed|not\s+(?:yet\s+)?confirmed)\b", re.IGNORECASE)
_CONTEXT_ROLES = [("the price of what is advertised", _OFFER_BEFORE, _OFFER_AFTER),
                  ("a yearly or company-wide figure", _YEARLY_BEFORE, _YEARLY_AFTER)]


def context_role_of(text: str, start: int, end: int) -> str | None:
    """The role of an amount that is context, not a budget, when another amount is."""
    before, after = _around(text, start, end)
    for role, cue_before, cue_after in _CONTEXT_ROLES:
        if cue_before.search(before) or cue_after.match(after):
            return role
    sentence_end = min((i for i in (text.find(c, end) for c in ".;!?\n") if i != -1),
                       default=len(text))
    if _LATER_BEFORE.search(before) and _MAYBE.search(text[start:sentence_end]):
        return "money that may be added later"
    return None


# "priced $20-$50": the second end of a range takes the words before the first
_RANGE_START = re.compile(r"(?:US\$|\$|€|£)?\s*\d[\d.,]*\s*(?:k|m)?\s*(?:-|–|to)?\s*$",
                          re.IGNORECASE)


def _around(text: str, start: int, end: int) -> tuple[str, str]:
    """The words before an amount (on its line) and after it."""
    line_start = text.rfind("\n", 0, start) + 1
    before = _RANGE_START.sub("", text[max(line_start, start - 50):start])
    return before[-40:], text[end:end + 40].split("\n", 1)[0]


# "lower-income households (under $50K a year)": an amount per year beside the audience
_AUDIENCE_BEFORE = re.compile(r"\b(?:incomes?|households?|earn(?:ers?|ing|s)?|salar(?:y|ies)|"
                              r"making)\b[^$€£\d\n.;]{0,25}$", re.IGNORECASE)
_PER_YEAR_AFTER = re.compile(r"^\s*(?:(?:a|per|/)\s*(?:year|yr|annum)\b|annually\b|p\.\s?a\.)",
                             re.IGNORECASE)


def role_of(text: str, start: int, end: int) -> str | None:
    """The role of the amount at ``start:end`` when it is not a budget, else None."""
    before, after = _around(text, start, end)
    if _AUDIENCE_BEFORE.search(before) and _PER_YEAR_AFTER.match(after):
        return "an income"
    for role, cue_before, cue_after in _ROLES:
        if cue_before.search(before) or (cue_after is not None and cue_after.match(after)):
            return role
    return None


# A total's label: "Total budget: $600k", "$600k overall", "$600k all-in"
_TOTAL_BEFORE = re.compile(r"\b(?:total|overall|budget|investment|all[\s-]in|grand\s+total)"
                           r"\b[^$€£\d\n;]{0,20}$", re.IGNORECASE)
_TOTAL_AFTER = re.compile(r"^\s*(?:\(\s*)?(?:total|overall|in\s+total|in\s+all|all[\s-]in|"
                          r"budget)\b", re.IGNORECASE)
# A part's label: "of which $250k", "phase 1: $200k", "$150k in Texas", "$100k for April"
_PART_BEFORE = re.compile(r"\b(?:of\s+(?:which|this|that|it)|incl(?:uding|\.)?|phase|wave|burst|"
                          r"stage|flight\s+\d|month|week|quarter|q[1-4]|rest|remaining|remainder|"
                          r"gets|receives|takes|"
                          r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
                          r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
                          r"\b[^$€£\d\n;]{0,20}$", re.IGNORECASE)
_PART_AFTER = re.compile(r"^\s*(?:(?:is|are|will\s+be|to\s+be)\s+)?"
                         r"(?:of\s+(?:it|that|which|this)|for|on|in|into|towards?|"
                         r"goes?|going|allocated|earmarked|set\s+aside|reserved|held\s+back)\b",
                         re.IGNORECASE)


def _labelled(text: str, start: int, end: int, before: re.Pattern[str],
              after: re.Pattern[str]) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return bool(before.search(text[max(line_start, start - 40):start])
                or after.match(text[end:end + 30]))


_PART_OBJECT = re.compile(r"^\s*(?:for|on|in|into|towards?|goes?\s+(?:to|into))\s+(?:the\s+)?"
                          r"([A-Za-z][\w-]*(?:\s+\d+)?)", re.IGNORECASE)
_PART_NAME = re.compile(r"\b(phase|wave|burst|stage|flight|month|week)\s*(\d+|[ivx]+|one|two|three)"
                        r"\b(?:\s*\([^()\n]{0,20}\))?[^$€£\d\n;()]{0,6}$", re.IGNORECASE)
# A part named by a label just before it ("Dallas $100k", "April: $50k", "Texas - $100k") or
# a capitalised name just after it ("$100k Texas"); a total's label names no part.
_LABEL_BEFORE = re.compile(r"(?:^|[,;:\n/|(]|\band\s)\s*([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})"
                           r"\s*[:=–-]?\s*$")
_NAME_AFTER = re.compile(r"^[ \t]*([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})\b")
_NOT_A_PART = re.compile(r"^(?:budget|total|overall|spend|investment|media|net|gross|amount|cost|"
                         r"b|budg|usd|eur|gbp|cad|aud|nzd|chf|io|nte|approx|about|around|up|max|"
                         r"min|only|just|maybe|roughly|not|plus|and|or|so|of|the|"
                         # who speaks in a transcript names no part ("Client: Forty thousand")
                         r"client|agency|buyer|planner|seller|advertiser|brand|customer|caller|"
                         r"me|you|us|them|speaker|interviewer|host|q|a|ae|am|rep|"
                         # hedges and alternatives name no part ("Around $300k, possibly $350k")
                         r"around|approximately|possibly|perhaps|probably|likely|say|ideally|"
                         r"hopefully|realistically|worst|best|option|plan|scenario|either|if|"
                         r"then|else|otherwise|alternatively|initially|eventually|finally|now|"
                         r"later|currently|originally|previously|new|old|revised|updated|final|"
                         r"current|high|low|mid|minimum|maximum|floor|ceiling|cap|target|goal)\b",
                         re.IGNORECASE)
_STRICT_TOTAL = re.compile(r"\b(?:total|overall|all[\s-]in)\b[^$€£\d\n;]{0,20}$", re.IGNORECASE)


def _part_key(text: str, start: int, end: int) -> str | None:
    """What a part is for: "$100k in March" -> "march", "Phase 2: $400k" -> "phase 2"."""
    after = _PART_OBJECT.match(text[end:end + 30])
    if after:
        return after.group(1).lower()
    named = _PART_NAME.search(text[max(0, start - 40):start])
    if named:
        return " ".join(named.groups()).lower()
    line_start = text.rfind("\n", 0, start) + 1
    for label in (_LABEL_BEFORE.search(text[max(line_start, start - 30):start]),
                  _NAME_AFTER.match(text[end:end + 30])):
        if label and not _NOT_A_PART.match(label.group(1)):
            return label.group(1).lower()
    return None


_SPEAKER = re.compile(r"[ \t>]*[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*)?\s*:")


def sum_of_parts(text: str, amounts: list[tuple[int, int, Decimal]]) -> Decimal | None:
    """"$100k in March, $100k in April, $50k in May": each amount is the part of a
    different month, phase or market and none is a total: the budget is their sum."""
    if len(amounts) < 2:
        return None
    if len({v for _, _, v in amounts}) == 1 and all(
            _SPEAKER.match(text, text.rfind("\n", 0, s) + 1) for s, _, _ in amounts):
        return None  # "Robert: $40k" ... "Jess: $40k, got it": one amount, said twice
    keys = [_part_key(text, s, e) for s, e, _ in amounts]
    if None in keys or len(set(keys)) != len(keys):
        return None
    if any(_STRICT_TOTAL.search(text[max(0, s - 30):s]) or _TOTAL_AFTER.match(text[e:e + 30])
           for s, e, _ in amounts):
        return None
    return sum((v for _, _, v in amounts), Decimal(0))


def total_of_parts(text: str, amounts: list[tuple[int, int, Decimal]]) -> Decimal | None:
    """The total when the other amounts are its parts; None when totals compete."""
    top = max(v for _, _, v in amounts)
    tops = [(s, e) for s, e, v in amounts if v == top]
    keys = [_part_key(text, s, e) for s, e, _ in amounts]
    if None not in keys and len(set(keys)) == len(keys):
        return None  # "Dallas $100k, Houston $80k, Austin $20k": the largest is a part too
    parts = [(s, e, v) for s, e, v in amounts if v != top]
    if not parts:
        return None
    if sum(v for _, _, v in parts) == top:
        return top
    if sum(v for _, _, v in parts) < top and remainder_parts(text, parts):
        return top  # "£1.5m ... £900k to CTV with the rest on online video"
    if sum(v for _, _, v in parts) > top or len(parts) > 1:
        return None  # a breakdown in several parts adds up to its total
    if not any(_labelled(text, s, e, _TOTAL_BEFORE, _TOTAL_AFTER) for s, e in tops):
        return None
    for s, e, _ in parts:
        if for_several(text, e):
            return None  # "$200,000 on CTV and audio" beside "$350K total": two totals
        if _same_target(text, e, tops):
            return None  # "PLN 500 000 for CTV ... total is PLN 650 000 for CTV": two totals
        is_part = _labelled(text, s, e, _PART_BEFORE, _PART_AFTER) or names_channel(text, s, e)
        if not is_part:
            return None
    return top


_TARGET_AFTER = re.compile(r"\s*(?:for|on|to|in)\s+(?:the\s+)?([^\W\d_][\w-]*)", re.IGNORECASE)


def _same_target(text: str, end: int, tops: list[tuple[int, int]]) -> bool:
    """Whether an amount and the total both go to the one thing ('... for CTV')."""
    mine = _TARGET_AFTER.match(text, end, end + 30)
    return mine is not None and any(
        (theirs := _TARGET_AFTER.match(text, e, e + 30)) is not None
        and theirs.group(1).casefold() == mine.group(1).casefold() for _, e in tops)


_GROSS_NET = re.compile(r"\b(gross|net)\b(?!\s+of\b)", re.IGNORECASE)


def _gross_or_net(text: str, start: int, end: int) -> str | None:
    """"gross" or "net" when the amount is labelled so: just after it ("$500k gross",
    "($425k net)"), else the nearest label before it on its line ("Net: €510k")."""
    after = re.match(r"(gross|net)\b", text[end:end + 12].lstrip(" "), re.IGNORECASE)
    if after:
        return after.group(1).lower()
    line_start = text.rfind("\n", 0, start) + 1
    before = list(_GROSS_NET.finditer(text[max(line_start, start - 25):start]))
    return before[-1].group(1).lower() if before else None


def net_of_gross(text: str, amounts: list[tuple[int, int, Decimal]],
                 reading: Reading) -> Decimal | None:
    """"$500k gross ($425k net)": the buyer buys media at the net amount (the gross one
    adds the agency's commission)."""
    if len({v for _, _, v in amounts}) != 2:
        return None
    labels = {v: _gross_or_net(text, s, e) for s, e, v in amounts}
    gross = [v for v, label in labels.items() if label == "gross"]
    net = [v for v, label in labels.items() if label == "net"]
    if len(gross) != 1 or len(net) != 1 or net[0] >= gross[0]:
        return None
    reading.assume(f"gross {gross[0]:,} and net {net[0]:,} stated: the net amount is the "
                   "media budget (gross adds the agency's commission)")
    return net[0]


_HELD_BACK = re.compile(r"^[^.;\n]{0,30}?\b(?:reserved?|held\s+back|hold\s*back|holdback|"
                        r"contingency|buffer|kept\s+aside)\b", re.IGNORECASE)


def held_back(text: str, amounts: list[tuple[int, int, Decimal]], total: Decimal) -> Decimal:
    """The part of ``total`` the brief holds back ("$100k is reserved for a contingency")."""
    return sum((v for s, e, v in amounts if v != total
                and (_HELD_BACK.match(text[e:e + 40])
                     or re.search(r"\b(?:reserve|contingency|buffer)\b[^$€£\d]{0,12}$",
                                  text[max(0, s - 30):s], re.IGNORECASE))), Decimal(0))


# "either $200k or $250k (depends how Q4 closes)", "$200k or $250k, TBC": budgets the
# planner has not chosen between yet ("$300k, possibly $350k" are two totals: contradictory)
_EITHER_BEFORE = re.compile(r"\beither\s+(?:of\s+)?(?:about\s+|around\s+)?$", re.IGNORECASE)
_UNDECIDED_AFTER = re.compile(r"^[^.;\n]{0,40}?\b(?:depend(?:s|ing)?|tb[cd]|to\s+be\s+"
                              r"(?:confirmed|decided)|not\s+(?:sure|decided|final|confirmed)\s+"
                              r"yet|undecided|whichever)\b", re.IGNORECASE)


def undecided_budget(text: str, spans: list[tuple[int, int, Decimal]]) -> bool:
    """Two budgets offered, not stated: the planner has yet to choose (asked about as
    ambiguous, not as a contradiction). A plain "$100k or $200k" stays a contradiction."""
    ordered = sorted(spans)
    for (_, end, _), (start, last, _) in pairwise(ordered):
        if re.fullmatch(r"\s*or\s*", text[end:start]) and (
                _EITHER_BEFORE.search(text[max(0, ordered[0][0] - 20):ordered[0][0]])
                or _UNDECIDED_AFTER.match(text[last:last + 60].lstrip(" (,-–"))):
            return True
    return False


# "test $20k then scale to $200k", "start with a $20k test, scaling up to $200k", "pilot at
# €10k, ramping to €100k": the amount scaled to is the whole budget, the test a first part
_SCALED_TO = re.compile(r"\b(?:scal|ramp|grow|increas|expand|build|step)(?:e|es|ed|ing|s)?\s+"
                        r"(?:it\s+|up\s+|spend\s+)*(?:to|into)\s+(?:a\s+|about\s+|around\s+)?$",
                        re.IGNORECASE)
_TEST_NEAR = re.compile(r"\b(?:test(?:ing)?|pilot|trial|start(?:ing)?\s+(?:with|at|small)|"
                        r"soft\s+launch|learning\s+phase)\b", re.IGNORECASE)


def scaled_budget(text: str, amounts: list[tuple[int, int, Decimal]]) -> Decimal | None:
    """The budget a test scales to, if the brief gives a test amount and then the amount it
    scales to (the larger); the test is read as its first part."""
    if len(amounts) != 2:
        return None
    (s1, e1, first), (s2, _, second) = sorted(amounts)
    if second <= first or not _SCALED_TO.search(text[max(0, s2 - 40):s2]):
        return None
    near = text[max(0, s1 - 30):s2]
    return second if _TEST_NEAR.search(near) and e1 <= s2 else None
