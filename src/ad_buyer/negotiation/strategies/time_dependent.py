"""Shared machinery of the time-dependent strategies (Adaptive, Competitive).

Offers follow ``concession_curve(start, limit, progress, beta)`` over the
negotiation's deadline; a subclass picks the start, the limit (never above
its ceiling) and ``beta`` for the situation. Offers never go down, never
above the limit, and never above what the seller is already asking.
"""

from __future__ import annotations

from abc import abstractmethod

from ad_buyer.models.money import to_micros
from ad_buyer.negotiation.strategy import (
    NegotiationContext,
    NegotiationStrategy,
    concession_curve,
    cpm_le,
    deadline_progress,
    round_cpm,
    validate_range,
)


class TimeDependentStrategy(NegotiationStrategy):
    def __init__(self, target_cpm: float, max_cpm: float, max_rounds: int) -> None:
        validate_range(target_cpm, max_cpm, max_rounds)
        self.target_cpm = round_cpm(target_cpm)
        self.max_cpm = round_cpm(max_cpm)
        self.max_rounds = max_rounds

    @property
    @abstractmethod
    def opening_price(self) -> float:
        """Where the curve starts."""

    @property
    @abstractmethod
    def limit_price(self) -> float:
        """The most we will ever offer or accept."""

    @abstractmethod
    def beta(self, context: NegotiationContext) -> float:
        """Curve shape for this moment: < 1 holds firm, > 1 concedes early."""

    def aspiration(self, context: NegotiationContext) -> float:
        """The price we are willing to pay now (the curve, before any caps)."""
        progress = deadline_progress(context, self.max_rounds)
        return concession_curve(self.opening_price, self.limit_price, progress,
                                self.beta(context))

    def next_offer(self, seller_price: float, context: NegotiationContext) -> float:
        if context.our_last_offer is None:
            return self.opening_price
        offer = max(self.aspiration(context), context.our_last_offer)
        offer = min(offer, self.limit_price)
        if context.seller_last_price is not None:
            offer = min(offer, seller_price)
        return round_cpm(offer)

    def should_accept(self, seller_price: float, context: NegotiationContext) -> bool:
        if not cpm_le(seller_price, self.limit_price):
            return False
        at_end = (context.seller_final or context.seller_stalled()
                  or deadline_progress(context, self.max_rounds) >= 1.0)
        willing = max(self.aspiration(context), context.our_last_offer or 0.0)
        return at_end or cpm_le(seller_price, round_cpm(willing))

    def should_walk_away(self, seller_price: float, context: NegotiationContext) -> bool:
        if context.rounds_completed >= self.max_rounds:
            return True
        above_limit = not cpm_le(seller_price, self.limit_price)
        offered_limit = (context.our_last_offer is not None
                         and cpm_le(self.limit_price, context.our_last_offer))
        # Once we have offered our limit, a seller still above it will not meet us.
        if above_limit and offered_limit and (context.seller_final or context.seller_stalled()):
            return True
        history = context.seller_price_history
        firm_above = (len(history) >= 3 and above_limit
                      and to_micros(history[-1]) == to_micros(history[-2])
                      == to_micros(history[-3]))
        return firm_above
