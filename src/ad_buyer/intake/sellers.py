"""Seller exclusions and inclusions, as the planner wrote the names.

Exclusions: ``exclude sellers: X``, ``exclude X``, ``avoid X``, ``no X``, ``not
on X``, ``do not buy from X``, ``skip X``, ``block X``. Inclusions: ``only X and
Y``, ``use only X``, ``only buy from X``, ``X only``, ``sellers: X, Y``.
After the generic words (avoid, no, only...) a name must look like one (a
capitalised word or a domain) and must not be a channel, deal type, country
or audience word: "no display" and "PG only" are not sellers. The names are
resolved against the registry before any quote
(:mod:`ad_buyer.orchestration.seller_names`); one that matches no seller stops
the run.
"""

from __future__ import annotations

import re

from ad_buyer.intake.channel_words import SERVICE_NAME, channel_of
from ad_buyer.intake.places import is_place
from ad_buyer.intake.reading import Reading
from ad_buyer.intake.world_places import names_a_place
from ad_buyer.models.brief import GapKind

_LIST = r"([^.;:\n]+)"
# a name starts with a capital, or is camel-cased after one small letter ("iHeart", "eBay")
_CAPITAL = re.compile(r"[A-Z]|[a-z][A-Z]")
_NAME_WORD = r"(?:[A-Z]|[a-z][A-Z])[\w&'-]*(?:\.[a-z]{2,})?"
_EXPLICIT_EXCLUDE = re.compile(
    r"\b(?:exclude|excluding|avoid|block(?:list)?|no\s+buys?\s+(?:on|with|from)|do\s+not\s+"
    r"(?:buy|book|use)\s+(?:from|on|with)?|don'?t\s+(?:buy|book|use)\s+(?:from|on|with)?|"
    r"never\s+(?:buy|book|use)\s+(?:from|on|with)?|no|skip|not\s+on|not\s+with|excluded|"
    r"blocked)\s+(?:the\s+)?(?:sellers?|publishers?|vendors?|partners?|suppliers?)\s*(?::|-)?"
    r"\s*" + _LIST,
    re.IGNORECASE)
_GENERIC_EXCLUDE = re.compile(
    r"\b(?:exclude|excluding|excl\.?|avoid|block|blocklist\s*:?|no\s+buys?\s+(?:on|with|from)|"
    r"do\s+not\s+(?:buy|book)\s+(?:from|on|with)|don'?t\s+(?:buy|book)\s+(?:from|on|with)|"
    r"do\s+not\s+use|don'?t\s+use|never\s+use|no|skip|not\s+on|not\s+with|"
    r"(?:keep|stay)\s+(?:us\s+|it\s+|them\s+)?(?:off|away\s+from)|"
    # "please leave out Metro Screens", "rule out X", "cut X out" is read by _KEEP_OFF
    r"(?:leave|leaving|rule|take|cut|strike|drop|remove|pull)\s+out|"
    # "steer clear of X", "we don't want to work with X", "suppress X"
    r"steer\s+clear\s+of|suppress|(?:do\s+not|don'?t)\s+want\s+to\s+(?:work\s+with|use|buy\s+"
    r"(?:from|on)|go\s+through)|"
    # "they don't want anything on Pubcast Network", "we want no spend with X"
    r"(?:do\s+not|don'?t|does\s+not|doesn'?t)\s+want\s+(?:anything|any\s+(?:spend|ads|media|"
    r"inventory|impressions|money|budget)|to\s+(?:be|appear|run|show\s+up))\s+(?:on|with|"
    r"from|through|via|in)|"
    # "they do NOT want Metro Screens for the DOOH piece": a name right after the wish
    r"(?:do\s+not|don'?t|does\s+not|doesn'?t)\s+want(?=\s+(?-i:[A-Z][a-z]|[a-z][A-Z]))|"
    # "please don't go through Adcrest", "shall not place inventory with ClickFarm Media"
    r"(?:do\s+not|don'?t|shall\s+not|should\s+not|must\s+not|never)\s+(?:go\s+through|"
    r"work\s+with|buy\s+through|place\s+(?:any\s+)?(?:inventory|media|ads|spend)\s+"
    r"(?:with|on|through)|(?:run|serve|appear|advertise|spend|show)\s+(?:\w+\s+)?"
    r"(?:on|with|through|via))|"
    # "do not include iHeart", "never BritCast Media again"
    r"(?:do\s+not|don'?t|never|not\s+to|should\s+not|must\s+not)\s+include|never|"
    r"(?:^|(?<=[.;,]\s))not)\s*:?\s+"
    r"(?:the\s+)?" + _LIST, re.IGNORECASE)
