"""Who makes the offline specialist's choices: its own rules, or a baseline.

The offline specialist decides three things from its tool results: which
fitting packages to quote first, which quotes to negotiate first, and how hard
(the share of the way from the floor to the ceiling the desk allows). A
:class:`Chooser` makes exactly those choices. Everything else (the per-seller
and per-round limits, the tools' guards, the optimizer that picks the
portfolio from the quotes) is the same whoever chooses, so a baseline plugged
in here obeys every guard the policy does.

- :class:`PolicyChooser`: the offline policy (audience fit first, then the
  cheapest expected CPM; the largest quotes negotiated toward 35%).
- :class:`CheapestFirst`: the cheapest expected CPM first, audience fit ignored;
  negotiates as the policy does, so only the choice of packages differs.
- :class:`RandomChooser`: random legal choices from a fixed seed: packages in
  a random order, quotes negotiated in a random order toward a random target.

``ad-buyer eval`` runs each brief under each chooser with :func:`choosing`.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any, Protocol

AUDIENCE_ORDER = {"fits": 0, "partial": 1, "unknown": 2}
TARGET_SHARE = Decimal("0.35")


def price(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return Decimal("Infinity")


def audience_rank(package: dict[str, Any]) -> int:
    """A full audience fit before a partial one, before a package that declares none."""
    fit = str(package.get("audience_fit") or "unknown").split(":", 1)[0]
    return AUDIENCE_ORDER.get(fit, len(AUDIENCE_ORDER))


class Chooser(Protocol):
    name: str
    package_rule: str
    quote_rule: str

    def order_packages(self, packages: Sequence[dict[str, Any]]) -> list[dict[str, Any]]: ...

    def order_quotes(self, quotes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]: ...

    def target_share(self, quote: dict[str, Any]) -> Decimal: ...


class PolicyChooser:
    name = "offline policy"
    package_rule = "full audience fits first, then cheapest expected CPM"
    quote_rule = "largest open negotiable quote"

    def order_packages(self, packages: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(packages, key=lambda p: (audience_rank(p), price(p.get("expected_cpm")),
                                               p["ref"]))

    def order_quotes(self, quotes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(quotes, key=lambda q: (-price(q.get("cost")), q["ref"]))

    def target_share(self, quote: dict[str, Any]) -> Decimal:
        return TARGET_SHARE


class CheapestFirst(PolicyChooser):
    name = "cheapest first"
    package_rule = "cheapest expected CPM first"

    def order_packages(self, packages: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(packages, key=lambda p: (price(p.get("expected_cpm")), p["ref"]))


class RandomChooser:
    """Random legal choices; the same seed gives the same choices in the same order."""

    name = "random legal"
    package_rule = "a random order"
    quote_rule = "an open negotiable quote drawn at random"

    def __init__(self, seed: str | int) -> None:
        self._rng = random.Random(str(seed))

    def order_packages(self, packages: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        ordered = sorted(packages, key=lambda p: str(p["ref"]))
        self._rng.shuffle(ordered)
        return ordered

    def order_quotes(self, quotes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        ordered = sorted(quotes, key=lambda q: str(q["ref"]))
        self._rng.shuffle(ordered)
        return ordered

    def target_share(self, quote: dict[str, Any]) -> Decimal:
        return Decimal(self._rng.randint(0, 100)) / 100


POLICY = PolicyChooser()
_ACTIVE: ContextVar[Chooser] = ContextVar("offline_chooser", default=POLICY)


def active_chooser() -> Chooser:
    return _ACTIVE.get()


@contextmanager
def choosing(chooser: Chooser) -> Iterator[Chooser]:
    """The offline specialist makes its choices with ``chooser`` inside this block."""
    token = _ACTIVE.set(chooser)
    try:
        yield chooser
    finally:
        _ACTIVE.reset(token)
