"""``CompetitiveStrategy``: negotiate with a competing quote in hand.

The best competing price from other sellers is both:

- the walk-away point: it never accepts or offers above
  ``min(max_cpm, best_competing_price)`` (buying here above the competitor's
  price makes no sense);
- leverage: it opens ``opening_discount`` below that point (or at
  ``target_cpm`` if lower), concedes Boulware-style (``beta`` < 1, holding
  firm until late), and its rationale tells the seller it holds a competing
  offer (the exact price only if ``disclose_competing_price``).

Parameters: ``target_cpm``, ``max_cpm``, ``best_competing_price``,
``max_rounds`` (default 6), ``opening_discount`` (default 0.15),
``beta`` (default 0.5). ``observe_competing_quote`` lowers the walk-away
point when a better quote arrives mid-negotiation.
"""

from __future__ import annotations

from ad_buyer.negotiation.strategies.time_dependent import TimeDependentStrategy
from ad_buyer.negotiation.strategy import NegotiationContext, round_cpm


class CompetitiveStrategy(TimeDependentStrategy):
    def __init__(
        self,
        target_cpm: float,
        max_cpm: float,
        best_competing_price: float,
        max_rounds: int = 6,
        *,
        opening_discount: float = 0.15,
        beta: float = 0.5,
        disclose_competing_price: bool = False,
    ) -> None:
        super().__init__(target_cpm, max_cpm, max_rounds)
        if best_competing_price <= 0:
            raise ValueError(f"best_competing_price must be positive, got {best_competing_price}")
        if not 0 <= opening_discount < 1:
            raise ValueError("opening_discount must be in [0, 1)")
        if beta <= 0:
            raise ValueError(f"beta must be positive, got {beta}")
        self.best_competing_price = round_cpm(best_competing_price)
        self.opening_discount = opening_discount
        self.curve_beta = beta
        self.disclose_competing_price = disclose_competing_price

    def observe_competing_quote(self, price: float) -> None:
        """A new competing quote: keep the best (lowest)."""
        if price > 0:
            self.best_competing_price = min(self.best_competing_price, round_cpm(price))

    @property
    def limit_price(self) -> float:
        return min(self.max_cpm, self.best_competing_price)

    @property
    def opening_price(self) -> float:
        return round_cpm(min(self.target_cpm, self.limit_price * (1 - self.opening_discount)))

    def beta(self, context: NegotiationContext) -> float:
        return self.curve_beta

    def rationale(self, seller_price: float, context: NegotiationContext) -> str:
        if self.disclose_competing_price:
            return (f"We hold a competing quote at ${self.best_competing_price:.2f} CPM "
                    "for comparable inventory; our offer reflects it.")
        if seller_price > self.best_competing_price:
            return "We hold a competing quote for comparable inventory below your price."
        return "We are comparing quotes from several sellers for this inventory."

    def __repr__(self) -> str:
        return (f"CompetitiveStrategy(target_cpm={self.target_cpm}, max_cpm={self.max_cpm}, "
                f"best_competing_price={self.best_competing_price}, "
                f"max_rounds={self.max_rounds})")
