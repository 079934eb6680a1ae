"""``SimpleThresholdStrategy`` (seed 004): fixed thresholds, linear concessions.

- Accept: seller price <= ``max_cpm``.
- Next offer: ``target_cpm`` to open, then last offer + ``concession_step``,
  capped at ``max_cpm``.
- Walk away: ``max_rounds`` rounds completed, or the seller has not moved
  since the last round.
"""

from __future__ import annotations

from ad_buyer.negotiation.strategy import (
    NegotiationContext,
    NegotiationStrategy,
    cpm_le,
    round_cpm,
    validate_range,
)


class SimpleThresholdStrategy(NegotiationStrategy):
    """Open at ``target_cpm``, concede ``concession_step`` a round up to ``max_cpm``."""

    def __init__(
        self,
        target_cpm: float,
        max_cpm: float,
        concession_step: float,
        max_rounds: int = 5,
    ) -> None:
        validate_range(target_cpm, max_cpm, max_rounds)
        if not concession_step >= 0:  # 0 keeps offering the target (seed 004's reference)
            raise ValueError(f"concession_step must be zero or positive, got {concession_step}")
        self.target_cpm = round_cpm(target_cpm)
        self.max_cpm = round_cpm(max_cpm)
        self.concession_step = concession_step
        self.max_rounds = max_rounds

    def should_accept(self, seller_price: float, context: NegotiationContext) -> bool:
        return cpm_le(seller_price, self.max_cpm)

    def next_offer(self, seller_price: float, context: NegotiationContext) -> float:
        if context.our_last_offer is None:
            return self.target_cpm
        return round_cpm(min(context.our_last_offer + self.concession_step, self.max_cpm))

    def should_walk_away(self, seller_price: float, context: NegotiationContext) -> bool:
        return context.rounds_completed >= self.max_rounds or context.seller_stalled()

    def __repr__(self) -> str:
        return (f"SimpleThresholdStrategy(target_cpm={self.target_cpm}, max_cpm={self.max_cpm}, "
                f"concession_step={self.concession_step}, max_rounds={self.max_rounds})")
