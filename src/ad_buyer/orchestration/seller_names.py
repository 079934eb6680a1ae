"""Planner-written seller names, matched to the registry's agent cards.

Deterministic (no model). A name matches a card by, in order:

1. an alias, compared without case, spaces or punctuation: the agent id, the
   display name, the display name without generic words ("StreamWave" for
   "StreamWave CTV"; see ``GENERIC_WORDS``), the URL host or its first label;
2. a close spelling of an alias (``rapidfuzz`` ratio at least
   ``CLOSE_SPELLING``), when one seller is clearly the closest.

A name that matches no seller, or two sellers equally, raises
:class:`SellerNameError` with a one-line message listing the sellers it might
mean. Exclusions and inclusions are then applied by seller id and URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from rapidfuzz import fuzz

from ad_buyer.registry.models import AgentCard

# Words that describe a seller's line of business rather than name it.
GENERIC_WORDS = frozenset({
    "ctv", "tv", "media", "network", "networks", "audio", "display", "mobile", "exchange",
    "dooh", "native", "performance", "video", "digital", "ads", "advertising", "inc", "ltd",
    "llc", "group", "the", "publishing", "sales", "banners", "streaming", "radio", "screens",
})
CLOSE_SPELLING = 85.0  # rapidfuzz ratio (0-100) for a close spelling
CLEAR_LEAD = 5.0  # the best seller must beat the next one by this much
SUGGESTIONS = 3


def normalize(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold().replace("&", "and"))


def seller_label(card: AgentCard) -> str:
    return f"{card.name} ({card.agent_id})"


def card_aliases(card: AgentCard) -> set[str]:
    """The normalized names one card answers to exactly."""
    aliases = {normalize(card.agent_id), normalize(card.name)}
    core = [w for w in re.findall(r"[\w&']+", card.name) if w.casefold() not in GENERIC_WORDS]
    if core:
        aliases.add(normalize(" ".join(core)))
    parsed = urlparse(card.url)
    host = parsed.hostname or ""
    # A host names a seller only when the seller sits at its root (not one of
    # many sellers under paths of a shared host).
    if host and parsed.path in ("", "/"):
        aliases.add(normalize(host))
        first = host.split(".")[0]
        if first not in {"www", "localhost", "127"} and not first.isdigit():
            aliases.add(normalize(first))
    url = card.url.rstrip("/")
    aliases.add(normalize(url))
    return {a for a in aliases if a}


@dataclass(frozen=True)
class SellerMatch:
    """How a planner's name matched a seller."""

    name: str
    card: AgentCard
    how: str  # "exact" or "close spelling"
    score: float = 100.0

    @property
    def keys(self) -> set[str]:
        """What discovery compares against: the agent id and the URL."""
        return {self.card.agent_id, self.card.url.rstrip("/")}

    def describe(self) -> str:
        note = "" if self.how == "exact" else f" (close spelling, {self.score:.0f}%)"
        return f"{self.name!r} -> {seller_label(self.card)}{note}"


class SellerNameError(ValueError):
    """A planner's seller name matched no seller, or more than one."""

    def __init__(self, name: str, candidates: Sequence[AgentCard], *, ambiguous: bool = False,
                 role: str = "seller") -> None:
        self.name = name
        self.candidates = list(candidates)
        self.ambiguous = ambiguous
        listed = ", ".join(seller_label(c) for c in candidates) or "none listed"
        if ambiguous:
            message = (f"{role} {name!r} matches more than one seller: {listed}; name one "
                       "of them by its id")
        else:
            message = f"no seller matches {role} {name!r}; did you mean: {listed}?"
        super().__init__(message)


def _score(name: str, card: AgentCard) -> float:
    query = normalize(name)
    return max((fuzz.ratio(query, alias) for alias in card_aliases(card)), default=0.0)


def suggestions(name: str, cards: Iterable[AgentCard], limit: int = SUGGESTIONS,
                ) -> list[AgentCard]:
    """The sellers ``name`` most resembles, closest first."""
    ranked = sorted(cards, key=lambda c: (-_score(name, c), c.agent_id))
    return ranked[:limit]


def match_seller(name: str, cards: Sequence[AgentCard], role: str = "seller") -> SellerMatch:
    """The one seller ``name`` means, or :class:`SellerNameError`."""
    query = normalize(name)
    if not query:
        raise SellerNameError(name, suggestions(name, cards), role=role)
    exact = [c for c in cards if query in card_aliases(c)]
    unique = {c.agent_id: c for c in exact}
    if len(unique) == 1:
        return SellerMatch(name, next(iter(unique.values())), "exact")
    if len(unique) > 1:
        raise SellerNameError(name, list(unique.values()), ambiguous=True, role=role)
    scored = sorted(((_score(name, c), c) for c in cards), key=lambda s: (-s[0], s[1].agent_id))
    close = [(s, c) for s, c in scored if s >= CLOSE_SPELLING]
    if close:
        best_score, best = close[0]
        runner_up = next((s for s, c in scored[1:] if c.agent_id != best.agent_id), 0.0)
        if best_score - runner_up >= CLEAR_LEAD:
            return SellerMatch(name, best, "close spelling", best_score)
        raise SellerNameError(name, [c for _, c in close[:SUGGESTIONS]], ambiguous=True,
                              role=role)
    raise SellerNameError(name, [c for _, c in scored[:SUGGESTIONS]], role=role)


def resolve_sellers(names: Sequence[str], cards: Sequence[AgentCard],
                    role: str = "seller") -> list[SellerMatch]:
    """Every name matched (in order); the first that does not match raises."""
    return [match_seller(name, cards, role) for name in names]


def name_matches_card(name: str, card: AgentCard) -> bool:
    """Exact-alias match only (no close spellings): safe against a partial seller list."""
    return normalize(name) in card_aliases(card)


def in_list(card: AgentCard, names: Sequence[str]) -> bool:
    """Whether ``names`` (ids, URLs or display names) name ``card``, exactly."""
    ids = {card.agent_id, card.url.rstrip("/"), card.name}
    return any(n.rstrip("/") in ids or name_matches_card(n, card) for n in names)
