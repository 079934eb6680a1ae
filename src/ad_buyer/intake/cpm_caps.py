"""The CPM cap a brief sets: "max $20 CPM", "CPMs no higher than eighteen bucks",
"TKP max 18 €", a buy line's "max $30"; floors and cost-per-action targets are noted,
never read as the cap (:mod:`~ad_buyer.intake.cost_targets`)."""

from __future__ import annotations

import re
from decimal import Decimal

from text_to_num import text2num

from ad_buyer.intake.cost_targets import (
    CPM_NUM,
    CPM_SYM,
    NO_SCALE,
    cpm_floors,
    cpm_value,
    slot_cap,
    without_action_costs,
)
from ad_buyer.intake.money_words import NUMBER_WORDS, PAST_SPEND
from ad_buyer.intake.reading import Reading, blank
from ad_buyer.models.brief import GapKind
from ad_buyer.models.money import to_micros

_CPM_NUM, _CPM_SYM, _NO_SCALE = CPM_NUM, CPM_SYM, NO_SCALE
# "at most" in German, Spanish, Italian and French briefs
_MAX_WORDS = r"h[öo]chstens|maximal|m[áa]ximo|massimo|plafond"
_CPM_PATTERNS = [
    re.compile(
        r"(?:max(?:imum)?|cap(?:ped)?(?:\s+at)?|up\s+to|no\s+more\s+than|under|below|at\s+most"
        r"|h[öo]chstens|maximal|au\s+plus|jusqu'?à|m[áa]ximo|hasta"
        r"|ceiling(?:\s+of)?)\s+(?:cpm\s+(?:of\s+)?" + _CPM_SYM + r"\s?" + _CPM_NUM + _NO_SCALE
        + r"|" + _CPM_SYM + r"\s?" + _CPM_NUM + _NO_SCALE + r"\s*cpms?\b)", re.IGNORECASE),
    re.compile(_CPM_SYM + r"\s?" + _CPM_NUM + r"\s*(?:max(?:imum)?\s+)?e?cpms?\b", re.IGNORECASE),
    re.compile(r"cpms?\s*(?:cap|max(?:imum)?|ceiling|limit|target|" + _MAX_WORDS + r")?\s*"
               r"(?:of|at|:|under|below|up\s+to|<=?|≤|(?:of\s+)?(?:around|about|roughly|approx(?:imately|\.)?|~))?\s*"
               + _CPM_SYM + r"\s?" + _CPM_NUM, re.IGNORECASE),
    re.compile(r"cpms?\s*(?:cap|max(?:imum)?|ceiling|limit|" + _MAX_WORDS + r")?\s*"
               r"(?:of|at|:|under|below|up\s+to|<=?)?\s*" + _CPM_NUM
               + r"\s*(?:(?:USD|EUR|GBP|dollars?|euros?)\b|€|£)",
               re.IGNORECASE),
    # "höchstens 18 € TKP" (TKP is read as CPM): the currency after the number
    re.compile(_CPM_NUM + r"\s*(?:€|£|(?:EUR|GBP|USD)\b)\s*(?:max(?:imum)?\s+)?e?cpms?\b",
               re.IGNORECASE),
]


_cpm_value = cpm_value
# The CPM by its other names: German "TKP" (Tausend-Kontakt-Preis), "CPT", French "coût pour
# mille", Spanish, Italian and Portuguese "coste por mil", "costo per mille", "custo por mil",
# Dutch "kosten per duizend"; and a name glossed by another ("TKP (CPM)", "CPT/CPM") is one
_CPM_NAMES = re.compile(r"\b(?:TKP|CPT|co[uû]ts?\s+pour\s+mille"
                        r"|cost[eo]s?\s+(?:por|per)\s+mil(?:le)?|custo\s+por\s+mil|cost\s+per\s+(?:mille|thousand)(?:\s+impressions)?"
                        r"|kosten\s+per\s+(?:duizend|mille))\b", re.IGNORECASE)
_CPM_GLOSS = re.compile(r"\bCPM\s*(?:\(\s*CPM\s*\)|/\s*CPM\b)", re.IGNORECASE)