# The passive and the legal: "the following sellers must not be used: X", "under no
# circumstances may inventory be bought from X", "no media may be bought from X"
_PROHIBITED = re.compile(
    r"\b(?:"
    r"(?:sellers?|publishers?|vendors?|partners?|suppliers?)\s+(?:that\s+|which\s+)?"
    r"(?:(?:must|shall|should|may|can|will)\s*(?:not|never)|(?:is|are)\s+not\s+to)\s+be\s+used|"
    r"under\s+no\s+circumstances\s+(?:may|should|shall|can|will|must|is|are)\s+(?:\w+\s+){0,2}?"
    r"(?:be\s+)?(?:buy|bought|purchased?|book(?:ed)?|placed?|used?|run|sourced?)\s+"
    r"(?:from|on|with|through|via)|"
    r"(?:(?:must|shall|should|may|can|will|is|are)\s*(?:not|never)\s+(?:to\s+)?|\bno\s+(?:inventory|"
    r"media|spend|ads|impressions|money|budget)\s+(?:may|should|shall|can|will|is\s+to|are\s+to)"
    r"\s+)be\s+(?:bought|purchased|booked|placed|sourced|used|run|served|spent)\s+(?:from|on|"
    r"with|through|via)|"
    # "Contractor shall not purchase inventory from X", "the agency may not buy from X"
    r"(?:shall|must|may|will|should|can)\s*(?:not|never)\s+(?:purchase|buy|procure|source|"
    r"book|place)\s+(?:any\s+)?(?:(?:inventory|media|ads|impressions|placements|spots)\s+)?"
    r"(?:from|on|"
    r"with|through|via))\s*:?\s+(?:the\s+)?" + _LIST, re.IGNORECASE)
_EXPLICIT_INCLUDE = re.compile(
    # "buy exclusively from X", "limit buys to X"
    r"\b(?:(?:(?:buy|book|run|go)\s+)?exclusively\s+(?:from|with|on|through|via)|"
    r"(?:limit|restrict)\s+(?:buys|buying|spend|the\s+(?:buy|spend|campaign|plan)|it)\s+to"
    # "restrict the buy to the two publishers we've used before: X and Y"
    r"(?:[ \t]+(?:the\s+)?(?:\w+\s+)?(?:sellers?|publishers?|vendors?|partners?)\b"
    r"[^.;:\n]{0,50}:)?|"
    r"(?:use|buy\s+from|book\s+with|book\s+on|buy\s+on)\s+only|only\s+(?:use|buy\s+from|"
    r"book\s+with|buy\s+on|book\s+on)|only\s+on|only\s+with|only\s+from|limit(?:ed)?\s+to|"
    r"only\s+(?:(?:buy|book|go|run)\s+)?(?:through|via)|restrict(?:ed)?\s+to|"
    # a wish: "we only want to buy from X", "we'd only like to run on X", "only buy from X"
    r"only\s+(?:(?:wants?|wanted|wish(?:es)?|like|plan|intend|needs?)\s+to\s+)?(?:buy|book|"
    r"run|go|work|use|advertise)(?:\s+(?:from|with|on|through|via))?|only)"
    r"[ \t]+(?:the\s+|these\s+|those\s+|our\s+)?"
    # "only through our approved vendors X and Y"
    r"(?:(?:approved|preferred|trusted|usual|allowed|whitelisted)\s+)?"
    r"(?:sellers?|publishers?|vendors?|partners?|suppliers?)?"
    # on the same line: "PMP only\n\nCheers,\nMateus" names no seller after "only"
    r"[ \t]*(?::|-)?[ \t]*" + _LIST,
    re.IGNORECASE)
