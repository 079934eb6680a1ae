"""How many impressions to ask each seller for, so the channel budget is spent.

The rule (integer micros throughout, never over budget):

1. First quotes: with ``slots = min(max_deals, candidates)``, each candidate
   is asked for what ``budget / slots`` buys at its *expected* CPM (media-kit
   exact price or range low end, else the fallback CPM). So any ``slots``
   of them roughly fill the budget.
2. The optimizer picks the portfolio from the quoted (and negotiated) costs.
3. Top-up: the unspent remainder is split over the chosen deals in proportion
   to their cost; each is re-quoted at ``floor((cost + share) / effective CPM)``
   impressions (:func:`top_up_targets`). A re-quote is kept only if it passes
   the guards, prices no higher than before and still fits the budget;
   otherwise the original stays and that deal stops growing. At most
   :data:`TOP_UP_ROUNDS` rounds, stopping once the commitment reaches
   :data:`FILL_TARGET` of the budget.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from ad_buyer.models.money import impressions_for_budget

TOP_UP_ROUNDS = 2
FILL_TARGET = Decimal("0.995")


def first_quote_impressions(expected_cpm_micros: int, budget_micros: int, slots: int) -> int:
    """Impressions for a first quote: one slot's share of the budget at the expected CPM."""
    if slots < 1:
        raise ValueError("slots must be at least 1")
    if expected_cpm_micros <= 0:
        raise ValueError("expected CPM must be positive")
    return impressions_for_budget(expected_cpm_micros, budget_micros // slots)


def top_up_targets(costs: Mapping[str, int], budget_micros: int) -> dict[str, int]:
    """Spend target per deal: its cost plus a cost-proportional share of the remainder.

    Shares are floored, so the targets never sum above the budget.
    """
    total = sum(costs.values())
    remainder = budget_micros - total
    if remainder <= 0 or total <= 0:
        return dict(costs)
    return {key: cost + remainder * cost // total for key, cost in costs.items()}


def impressions_for_target(effective_cpm_micros: int, target_micros: int,
                           minimum_spend_micros: int = 0) -> int:
    """Whole impressions whose cost at ``effective_cpm_micros`` stays within the target.

    Returns 0 when the seller's minimum spend is above the target.
    """
    if minimum_spend_micros > target_micros:
        return 0
    return impressions_for_budget(effective_cpm_micros, target_micros)


def committed_share(costs: Sequence[int], budget_micros: int) -> Decimal:
    return Decimal(sum(costs)) / Decimal(budget_micros) if budget_micros else Decimal(1)