# "twenty-five dollars per thousand", "$25 per 1,000 impressions", "CPT", "per mille": a CPM
_PER_THOUSAND = re.compile(r"\b(?:per|a|/)\s*(?:thousand|1,?000|mille|m)\s+(?:impressions|imps)\b"
                           r"|\b(?:per|a|/)\s*(?:thousand|1,?000|mille)\b|\bCPT\b", re.IGNORECASE)


_SENTENCE = re.compile(r"[^.!?;\n]+(?:\.\d[^.!?;\n]*)*")
_PRICE_WORDS = re.compile(r"\be?cpms?\b", re.IGNORECASE)


def _past_prices(text: str, reading: Reading) -> str:
    """"Last year's flight ran $400K at a $31 avg CPM": a past CPM is noted, never the cap."""
    for sentence in _SENTENCE.finditer(text):
        words = sentence.group(0)
        for cpm in _PRICE_WORDS.finditer(words):
            if not PAST_SPEND.search(words):
                break
            price = re.search(CPM_SYM + r"\s?" + CPM_NUM + r"\s*(?:avg|average)?\s*$",
                              words[:cpm.start()], re.IGNORECASE)
            if price is None:
                continue
            start, end = sentence.start() + price.start(), sentence.start() + cpm.end()
            reading.mark(start, end)
            reading.assume(f"{text[start:end].strip()!r} is a past price, noted only")
            text = blank(text, start, end)
    return text


# "CPM caps: CTV $30, display $8", "Max CPM: CTV $30 / display $8": a cap per channel
_PAIR = r"[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?\s*[:=-]?\s*" + CPM_SYM + r"\s?" + CPM_NUM + NO_SCALE
_PER_CHANNEL = re.compile(r"\b(?:max(?:imum)?\.?\s+)?e?cpms?\s*(?:caps?|max(?:imum)?|ceilings?|"
                          r"limits?)?\s*:\s*(?P<pairs>" + _PAIR + r"(?:\s*(?:,|/|;|and|&)\s*"
                          + _PAIR + r")+)", re.IGNORECASE)


def _caps_per_channel(text: str, reading: Reading, found: set[Decimal]) -> str:
    """Caps per channel are no one cap for the brief: asked about, never read as budgets
    (the same cap for every channel is the cap)."""
    for m in _PER_CHANNEL.finditer(text):
        reading.mark_match(m)
        text = blank(text, m.start(), m.end())
        prices = {cpm_value(p[1]) for p in re.findall(CPM_SYM + r"\s?" + CPM_NUM, m.group(0))}
        if len(prices) == 1:
            found |= prices
            continue
        reading.issue("max_cpm", GapKind.CONTRADICTORY,
                      f"a CPM cap per channel ({m.group('pairs').strip()}): the buyer holds one "
                      "CPM cap for the brief; state one, or brief each channel on its own")
    return text


def read_max_cpm(text: str, reading: Reading) -> str:
    """Find the CPM cap; return the text with CPM mentions blanked out."""
    found: set[Decimal] = set()
    text = _CPM_NAMES.sub(lambda m: "CPM".ljust(len(m.group(0))), text)
    text = _CPM_GLOSS.sub(lambda m: "CPM".ljust(len(m.group(0))), text)
    text = re.sub(r"\bmax\.(?=\s*(?:\d|[$€£]))", "max ", text, flags=re.IGNORECASE)  # "max. 15 €"
    text = _PER_THOUSAND.sub(lambda m: "CPM".ljust(len(m.group(0))), text)
    text = without_action_costs(text, reading)
    text = _caps_per_channel(text, reading, found)
    text = _past_prices(text, reading)
    text = cpm_floors(text, reading, found)
    # "On CPMs, we'll accept ... nothing above $18": the topic's comma opens the clause
    text = re.sub(r"\b(?:on|for|re|regarding|as\s+(?:for|to))\s+(?:the\s+)?e?cpms?\s*,",
                  lambda m: m.group(0).replace(",", " "), text, flags=re.IGNORECASE)
    for clause in _CLAUSE.finditer(text):  # "$15 CPM on some partners and $30 on others"
        if _CPM_WORD.search(clause.group(0)):
            amounts = _CLAUSE_AMOUNTS[0].findall(clause.group(0))
            floored = any(_FLOOR_WORDS.search(clause.group(0)[max(0, a.start() - 24):a.start()])
                          for a in _CLAUSE_AMOUNTS[0].finditer(clause.group(0)))
            if len({_cpm_value(n) for _, n in amounts}) > 1 and not floored:
                found |= {_cpm_value(n) for _, n in amounts}
                reading.mark(clause.start(), clause.end())
                text = blank(text, clause.start(), clause.end())
    for pattern in _CPM_PATTERNS:
        for match in pattern.finditer(text):
            number = next(g for g in reversed(match.groups()) if g and g[0].isdigit())
            found.add(_cpm_value(number))
            reading.mark_match(match)
            text = blank(text, match.start(), match.end())
    text = _cpm_in_words(text, reading, found)
    if not found:
        text, cap = slot_cap(text, reading)
        found |= {cap} if cap is not None else set()
    if len(found) > 1:
        values = ", ".join(f"{v}" for v in sorted(found))
        reading.issue("max_cpm", GapKind.CONTRADICTORY, f"several CPM caps stated: {values}")
    elif found:
        cap = found.pop()
        if cap <= 0:
            reading.issue("max_cpm", GapKind.INVALID, f"CPM cap {cap} is not positive")
        else:
            reading.facts["max_cpm_micros"] = to_micros(cap)
    return text


