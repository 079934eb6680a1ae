"""Shared machinery of the time-dependent strategies (Adaptive, Competitive).

Offers follow ``concession_curve(start, limit, progress, beta)`` over the
negotiation's deadline; a subclass picks the start, the limit and ``beta``
for the situation. Offers never go down, never above the limit, and never
above what the seller is already asking. At the deadline (the seller's final
offer, or the last round either side allows) the strategy may go up to its
*ceiling*: by default the limit; a subclass whose limit is a leverage point
below what it could pay sets a higher ceiling (never above ``max_cpm``).

A seller that has announced how many rounds it has left is given them: firm
prices are not read as a refusal before its deadline (a Boulware seller
holds, then concedes late).
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

    @property
    def ceiling_price(self) -> float:
        """The most it will pay, at the deadline only (by default, the limit)."""
        return self.limit_price

    def at_deadline(self, context: NegotiationContext) -> bool:
        """The seller made its final offer, or this is the last round either allows."""
        return context.seller_final or deadline_progress(context, self.max_rounds) >= 1.0

    def aspiration(self, context: NegotiationContext) -> float:
        """The price we are willing to pay now (the curve, before any caps)."""
        progress = deadline_progress(context, self.max_rounds)
        return concession_curve(self.opening_price, self.limit_price, progress,
                                self.beta(context))

    def next_offer(self, seller_price: float, context: NegotiationContext) -> float:
        if context.our_last_offer is None:
            return self.opening_price
        if self.at_deadline(context):  # the last word: the most we would pay
            offer = self.ceiling_price
        else:
            offer = min(max(self.aspiration(context), context.our_last_offer), self.limit_price)
        offer = max(offer, context.our_last_offer)
        if context.seller_last_price is not None:
            offer = min(offer, seller_price)
        return round_cpm(offer)

    def should_accept(self, seller_price: float, context: NegotiationContext) -> bool:
        if not cpm_le(seller_price, self.ceiling_price):
            return False
        if self.at_deadline(context):
            return True
        if not cpm_le(seller_price, self.limit_price):
            return False
        willing = max(self.aspiration(context), context.our_last_offer or 0.0)
        return context.seller_stalled() or cpm_le(seller_price, round_cpm(willing))

    def should_walk_away(self, seller_price: float, context: NegotiationContext) -> bool:
        if context.rounds_completed >= self.max_rounds:
            return True
        above = not cpm_le(seller_price, self.ceiling_price)
        offered_ceiling = (context.our_last_offer is not None
                           and cpm_le(self.ceiling_price, context.our_last_offer))
        # Once we have offered our ceiling, a seller still above it will not meet us.
        if above and offered_ceiling and (context.seller_final or context.seller_stalled()):
            return True
        if context.seller_rounds_remaining is not None and not context.seller_final:
            return False  # it said how long it negotiates: firmness is not a refusal yet
        history = context.seller_price_history
        firm_above = (len(history) >= 3 and above
                      and to_micros(history[-1]) == to_micros(history[-2])
                      == to_micros(history[-3]))
        return firm_above