# "Sellers: X, Y", "Approved Sellers ONLY: X, Y", "Allowed vendors: X"
_SELLERS_LABEL = re.compile(r"(?:^|[.;]\s*)\s*(?:(?:allowed|approved|authori[sz]ed|permitted)\s+)?"
                            r"(?:sellers?|publishers?|vendors?|suppliers?)\s*(?:to\s+use)?"
                            r"(?:\s*\(?only\)?)?\s*:\s*([^.:\n]+)",
                            re.IGNORECASE | re.MULTILINE)
# "Whitelist: X, Y", "Allowlist - X", "Stick to X and Y": the only sellers to use
_ALLOW_LIST = re.compile(r"\b(?:white[\s-]?list|allow[\s-]?list|inclusion\s+list|"
                         r"stick\s+(?:to|with))\s*(?::|-)?\s*([^.:\n]+)", re.IGNORECASE)
# "Blocklist: A; B; C", "Exclusions - A, B": a labelled list, whose items ";" may separate
_BLOCK_LIST = re.compile(r"\b(?:block[\s-]?list|black[\s-]?list|deny[\s-]?list|exclusions?|"
                         r"excluded(?:\s+(?:sellers?|publishers?))?|do\s+not\s+buy|dnb)\s*"
                         # "Exclusions: Respondents shall not place inventory with X" is a
                         # sentence, read by the verbs below
                         r"(?::|-)\s*(?![^.\n]*\b(?:shall|should|must|will|not|please)\b)"
                         r"([^.:\n]+)", re.IGNORECASE)
# "StreamMax is off-limits", "X and Y are a no-go"
_IS_OFF = re.compile(rf"\b((?:{_NAME_WORD}(?:[ \t]+|[ \t]*(?:,|&|\band\b|\bor\b|/)[ \t]*)){{1,8}}?)"
                     r"(?:(?i:is|are)\s+(?i:off[\s-]limits|blocked|excluded|banned|blacklisted|"
                     r"a\s+no[\s-]go|not\s+allowed|out|not\s+to\s+be\s+used)|(?i:must|shall|"
                     r"should|may|can|will)\s*(?i:not|never)\s+be\s+used)\b")
# "no display banners from Bargain Banners": what is refused is the seller, not the channel.
_NEGATED_FROM = re.compile(r"\b(?i:no|avoid|exclude|skip|without|nothing)\s+(?:[a-z][\w-]*\s+){0,3}"
                           r"(?:from|by|via|on|with)\s+(?:the\s+)?(?=[A-Z])" + _LIST)
# "Keep Bargain Banner off the plan", "leave X and Y off the buy"
_KEEP_OFF = re.compile(r"\b(?i:keep|leave|take|cut|rule)\s+((?:[A-Z][\w&'.-]*(?:[ \t]+|[ \t]*"
                       r"(?:,|&|\band\b|\bor\b)[ \t]*)){1,8}?)(?i:off|out)\b"
                       r"(?:\s+(?i:the|our|of\s+the)\s+\w+)?")
# "keine Inventare von Bargain Banner", "pas d'inventaire chez X", "sin inventario de X"
_FOREIGN_NOT_FROM = re.compile(
    r"\b(?i:keine?n?|ohne|pas\s+d[e'’]|sans|sin|ning[úu]n|ninguna|nessun[ao]?|niente|geen)\s*"
    r"(?:[\w'’-]+\s+){0,3}?(?i:von|bei|über|chez|de|par|via|con|da|di|van|bij)\s+(?=[A-Z])"
    + _LIST)
