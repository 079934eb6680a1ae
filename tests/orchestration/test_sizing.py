"""The quote-sizing and top-up rule (integer micros, never over budget)."""

from __future__ import annotations

import random

import pytest

from ad_buyer.models.money import cost_micros, impressions_for_budget
from ad_buyer.orchestration.sizing import (
    first_quote_impressions,
    impressions_for_target,
    top_up_targets,
)


def test_first_quote_is_one_slots_share_at_the_expected_price() -> None:
    size = first_quote_impressions(25_000_000, 100_000_000_000, 3)
    assert size == impressions_for_budget(25_000_000, 100_000_000_000 // 3)
    assert cost_micros(25_000_000, size) <= 100_000_000_000 // 3
    with pytest.raises(ValueError, match="slots"):
        first_quote_impressions(25_000_000, 1, 0)
    with pytest.raises(ValueError, match="positive"):
        first_quote_impressions(0, 1, 1)


def test_top_up_splits_the_remainder_in_proportion_and_never_over() -> None:
    targets = top_up_targets({"a": 30, "b": 10}, 80)
    assert targets == {"a": 60, "b": 20}
    assert top_up_targets({"a": 50}, 40) == {"a": 50}  # nothing to add
    rng = random.Random(7)
    for _ in range(200):
        costs = {str(i): rng.randint(1, 10**10) for i in range(rng.randint(1, 6))}
        budget = sum(costs.values()) + rng.randint(0, 10**11)
        out = top_up_targets(costs, budget)
        assert sum(out.values()) <= budget
        assert sum(out.values()) >= budget - len(costs)
        assert all(out[k] >= costs[k] for k in costs)


def test_impressions_for_target_respects_the_minimum_spend() -> None:
    assert impressions_for_target(20_000_000, 1_000_000_000) == 50_000
    assert impressions_for_target(20_000_000, 1_000_000_000, 2_000_000_000) == 0
