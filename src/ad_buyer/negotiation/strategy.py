"""The pluggable negotiation strategy (seed 004, "Writing a Custom Strategy").

``NegotiationClient.auto_negotiate`` asks a strategy three questions each
round, in this order: ``should_accept``, ``should_walk_away``, ``next_offer``.
Strategies are plain deterministic Python: they decide what money moves.
Prices are CPM floats rounded to the cent (``round_cpm``); comparisons go
through integer micros so 29.999999 never passes for 30.
"""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ad_buyer.models.money import cents, to_micros
from ad_buyer.negotiation.models import NegotiationSession


def round_cpm(price: float) -> float:
    """A CPM rounded half-up to the cent, as the negotiation API carries it."""
    return float(cents(price))


def cpm_le(a: float, b: float) -> bool:
    """``a <= b`` compared exactly, in micros."""
    return to_micros(a) <= to_micros(b)


@dataclass
class NegotiationContext:
    """What a strategy knows when it decides.

    The first five fields are the seed's; the rest feed smarter strategies.
    ``seller_last_price`` is None before the seller has answered (the opening
    ``next_offer`` call).
    """

    rounds_completed: int = 0
    seller_last_price: float | None = None
    our_last_offer: float | None = None
    seller_previous_price: float | None = None
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    seller_price_history: list[float] = field(default_factory=list)
    our_offer_history: list[float] = field(default_factory=list)
    seller_asking_price: float | None = None
    seller_final: bool = False
    seller_rounds_remaining: int | None = None

    @classmethod
    def from_session(
        cls, session: NegotiationSession, *, seller_asking_price: float | None = None
    ) -> NegotiationContext:
        """The context after the rounds recorded in ``session``."""
        prices = [r.seller_price for r in session.rounds]
        return cls(
            rounds_completed=len(session.rounds),
            seller_last_price=session.current_seller_price if session.rounds else None,
            our_last_offer=session.our_last_offer,
            seller_previous_price=prices[-2] if len(prices) >= 2 else None,
            started_at=session.started_at,
            seller_price_history=prices,
            our_offer_history=[r.buyer_price for r in session.rounds],
            seller_asking_price=seller_asking_price,
            seller_final=session.seller_final,
            seller_rounds_remaining=session.seller_rounds_remaining,
        )

    def seller_concession_rate(self) -> float | None:
        """The seller's mean concession per round as a fraction of its price
        (0.05 = 5% a round; negative if it raised), or None before two prices."""
        prices = self.seller_price_history
        if len(prices) < 2:
            return None
        steps = [(prev - cur) / prev for prev, cur in itertools.pairwise(prices)
                 if prev > 0]
        return sum(steps) / len(steps) if steps else None

    def seller_stalled(self) -> bool:
        """The seller's latest price is no lower than the one before it."""
        return (self.seller_previous_price is not None and self.seller_last_price is not None
                and not to_micros(self.seller_last_price) < to_micros(self.seller_previous_price))


class NegotiationStrategy(ABC):
    """Decides, each round, whether to accept, walk away, or what to offer."""

    @abstractmethod
    def should_accept(self, seller_price: float, context: NegotiationContext) -> bool:
        """Accept the seller's current price?"""

    @abstractmethod
    def next_offer(self, seller_price: float, context: NegotiationContext) -> float:
        """Our next counter (the opening offer when ``context.our_last_offer`` is None)."""

    @abstractmethod
    def should_walk_away(self, seller_price: float, context: NegotiationContext) -> bool:
        """End the negotiation without a deal?"""

    def rationale(self, seller_price: float, context: NegotiationContext) -> str:
        """A short explanation sent with a counter where the wire carries one."""
        return ""


def validate_range(target_cpm: float, max_cpm: float, max_rounds: int) -> None:
    """Shared argument checks, with errors a user can act on."""
    if target_cpm <= 0:
        raise ValueError(f"target_cpm must be positive, got {target_cpm}")
    if max_cpm < target_cpm:
        raise ValueError(f"target_cpm ({target_cpm}) must not exceed max_cpm ({max_cpm})")
    if max_rounds < 1:
        raise ValueError(f"max_rounds must be at least 1, got {max_rounds}")


def concession_curve(start: float, limit: float, progress: float, beta: float) -> float:
    """Faratin's time-dependent offer: ``start + (limit - start) * t ** (1 / beta)``.

    ``progress`` t in [0, 1] is the share of the deadline used. ``beta < 1`` is
    Boulware (hold firm, concede late), ``beta > 1`` a conceder (concede early),
    ``beta == 1`` linear.
    """
    if beta <= 0:
        raise ValueError("beta must be positive")
    t = min(max(progress, 0.0), 1.0)
    return float(start + (limit - start) * t ** (1.0 / beta))


def deadline_progress(context: NegotiationContext, max_rounds: int) -> float:
    """Share of the negotiation's deadline used, in [0, 1].

    The deadline is our ``max_rounds`` or, if sooner, the seller's announced
    end (``seller_rounds_remaining``; a ``final_offer`` means no more rounds).
    Progress reaches 1 at the last counter we can still send.
    """
    horizon = max_rounds
    if context.seller_final:
        horizon = min(horizon, context.rounds_completed + 1)
    elif context.seller_rounds_remaining is not None:
        horizon = min(horizon, context.rounds_completed + context.seller_rounds_remaining)
    if horizon <= 1:
        return 1.0 if context.rounds_completed >= 1 else 0.0
    return min(context.rounds_completed / (horizon - 1), 1.0)