_EXCLUDE_VERB = re.compile(r"\b(?:exclude|excluding|avoid|block|blocklist\s*:?)\s+(?:the\s+)?"
                           r"([a-z][\w.-]*)\s*(?:[.;,\n]|$)")
_NAME_ONLY = re.compile(rf"\b((?:{_NAME_WORD}(?:[ \t]+|[ \t]*(?:,|&|\band\b)[ \t]*)){{0,5}}"
                        rf"{_NAME_WORD})[ \t]+only\b")
_STOP = re.compile(r"\b(?:for|in|on|with|from|to|at|during|because|since|as|but|if|"
                   r"please|across|between)\b.*$", re.IGNORECASE)
_NOT_SELLERS = re.compile(
    r"^(?:(?:we|i|they|you|it)(?:'\w+)?|"
    r"pg|pd|pa|pmp|programmatic|preferred|private|guaranteed|deals?|us|usa|uk|u\.s\.?|"
    r"canada|germany|france|australia|mexico|united\s+states|united\s+kingdom|adults?|"
    r"women|men|kids|children|teens|people|english|spanish|one|two|three|"
    r"brand[\s-]safe|viewable|premium|open\s+exchange|open\s+auction|the|a|an|"
    r"alcohol|gambling|politics|news|cpm|cpms|q[1-4]|mondays?|weekends?|use|buy|book|run|"
    r"target|show|sellers?|publishers?|inventory|channels?|goal|budget|flight|audience|"
    r"kpis?|ctr|vcr|viewability|reach|frequency|weekends?|competitors?|"
    r"jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)$",
    re.IGNORECASE)


def _looks_like_name(item: str, strict: bool) -> bool:
    if not item or _NOT_SELLERS.match(item) or is_place(item) or names_a_place(item) or (
            channel_of(item) is not None and not SERVICE_NAME.fullmatch(item)):
        return False
    first = item.split()[0]
    if _NOT_SELLERS.match(first) and not _capitalised_name(item):
        return False  # "Budget Bytes Media" is a name; "budget cap" is not
    if channel_of(first) is not None and not _capitalised_name(item) and \
            not SERVICE_NAME.fullmatch(item):
        return False
    if re.search(r"\d{2,}|%|\$", item):
        return False
    if not strict:
        return True
    return bool(_CAPITAL.match(item)) or bool(re.search(r"\.[a-z]{2,}$", item))


def _capitalised_name(item: str) -> bool:
    """"Mobile Media Co", "Display Partners Ltd": several capitalised words, not all of
    them channel words, name a company even when the first one is a channel."""
    words = item.split()
    return len(words) > 1 and all(w[0].isupper() for w in words) and \
        any(channel_of(w) is None for w in words) and channel_of(item) is None


def _items(phrase: str, strict: bool) -> list[str]:
    """Names listed in ``phrase``; after a generic verb (``strict``) the list ends at
    the first item that is not a name ("no StreamWave, KPIs: CTR")."""
    named = re.search(r"\b(?:including|incl\.|such\s+as)\s+(.+)", phrase, re.IGNORECASE)
    if named:  # "any seller on the restricted list, including X": X is the one named
        phrase = named.group(1)
    # "X and anything from Y": Y is named as a seller too
    phrase = re.sub(r"\b(?:anything|everything|(?:any\s+|all\s+)?inventory)\s+(?:from|by|on)\s+",
                    "", phrase, flags=re.IGNORECASE)
    phrase = re.sub(r"\s*\([^()]*\)", " ", phrase)  # "X and Y (our approved vendors)"
    phrase = re.split(r"\s[-–—]+\s", _STOP.sub("", phrase))[0]  # "X - those are audited"
    out: list[str] = []
    for part in re.split(r",|;|\band\b|&|\bor\b|/|\bnor\b|\s\+\s", phrase):
        name = part.strip().strip("'\"“”‘’()").strip()
        name = re.sub(r"^(?:(?:no|not|nor|never|only)\s+)?(?:the|seller|sellers|publisher)?\s*",
                      "", name, flags=re.IGNORECASE)  # "no Hulu, no Roku", "only X and Y"
        if _CAPITAL.match(name):  # "BritCast Media this time round": the name is its capitals
            name = re.split(r"\s+(?=[a-z])(?!(?:of|de|du|la|von|van)\s)", name, maxsplit=1)[0]
        if not name:
            continue
        if _looks_like_name(name, strict):
            if name not in out:
                out.append(name)
        elif strict and out:
            break
    return out


