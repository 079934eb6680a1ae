"""``CompetitiveStrategy``: negotiate with a competing quote in hand.

The best competing price from other sellers is leverage:

- it opens ``opening_discount`` below ``min(max_cpm, best_competing_price)``
  (or at ``target_cpm`` if lower) and concedes Boulware-style (``beta`` < 1,
  holding firm until late) toward that point, never past it before the
  seller's deadline;
- its rationale tells the seller it holds a competing offer (the exact price
  only if ``disclose_competing_price``).

At the seller's deadline (its final offer, or the last round either side
allows) it accepts, or offers, up to ``max_cpm``: a competitor's quote is for
other inventory, and a failed negotiation leaves the seller's quote at its full
ask, so the best price this seller will give is worth taking; which seller
wins is decided afterwards, on the negotiated quotes. It never pays above
``max_cpm``. It waits out a seller that announced its rounds (firm prices are
not a refusal before the deadline) and negotiates up to ``max_rounds``.

Parameters: ``target_cpm``, ``max_cpm``, ``best_competing_price``,
``max_rounds`` (default 10), ``opening_discount`` (default 0.15),
``beta`` (default 0.5). ``observe_competing_quote`` lowers the leverage point
when a better quote arrives mid-negotiation.
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
        max_rounds: int = 10,
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
        """Where concessions stop before the deadline: the competition, or max_cpm."""
        return min(self.max_cpm, self.best_competing_price)

    @property
    def ceiling_price(self) -> float:
        return self.max_cpm

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