_CAP_WORDS = re.compile(r"\b(?:max(?:imum)?|" + _MAX_WORDS + r"|cap(?:ped|s)?|ceiling|"
                        r"exceed(?:ing)?|above|over|"
                        r"under|below|up\s+to|at\s+most|no\s+more|no\s+higher|higher\s+than|"
                        r"more\s+than|limit(?:ed)?|top\s+out|or\s+less|tops|south\s+of|beneath|"
                        r"(?:less|lower)\s+than|(?:no|not)\s+greater\s+than|"
                        # French, German, Spanish, Italian "must not exceed"
                        r"d[ée]passer|nicht\s+(?:über|mehr\s+als)|no\s+m[áa]s\s+de|non\s+oltre|"
                        r"non\s+superiore\s+a|"
                        r"(?:\w+n't|not|never)\s+(?:to\s+)?(?:top|pass|break|go\s+past))\b|[<≤]",
                        re.IGNORECASE)
# a clause ends at a stop, a comma, a form's "|", or a shorthand " / " or "//"
_CHAR = r"(?:(?!\s/+\s|//)[^;\n.!?,|])"
_OTHER_MONEY = re.compile(r"[$€£]\s?\d|\d\s?(?:k|m|mm)\b|\b(?:USD|EUR|GBP)\s?\d", re.IGNORECASE)
_CLAUSE = re.compile(_CHAR + r"+(?:[.,]\d" + _CHAR + r"*)*")
# "max bid $25", "bid cap $20": a programmatic bid is a price per thousand
_CPM_WORD = re.compile(r"\b[ve]?cpms?\b|\b(?:max(?:imum)?\s+bids?|bid\s+caps?)\b", re.IGNORECASE)
_CLAUSE_AMOUNTS = [
    # (not "$ 185,000.00": a number with thousands groups is no price per thousand)
    re.compile(_CPM_SYM + r"\s?" + _CPM_NUM + r"(?![.,]\d{3})" + _NO_SCALE, re.IGNORECASE),
    re.compile(_CPM_NUM + r"\s*(?:bucks|dollars?|euros?|pounds|USD|EUR|GBP)\b", re.IGNORECASE),
    re.compile(r"\b((?:" + NUMBER_WORDS + r")(?:[\s-]+(?:and[\s-]+)?(?:" + NUMBER_WORDS
               + r"))*)\s+(?:bucks|dollars?|euros?|pounds)\b", re.IGNORECASE),
    # "keep CPM under twenty": number words just after the limit
    re.compile(r"(?:\b(?:under|below|over|above|than|max(?:imum)?|to|at|exceed|is|of|be)|:)\s+((?:"
               + NUMBER_WORDS + r")(?:[\s-]+(?:and[\s-]+)?(?:" + NUMBER_WORDS + r"))*)\b",
               re.IGNORECASE),
    re.compile(r"(?<![\w.$€£])" + _CPM_NUM + r"(?![\d.,]*\s*(?:%|k\b|m\b|mm\b|million|"
               r"thousand))", re.IGNORECASE),
]