def _collect(text: str, reading: Reading, patterns: list[tuple[re.Pattern[str], bool]],
             ) -> list[str]:
    names: list[str] = []
    taken: list[tuple[int, int]] = []
    for pattern, strict in patterns:
        position = 0
        while (m := pattern.search(text, position)) is not None:
            # a match naming no seller may hold one that does ("only PMP deals, and please
            # only use X"): look again from just after its start
            position = m.start() + 1
            if any(s < m.end() and e > m.start() for s, e in taken):
                continue
            found = _items(m.group(1), strict)
            if not found:
                continue
            position = m.end()
            taken.append((m.start(), m.end()))
            reading.mark_match(m)
            names += [n for n in found if n not in names]
    return names


# "Preferred partners: X, Y", "our favoured vendors are X and Y": a preference, not a limit
_PREFERRED = re.compile(r"\b(?:preferred|favou?red|priority|go-to)\s+(?:partners?|sellers?|"
                        r"vendors?|publishers?|suppliers?)\s*(?::|-|are|is|include)?[ \t]*"
                        + _LIST, re.IGNORECASE)


def _say_preferred(text: str, reading: Reading, included: list[str]) -> None:
    """Sellers the planner prefers: named in the assumptions (the buyer may use others);
    "only our preferred vendors X" is read as the only sellers instead."""
    for m in _PREFERRED.finditer(text):
        names = [n for n in _items(m.group(1), True) if n not in included]
        if names and not re.search(r"\bonly\b", text[max(0, m.start() - 30):m.start()],
                                   re.IGNORECASE):
            reading.mark_match(m)
            reading.assume(f"{', '.join(names)} named as preferred: a preference, not a limit "
                           "(other sellers may be used; say 'only X' to limit the buy)")


def read_sellers(text: str, reading: Reading) -> None:
    """``excluded_sellers`` and ``included_sellers``; a name in both is a contradiction."""
    excluded = _collect(text, reading, [(_BLOCK_LIST, False), (_IS_OFF, True),
                                        (_EXPLICIT_EXCLUDE, False), (_NEGATED_FROM, True),
                                        (_KEEP_OFF, True), (_FOREIGN_NOT_FROM, True),
                                        (_PROHIBITED, True), (_GENERIC_EXCLUDE, True),
                                        (_EXCLUDE_VERB, False)])
    included = _collect(text, reading, [(_SELLERS_LABEL, True), (_ALLOW_LIST, True),
                                        (_EXPLICIT_INCLUDE, True)])
    for m in _NAME_ONLY.finditer(text):
        included += [n for n in _items(m.group(1), True) if n not in included]
        if _items(m.group(1), True):
            reading.mark_match(m)
    _say_preferred(text, reading, included)
    both = {n.casefold() for n in excluded} & {n.casefold() for n in included}
    if both:
        reading.issue("sellers", GapKind.CONTRADICTORY,
                      f"{', '.join(sorted(both))} both excluded and the only seller(s) to use")
        return
    if excluded:
        reading.facts["excluded_sellers"] = excluded
    if included:
        reading.facts["included_sellers"] = included
