"""``AdaptiveStrategy``: concede in answer to how the seller concedes.

Offers follow the time-dependent family
``offer(t) = target + (max - target) * t ** (1 / beta)`` over the deadline
(our ``max_rounds``, or sooner if the seller announces its end), and
``beta`` moves with the seller's observed mean concession per round ``r``:

- ``r >= generous_rate`` (the seller concedes a lot): ``beta / adaptivity``,
  Boulware, we hold firm and let it come to us;
- ``r <= firm_rate`` (the seller is firm): ``beta * adaptivity``, we concede
  faster, since waiting buys nothing;
- in between, geometrically interpolated; before two seller prices, ``beta``.

It accepts a price at or below ``max_cpm`` once that price is at or below
its current aspiration, the seller has stopped moving or made a final
offer, or the deadline has come. It never offers above ``max_cpm``.

Parameters: ``target_cpm`` (opening offer), ``max_cpm`` (ceiling),
``max_rounds`` (default 6), ``beta`` (base shape, default 1.0 = linear),
``firm_rate`` / ``generous_rate`` (default 1% / 4% a round),
``adaptivity`` (how far beta moves, default 2.0).
"""

from __future__ import annotations

from ad_buyer.negotiation.strategies.time_dependent import TimeDependentStrategy
from ad_buyer.negotiation.strategy import NegotiationContext


class AdaptiveStrategy(TimeDependentStrategy):
    def __init__(
        self,
        target_cpm: float,
        max_cpm: float,
        max_rounds: int = 6,
        *,
        beta: float = 1.0,
        firm_rate: float = 0.01,
        generous_rate: float = 0.04,
        adaptivity: float = 2.0,
    ) -> None:
        super().__init__(target_cpm, max_cpm, max_rounds)
        if beta <= 0:
            raise ValueError(f"beta must be positive, got {beta}")
        if not 0 <= firm_rate < generous_rate:
            raise ValueError("need 0 <= firm_rate < generous_rate")
        if adaptivity < 1:
            raise ValueError(f"adaptivity must be at least 1, got {adaptivity}")
        self.base_beta = beta
        self.firm_rate = firm_rate
        self.generous_rate = generous_rate
        self.adaptivity = adaptivity

    @property
    def opening_price(self) -> float:
        return self.target_cpm

    @property
    def limit_price(self) -> float:
        return self.max_cpm

    def beta(self, context: NegotiationContext) -> float:
        rate = context.seller_concession_rate()
        if rate is None:
            return self.base_beta
        span = self.generous_rate - self.firm_rate
        generosity = min(max((rate - self.firm_rate) / span, 0.0), 1.0)
        return float(self.base_beta * self.adaptivity ** (1.0 - 2.0 * generosity))

    def rationale(self, seller_price: float, context: NegotiationContext) -> str:
        rate = context.seller_concession_rate()
        if rate is None:
            return "Opening at our target price."
        stance = ("holding firm" if rate >= self.generous_rate
                  else "moving toward you" if rate <= self.firm_rate else "conceding steadily")
        return f"You conceded {rate:.1%} a round on average; we are {stance}."

    def __repr__(self) -> str:
        return (f"AdaptiveStrategy(target_cpm={self.target_cpm}, max_cpm={self.max_cpm}, "
                f"max_rounds={self.max_rounds}, beta={self.base_beta})")
