"""Budget, currency and CPM cap from brief text.

Budgets come as symbols and codes (``$250k``, ``EUR 200k``, ``200k€``,
``250,000 USD``), shorthand (``1.2m``, ``300 grand``), and words (``three
hundred thousand dollars``, ``half a million euros``; number words are read by
``text2num``). A negative or zero budget is refused. ``250.000`` (one dot, three
digits) is 250 or 250,000 depending on the writer's country: it is asked about,
never guessed. Hedges ("about 300 grand") are read as the stated amount and
said so: the budget is a ceiling the buyer never exceeds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from ad_buyer.intake.amount_words import word_amounts
from ad_buyer.intake.budget_rate import RATE_AFTER
from ad_buyer.intake.channel_amounts import channel_budget, channels_each, remainder_split
from ad_buyer.intake.currency_marks import mark_reading, mark_settled, marked_patterns
from ad_buyer.intake.money_notes import read_money_notes
from ad_buyer.intake.money_roles import (
    PER_SELLER,
    context_role_of,
    held_back,
    net_of_gross,
    role_of,
    scaled_budget,
    sum_of_parts,
    total_of_parts,
    undecided_budget,
)
from ad_buyer.intake.money_words import (
    CODE_PATTERN,
    COMMON_CODES,
    DOLLAR_KINDS,
    MYRIAD_PATTERN,
    PAST_SPEND,
    ROMANCE_CURRENCIES,
    ROMANCE_MIL,
    SCALE,
    SCALE_WORDS,
    SYMBOL_PATTERN,
    SYMBOLS,
    WORD_CURRENCY,
    WORD_PATTERN,
    unpayable_currency,
)
from ad_buyer.intake.reading import Reading
from ad_buyer.intake.seller_share import seller_share_of_budget
from ad_buyer.intake.split_cues import percentages
from ad_buyer.models.brief import GapKind
from ad_buyer.models.money import to_micros

_SYM = SYMBOL_PATTERN
# "1,2 Mio" / "€2,5M": a decimal comma before a scale word (a thousands comma has 3 digits).
_DECIMAL_COMMA = (r"\d{1,3},\d{1,2}"
                  r"(?=\s?(?:" + SCALE_WORDS + r")\b)")
_NUM = (r"(?P<num>" + _DECIMAL_COMMA + r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
        r"|\d{1,3}(?:\.\d{3})+,\d{1,2}(?!\d)"
        r"|\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?"
        r"|\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])"  # Indian grouping: INR 75,00,000
        r"|\d{1,3}(?:['’]\d{3})+(?:\.\d+)?"  # Swiss: CHF 200'000
        # French and Nordic: "300 000 €", "1 200 000 EUR" (spaces only before a currency)
        r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?=[ \u00a0]?(?:[€£$]|(?:eur|euros?|chf|sek|nok|dkk|"
        r"pln|czk|gbp|usd|cad|aud|kr)\b|zł|\(\s*[A-Za-z]{3}\s*\)))"
        r"|\d+(?:\.\d+)?"
        r"|\.\d+(?=\s?(?:k|mm|mn|mio|m|bn|million|thousand)\b))")  # ".25MM"
# "250 Tsd. €", Polish "400 tys. zł" and "1,5 mln", "2 Mrd.", Japanese "5000万円"
_SCL = (r"(?:[ \t]*(?P<scale>(?:" + SCALE_WORDS + r")\b|" + MYRIAD_PATTERN + r")"
        r"(?:(?:(?<=tsd|mio|tys|mln|mld|mrd|mia|mil|тыс|млн)|(?<=mill))\.)?)?")
_NEG = r"(?P<neg>-|−|minus\s+|negative\s+)?"
# the currency's code in brackets after the amount: "400 tys. zł (PLN)", "R1.2 million (ZAR)"
# (a symbol the code explains, such as the rand's "R", is then read by the code)
_CODE = CODE_PATTERN
_WORDCUR = WORD_PATTERN
_HEDGE = re.compile(r"(?:about|around|approx(?:\.|imately)?|roughly|circa|~|up\s+to|"
                    r"no\s+more\s+than|max(?:imum)?|at\s+most|under)\s*$", re.IGNORECASE)

# "1.8M completed views", "750K impressions": a count, not money
_COUNTED = (r"impressions|imps|views|users|people|households|reach|streams|plays|installs|"
            r"customers|members|shoppers|buyers|patients|students|fans|stores|locations|"
            r"downloads|completed\s+views|video\s+views|completions|listens|listeners|viewers|"
            r"visitors|visits|clicks|leads|conversions|followers|subscribers|uniques|"
            r"unique\s+\w+|sessions|pageviews|page\s+views|contacts|homes")
_COUNT = re.compile(r"(?<![\w.,$€£/-])\d+(?:[.,]\d+)?\s?(?:k|m|mm|mn|million|thousand)\s*(?:"
                    + _COUNTED + r")\b", re.IGNORECASE)
_AMOUNT_PATTERNS = [
    re.compile(_NEG + r"(?:\b[A-Z]{1,2}\$?[ \t]?|(?<![\w.,]))" + _NUM + _SCL
               + r"[ \t]*(?:[^\s\d()]{1,4}[ \t]*)?\([ \t]*" + CODE_PATTERN + r"[ \t]*\)"),
    # "SEK 3 000 000", "CAD 180 000": thousands grouped by spaces after the currency's code
    re.compile(r"\b" + _CODE + r"[ \t\u00a0]*(?P<num>\d{1,3}(?:[ \u00a0\u202f]\d{3})+)(?![\d.,]\d)",
               re.IGNORECASE),
    # "CAD $220,000", "AUD $90k": the code says which dollar
    re.compile(_NEG + r"\b" + _CODE + r"[ \t]*\$[ \t]*(?P<neg2>-)?" + _NUM + _SCL,
               re.IGNORECASE),
    re.compile(_NEG + _SYM + r"\s?(?P<neg2>-)?" + _NUM + _SCL + r"(?:\s*" + _CODE + r"\b)?",
               re.IGNORECASE),
    # not "CTV/OLV/AUD 50/40/30": a number that opens a ratio is a share, not money
    re.compile(_NEG + r"\b" + _CODE + r"[ \t]*(?P<neg2>-)?" + _NUM + _SCL + r"(?!\d|\s*/\s*\d)",
               re.IGNORECASE),
    # "250.000,- €", "CHF 200'000.-": a Swiss and German dash for no cents
    # ("1,5 millones de euros", "1.5 milioni di euro", "2 millions d'euros": the word between)
    re.compile(_NEG + r"(?<![\w.,$€£])" + _NUM + _SCL + r"(?:[.,][-–])?\s*(?:(?:de|di|d['’])"
               r"\s*)?(?:" + _CODE
               + r"\b|" + _WORDCUR + r"\b|(?P<sym>€|£|\$\s?CAD?\b|\$|zł|円|元|원))", re.IGNORECASE),
    # "300 grand" and "300k budget" carry no currency.
    re.compile(_NEG + r"(?<![\w.,$€£])" + _NUM + r"\s*(?P<scale>grand)\b", re.IGNORECASE),
    # "2M", "750K", "1.5mm": a scaled number is money even with no currency.
    re.compile(_NEG + r"(?<![\w.,$€£/-])" + _NUM + r"\s?(?P<scale>k|mm|mn|mio|mil|m|bn|million|"
               r"thousand|lakhs?|lacs?|crores?|mln|mld|mrd|miljoen|miljon|miljard|milliard)\b"
               r"(?![%+]|\s*(?:" + _COUNTED + r")\b)"
               # "1515 K St, Sacramento": a street address, not money
               r"(?!\.?\s+(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Way|Pl|Dr)\b)",
               re.IGNORECASE),
    # "Budget (AUD): 450,000", "Total Authorized Spend (USD): 450,000.00", "Budget (net, USD)":
    # the label says the currency
    re.compile(r"\b(?:budget|spend|investment|total|amount)\s*\([^)\n]{0,15}?\b" + _CODE
               + r"\b[^)\n]{0,12}\)\s*(?:of|is|:|=|at)?\s*"
               + _NEG + r"(?<![\w.,$€£])" + _NUM + _SCL + r"(?![\w%])", re.IGNORECASE),
    # (not "Budget 2 miljard ...", "Budget: 1,2 milliard": a scale word it does not know
    # leaves the amount unread, asked about, never read as 2 or 1)
    re.compile(r"\bbudget\s*(?:of|is|:|=|at)?\s*(?:about|around|approx(?:\.|imately)?|"
               r"roughly|~)?\s*" + _NEG + r"(?<![\w.,$€£])" + _NUM + _SCL
               + r"(?![\w%]|[.,]\d|\s*(?:mi|bi|tri|md|mr)\w*|\s*\w*(?:illi|ilio|iljo|iljar|"
               r"iliar))", re.IGNORECASE),
]
_CURRENCY_CODE = re.compile(r"\b(" + "|".join(COMMON_CODES) + r")\b")
_CURRENCY_WORD = re.compile(r"\b((?:" + DOLLAR_KINDS + r")?dollars?|euros?|pounds\s+sterling|"
                            r"sterling)\b", re.IGNORECASE)

@dataclass(frozen=True)
class _Amount:
    value: Decimal
    currency: str | None
    source: str
    negative: bool
    hedged: bool
    ambiguous: str | None = None
    start: int = 0
    end: int = 0


def _number(raw: str, source: str, scaled: bool = False) -> tuple[Decimal, str | None]:
    """The number, and why it is ambiguous (if it is).

    One dot and exactly three digits ("€75.000", "250.000 EUR") is a thousands dot: no
    one writes an amount of money to a thousandth. Only before a scale word ("1.500k":
    1.5k or 1,500k) are both readings plausible, and that is asked about.
    """
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|\d{1,3}(?:\.\d{3})+,\d{1,2}", raw):
        # 1.200.000 or 850.000,00: written with thousands dots
        return Decimal(raw.replace(".", "").replace(",", ".")), None
    if re.fullmatch(r"\d{1,3},\d{1,2}", raw):  # "1,2 Mio": a decimal comma before a scale
        return Decimal(raw.replace(",", ".")), None
    if re.fullmatch(r"\d{1,3}\.\d{3}", raw) and not scaled:
        return Decimal(raw.replace(".", "")), None
    if re.fullmatch(r"\d{1,3}\.\d{3}", raw):
        whole = raw.replace(".", "")
        return Decimal(whole), (f"{source!r} could be {raw.replace('.', ',')} written with a "
                                f"decimal comma ({Decimal(raw)}) or with a thousands dot "
                                f"({int(whole):,})")
    return Decimal(re.sub(r"[,'’ \u00a0\u202f]", "", raw)), None


_RANGE_BEFORE = re.compile(r"\d\s*(?:k|m|mm|thousand|million)?\s*[-–]$", re.IGNORECASE)
# "between 100.000 and 150.000 EUR": the first end needs no currency of its own
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:US\$|\$|€|£)?\s*\d[\d.,]*\s*(?:k|m|mm|thousand|"
                             r"million)?\s*(?:and|&)\s*$", re.IGNORECASE)


# "$80-100k", "$80k to $100k", "80 – 100k EUR": the first end of a range of budgets
# ("$100k or $200k" are two budgets offered: a contradiction, asked about as such)
_RANGE_AFTER = re.compile(r"^\s*(?:-|–|—|to)\s*(?:(?:US\$|\$|€|£)\s*\d[\d.,]*|"
                          r"\d[\d.,]*\s*(?:k|m|mm|mn|thousand|million|grand)\b(?!\s*(?:%|/)))",
                          re.IGNORECASE)


# "up from $400k to $500k", "went up from 400 to": a change, not a range
_CHANGE_BEFORE = re.compile(r"\b(?:up|down|increased|raised|cut|reduced|went|moved|changed|revised|"
                            r"lowered|bumped|dropped|grew|rose|fell)\s+(?:\w+\s+)?from\s+"
                            r"(?:(?:US\$|\$|€|£)?\s*\d[\d.,]*\s*(?:k|m|mm|thousand|million)?\s*"
                            r"(?:to|->|→)\s*)?$", re.IGNORECASE)
# (not "Wave 1 - $75k", "2027 - $300k": a label's number or a year opens no range)
_RANGE_OPEN = re.compile(r"(?<!phase)(?<!wave)(?<!burst)(?<!stage)(?<!flight)(?<!line)(?<!tier)"
                         r"(?<!step)(?<!item)(?<!option)(?<!week)(?<!month)(?<!no)(?<!#)"
                         r"(?:^|[^\w.,/-])(?!(?:19|20)\d\d\b)\d[\d.,]*\s*(?:k|m|mm|thousand|"
                         r"million)?\s*(?:-|–|—|to)\s*$", re.IGNORECASE)


# "either 200 or 250 grand", "$1 or 1.2m": a bare first choice shares the second's scale
_OR_OPEN = re.compile(r"(?:^|[^\w.,/-])(?P<first>(?:US\$|\$|€|£)?\d[\d.,]*)\s+or\s+$",
                      re.IGNORECASE)


def _scaled(value: Decimal, scale: str | None) -> Decimal:
    scaled = value * SCALE.get((scale or "").lower(), 1)
    return scaled.quantize(Decimal(1)) if scaled == scaled.to_integral_value() else scaled


def _currency(groups: dict[str, str | None]) -> str | None:
    if groups.get("code"):
        return str(groups["code"]).upper()
    if groups.get("sym"):
        return SYMBOLS[" ".join(str(groups["sym"]).lower().split())]
    if groups.get("word"):
        return WORD_CURRENCY[" ".join(str(groups["word"]).lower().split())]
    return None


def _amounts(text: str, reading: Reading) -> list[_Amount]:
    found: list[_Amount] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return not any(s < m.end() and e > m.start() for s, e in taken)

    def add(m: re.Match[str], value: Decimal, currency: str | None, negative: bool,
            ambiguous: str | None = None) -> None:
        taken.append((m.start(), m.end()))
        reading.mark_match(m)
        hedged = bool(_HEDGE.search(text[max(0, m.start() - 24):m.start()]))
        found.append(_Amount(value, currency, m.group(0).strip(), negative, hedged, ambiguous,
                             m.start(), m.end()))

    marked = marked_patterns(_NUM, _SCL, _NEG)  # '₱12M', 'KSh 5M', '1,5 mil. Kč'
    for pattern in (*_AMOUNT_PATTERNS[:3], *marked, *_AMOUNT_PATTERNS[3:]):
        for m in pattern.finditer(text):
            if not free(m):
                continue
            groups = m.groupdict()
            value, ambiguous = _number(str(groups["num"]), m.group(0).strip(),
                                       scaled=bool(groups.get("scale")))
            if re.fullmatch(r"\d{1,3}\.\d{3}", str(groups["num"])) and not ambiguous:
                reading.assume(f"{m.group(0).strip()!r}: the dot read as a thousands "
                               f"separator ({value:,})")
            negative = bool(groups.get("neg") or groups.get("neg2"))
            if _BETWEEN_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
                negative, ambiguous = False, (f"a range of budgets ending {m.group(0).strip()!r}"
                                              "; state the one budget")
            elif negative and _RANGE_BEFORE.search(text[max(0, m.start() - 16):m.start() + 1]):
                # "$750K-$800K": a range of budgets, not a negative one
                negative, ambiguous = False, (f"a range of budgets ending {m.group(0).strip()!r}"
                                              "; state the one budget")
            currency, scale = _currency(groups), groups.get("scale")
            mark = mark_reading(text, groups, m.start(), m.end(), currency)  # '₱12M', 'kr'
            if mark.skip or mark.problem:
                if mark.problem:
                    taken.append((m.start(), m.end()))
                    reading.issue("currency", mark.kind, mark.problem)
                continue
            currency = mark.currency
            if mark.assumption:
                reading.assume(mark.assumption)
            romance = currency in ROMANCE_CURRENCIES or ROMANCE_MIL.match(text[m.end():])
            # ("500 mil euros": no brief has 500 million; in Spanish it is 500,000)
            if (scale or "").lower() == "mil" and (romance or value >= 100):
                scale = "thousand"
                reading.assume(f"'mil' in {m.group(0).strip()!r} read as thousand (mil in "
                               "Portuguese and Spanish)")
            changed = _CHANGE_BEFORE.search(text[max(0, m.start() - 60):m.start()])
            if changed:
                pass  # "went up from 400 to 500 thousand": the new amount, no range
            elif not ambiguous and _RANGE_AFTER.match(text[m.end():m.end() + 24]):
                ambiguous = (f"a range of budgets starting {m.group(0).strip()!r}; state the "
                             "one budget")
            elif not ambiguous and _RANGE_OPEN.search(text[max(0, m.start() - 24):m.start()]):
                ambiguous = (f"a range of budgets ending {m.group(0).strip()!r}; state the "
                             "one budget")
            elif not ambiguous and (offered := _OR_OPEN.search(text[max(0, m.start() - 24):
                                                                    m.start()])):
                ambiguous = (f"the budget is not decided yet: {offered.group('first')} or "
                             f"{m.group(0).strip()}; state the one budget")
            add(m, _scaled(value, scale), currency, negative, ambiguous)
    for w in word_amounts(text):
        words = re.compile(re.escape(w.source)).search(text, w.start)
        if words is None or not free(words):
            continue
        if w.error:
            reading.issue("budget", GapKind.INVALID, w.error)
            continue
        add(words, w.value, w.currency, False)
    return found


# "not the $800K", "down from $800K", "$60k/month": an amount the brief sets aside, or a
# rate, is not the budget when another amount is.
# ("cut us from $500k", "Ignore the $400k", "Original ask: $400k" too)
_SET_ASIDE_BEFORE = re.compile(r"\b(?:not|instead\s+of|rather\s+than|(?:down|up|reduced|cut|"
                               r"increased|raised|revised|changed|moved|lowered|dropped|grew|"
                               r"rose|fell|brought\s+(?:it|us|this)\s+down)\s+(?:us\s+|it\s+|"
                               r"them\s+|this\s+)?from|originally|previously|formerly|"
                               r"ignore|disregard|forget(?:\s+about)?|scrap|"
                               r"original\s+(?:ask|note|budget|figure|number|amount|request)\s*:|"
                               r"replac(?:es|ing))\s+(?:the\s+|an?\s+|of\s+)?$", re.IGNORECASE)
# "£520k in their first email ..., so ignore that one", "$90k (that number is stale)": an
# amount the same clause or bracket sets aside.
_SET_ASIDE_AFTER = re.compile(r"^[^.;()\n]*?\b(?:ignore\s+(?:that|it|this)|"
                              r"(?:is|was|are|were)\s+(?:stale|old|outdated|out\s+of\s+date|"
                              r"superseded|no\s+longer\s+valid))\b", re.IGNORECASE)
# "Draft from Monday (superseded, do not use): $500k", "Old budget (ignore): $80k": a line
# whose label sets aside what follows it
_SET_ASIDE_LABEL = re.compile(r"\b(?:superseded|do\s+not\s+use|don'?t\s+use|ignore|disregard|"
                              r"outdated|obsolete|stale|no\s+longer\s+valid|void)\b[^\n$€£\d:]{0,30}"
                              r":\s*(?:[^\n$€£\d:,]{0,12})$", re.IGNORECASE)
# "Last year we spent $90k with them": money spent before, in a sentence of its own
_PAST = PAST_SPEND


def _sentence_of(text: str, start: int, end: int) -> str:
    begin = max(text.rfind(c, 0, start) for c in ".!?;\n") + 1
    end = end - 1 if text[end - 1] == "." else end  # "$300k." took the sentence's stop
    stops = [i for i in (text.find(c, end) for c in ".!?;\n") if i != -1]
    return text[begin:min(stops, default=len(text))]


def _set_aside(text: str, amounts: list[_Amount], reading: Reading) -> list[_Amount]:
    rates = [RATE_AFTER.match(text[a.end:a.end + 30]) for a in amounts]
    if all(rates) and len({a.value for a in amounts}) == 1:
        unit = rates[0].group("unit").lower()  # type: ignore[union-attr]
        reading.budget_rate = "week" if unit.startswith("w") else "month" \
            if unit.startswith("mo") else None
    kept = [a for a in amounts
            if not _SET_ASIDE_BEFORE.search(text[max(0, a.start - 24):a.start])
            and not _SET_ASIDE_AFTER.match(text[a.end:a.end + 120])
            and not _SET_ASIDE_LABEL.search(text[max(0, a.start - 70):a.start])
            and not _PAST.search(_sentence_of(text, a.start, a.end))
            and not RATE_AFTER.match(text[a.end:a.end + 30])]
    dropped = {a.value for a in amounts if a not in kept
               and _SET_ASIDE_BEFORE.search(text[max(0, a.start - 24):a.start])}
    if any(a.value not in dropped for a in kept):  # "NOT the 60k below": every 60k
        kept = [a for a in kept if a.value not in dropped]
    older = reading.older_from
    if older is not None and any(a.start < older for a in kept):
        kept = [a for a in kept if a.start < older]  # the newest message's budget stands
    if not kept or len(kept) == len(amounts):
        return amounts
    for a in amounts:
        if a not in kept:
            reading.assume(f"{a.source!r} is not the budget (a rate, or an amount the brief "
                           "sets aside)")
    return kept


def _budgets_only(text: str, amounts: list[_Amount],
                  reading: Reading) -> tuple[list[_Amount], list[Decimal]]:
    """The amounts that may be the budget: not a unit price, a target, a fee or an income;
    and, beside another amount, not context (an offer's price, a yearly figure)."""
    roles = {id(a): role_of(text, a.start, a.end) for a in amounts}
    kept = [a for a in amounts if roles[id(a)] is None]
    context = {id(a): context_role_of(text, a.start, a.end) for a in kept}
    if any(context[id(a)] is None for a in kept):
        roles |= {k: v for k, v in context.items() if v is not None}
        kept = [a for a in kept if context[id(a)] is None]
    for a in amounts:
        if roles[id(a)] is not None:
            reading.assume(f"{a.source!r} is {roles[id(a)]}, not the budget: noted only")
    return kept, [a.value for a in amounts if roles[id(a)] == PER_SELLER]


def _times_channels(text: str, amount: _Amount, reading: Reading) -> _Amount:
    """"€150k each for CTV and online video": the amount times the channels, split evenly."""
    channels = channels_each(text, amount.start, amount.end)
    if channels is None:
        return amount
    total = amount.value * len(channels)
    reading.facts["channel_split"] = dict(zip(channels, percentages([amount.value] * len(
        channels)), strict=True))
    reading.assume(f"{amount.source!r} for each of {len(channels)} channels: {total:,} in total, "
                   "split evenly")
    return replace(amount, value=total, source=f"{total:,}")


def read_budget(text: str, reading: Reading) -> None:
    """Budget and currency; ``text`` has CPM caps and audience income blanked out."""
    unpayable = unpayable_currency(text, mark_settled(text))
    if unpayable:
        reading.issue("currency", GapKind.INVALID, unpayable)
        return
    read_money_notes(text, reading)
    for m in _COUNT.finditer(text):
        reading.mark_match(m)
        reading.assume(f"{m.group(0)!r} is a count, not money: noted only")
    amounts = _amounts(text, reading)
    amounts, per_seller = _budgets_only(text, amounts, reading)
    amounts = [_times_channels(text, a, reading) for a in amounts]
    if not amounts:
        if not reading.has_issue("budget"):
            reading.issue("budget", GapKind.MISSING,
                          "no budget amount found (e.g. '$250k', 'EUR 200k' or '300 grand')")
        return
    amounts = _set_aside(text, amounts, reading)  # (a range spent last year is no budget)
    codes = sorted({a.currency for a in amounts if a.currency})
    if len(codes) > 1:  # "€200k for Germany and £100k for the UK": never summed
        reading.issue("currency", GapKind.CONTRADICTORY, f"several currencies: {', '.join(codes)}")
        return
    for amount in amounts:
        if amount.negative:
            reading.issue("budget", GapKind.INVALID,
                          f"budget {amount.source!r} is negative; a budget must be positive")
            return
        if amount.ambiguous:
            reading.issue("budget", GapKind.AMBIGUOUS, amount.ambiguous)
            return
    values = {a.value for a in amounts}
    # "CTV $100,000, audio $100,000": equal parts are two amounts, not one restated
    per_channel = channel_budget(text, [(a.start, a.end, a.value) for a in amounts]) \
        if len(amounts) > 1 else None
    if per_channel is not None:
        values = {per_channel.budget}
        amounts = [replace(amounts[0], value=per_channel.budget,
                           source=f"{per_channel.budget:,}"), *amounts[1:]]
        reading.facts["channel_split"] = per_channel.split
        reading.assume(f"budget given per channel ({per_channel.parts}): "
                       f"{per_channel.budget:,} in total, split " + ", ".join(
                           f"{c.value} {p.normalize():f}%" for c, p in per_channel.split.items()))
    spans = [(a.start, a.end, a.value) for a in amounts]
    whole = sum_of_parts(text, spans) if per_channel is None else None
    if whole is not None:
        reading.assume(f"budget given in parts ({'; '.join(a.source for a in amounts)}): "
                       f"{whole:,} in total")
        amounts, values = [replace(amounts[0], value=whole, source=f"{whole:,}")], {whole}
    total = total_of_parts(text, spans) if len(values) > 1 else None
    if total is not None:
        parts = "; ".join(dict.fromkeys(a.source for a in amounts if a.value != total))
        reading.assume(f"{total:,} read as the total budget; {parts} read as its parts")
        split = remainder_split(text, total, min(a.start for a in amounts if a.value == total),
                                [(s, e, v) for s, e, v in spans if v != total])
        if split is not None:
            reading.facts["channel_split"] = split
            reading.assume("the channels' amounts read as shares of the total, the rest on "
                           "the other channel: " + ", ".join(
                               f"{c.value} {p.normalize():f}%" for c, p in split.items()))
        reserve = held_back(text, spans, total)
        if reserve:
            reading.assume(f"{reserve:,} of it is held back: {total - reserve:,} is spent")
            amounts = [replace(a, value=total - reserve) for a in amounts if a.value == total]
            total = total - reserve
    elif len(values) > 1:
        total = net_of_gross(text, spans, reading)
    if total is None and (scaled := scaled_budget(text, spans)) is not None:
        total = scaled
        reading.assume(f"{scaled:,} read as the budget the test scales to; the test's "
                       f"{min(values):,} read as its first part")
    if total is not None:
        values = {total}
        amounts = [a for a in amounts if a.value == total]
    if len(values) > 1:
        stated = "; ".join(dict.fromkeys(a.source for a in amounts))
        if undecided_budget(text, [(a.start, a.end, a.value) for a in amounts]):
            reading.issue("budget", GapKind.AMBIGUOUS, f"the budget is not decided yet: "
                          f"{stated.replace('; ', ' or ')}; state the one budget")
            return
        reading.issue("budget", GapKind.CONTRADICTORY, f"several budgets stated: {stated}")
        return
    amount = amounts[0]
    if amount.value <= 0:
        reading.issue("budget", GapKind.INVALID,
                      f"budget {amount.source!r} is zero; a budget must be positive")
        return
    currencies = {a.currency for a in amounts if a.currency}
    currencies |= set(_CURRENCY_CODE.findall(text))
    for m in _CURRENCY_WORD.finditer(text):
        words = " ".join(m.group(1).lower().split())
        currencies.add(WORD_CURRENCY.get(words) or WORD_CURRENCY.get(words.split()[-1], "GBP"))
    if len(currencies) > 1:
        reading.issue("currency", GapKind.CONTRADICTORY,
                      f"several currencies: {', '.join(sorted(currencies))}")
        return
    try:
        reading.facts["budget_micros"] = to_micros(amount.value)
    except InvalidOperation:
        reading.issue("budget", GapKind.INVALID, f"budget {amount.source!r} is too large")
        return
    if currencies:
        currency = currencies.pop()
        if any(a.currency == "USD" and "$" in a.source for a in amounts) and \
                not re.search(r"\b(USD|US\$|dollars?)\b", text, re.IGNORECASE):
            reading.assume(f"'$' in {amount.source!r} read as USD")
        if any(a.currency == "USD" and re.search(r"dollars?|bucks", a.source, re.IGNORECASE)
               for a in amounts):
            reading.assume(f"dollars in {amount.source!r} read as US dollars")
    else:
        currency = "USD"
        reading.assume(f"no currency stated with {amount.source!r}: USD assumed")
    reading.facts["currency"] = currency
    seller_share_of_budget(reading, per_seller, amount.value)
    if amount.hedged or any(a.hedged for a in amounts):
        reading.assume(f"{amount.source!r} was hedged ('about', 'up to'): read as exactly "
                       f"{amount.value:,.2f} {currency}, a ceiling the buyer never exceeds")
    elif not re.search(r"\d", amount.source) or re.search(r"grand", amount.source,
                                                           re.IGNORECASE):
        reading.assume(f"{amount.source!r} read as {amount.value:,.2f} {currency}")