_FLOOR_WORDS = re.compile(r"\b(?:no\s+(?:lower|less|cheaper)\s+than|at\s+least|min(?:imum)?|"
                          r"floor(?:\s+of)?|not\s+(?:below|under)|from)\s*(?:an?\s+)?$",
                          re.IGNORECASE)


_CENTS = re.compile(r"^(?P<dollars>.+?)\s+(?P<cents>(?:twenty|thirty|forty|fifty|sixty|seventy|"
                    r"eighty|ninety)(?:\s+(?:one|two|three|four|five|six|seven|eight|nine))?|"
                    r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
                    r"nineteen)$", re.IGNORECASE)


def _words_price(raw: str) -> Decimal | None:
    """A price in words: "eighteen" -> 18, and as it is said aloud, "thirty-two fifty" ->
    32.50 (dollars, then cents)."""
    words = " ".join(raw.replace("-", " ").split())
    try:
        return Decimal(text2num(words, "en"))
    except ValueError:
        pass
    spoken = _CENTS.match(words)
    if spoken is None:
        return None
    try:
        dollars = Decimal(text2num(spoken.group("dollars"), "en"))
        cents = Decimal(text2num(spoken.group("cents"), "en"))
    except ValueError:
        return None
    return dollars + cents / 100


def _cpm_in_words(text: str, reading: Reading, found: set[Decimal]) -> str:
    """A cap the patterns missed: a clause naming a CPM, a limit and an amount ("nothing
    above 18 bucks CPM", "CPMs should not exceed ten dollars", "... | CPM ≤ 22.00"). The
    amount nearest the CPM and limit words is the cap (not a floor's, not one of 1,000 or
    more); where the clause holds other money, only the cap's words are read."""
    for clause in _CLAUSE.finditer(text):
        words = clause.group(0)
        anchors = [*_CPM_WORD.finditer(words), *_CAP_WORDS.finditer(words)]
        if not _CPM_WORD.search(words) or not _CAP_WORDS.search(words):
            continue
        best: tuple[int, re.Match[str], Decimal] | None = None
        floors: list[re.Match[str]] = []
        for pattern in _CLAUSE_AMOUNTS:
            for c in pattern.finditer(words):
                # "no lower than eight dollars and no higher than twenty-eight": past the floor
                if _FLOOR_WORDS.search(words[max(0, c.start() - 24):c.start()]):
                    floors.append(c)
                    continue
                raw = next(g for g in reversed(c.groups()) if g)
                value = _cpm_value(raw) if raw[0].isdigit() else _words_price(raw)
                if value is None or value >= 1000:
                    continue
                distance = min(min(abs(c.start() - a.end()), abs(a.start() - c.end()))
                               for a in anchors)
                if best is None or distance < best[0]:
                    best = (distance, c, value)
        if best is None:
            continue
        _, m, value = best
        for floor in floors:  # "anything from $6 but nothing above $18": noted, no budget
            if floor.start() < m.start() and re.match(r"[$€£\d]", floor.group(0).strip()):
                reading.assume(f"{floor.group(0).strip()!r} is a CPM floor, not a cap: the "
                               "buyer sets no minimum price, so it is noted only")
                words = blank(words, floor.start(), floor.end())
                text = blank(text, clause.start() + floor.start(), clause.start() + floor.end())
        start, end = clause.start(), clause.end()
        if _OTHER_MONEY.search(words[:m.start()] + " " * len(m.group(0)) + words[m.end():]):
            near = [a for a in anchors if abs(a.start() - m.start()) < 40]
            start = clause.start() + min([m.start(), *(a.start() for a in near)])
            end = clause.start() + max([m.end(), *(a.end() for a in near)])
        found.add(value)
        reading.mark(start, end)
        text = blank(text, start, end)
        if not m.group(0).strip()[0].isdigit() and not re.match(r"\W", m.group(0).strip()):
            reading.assume(f"CPM cap {m.group(0).strip()!r} read as {value}")
    return text


