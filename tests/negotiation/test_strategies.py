from datetime import datetime

import pytest

from ad_buyer.negotiation.strategies import (
    AdaptiveStrategy,
    CompetitiveStrategy,
    SimpleThresholdStrategy,
)
from ad_buyer.negotiation.strategy import (
    NegotiationContext,
    NegotiationStrategy,
    concession_curve,
    deadline_progress,
)


def ctx(sellers: list[float], offers: list[float], **extra: object) -> NegotiationContext:
    return NegotiationContext(
        rounds_completed=len(sellers),
        seller_last_price=sellers[-1] if sellers else None,
        our_last_offer=offers[-1] if offers else None,
        seller_previous_price=sellers[-2] if len(sellers) >= 2 else None,
        seller_price_history=sellers,
        our_offer_history=offers,
        **extra,  # type: ignore[arg-type]
    )


# ---- SimpleThreshold: exactly the seed's table ----

def test_simple_opens_at_target_and_concedes_by_step_capped_at_max() -> None:
    s = SimpleThresholdStrategy(target_cpm=20.0, max_cpm=30.0, concession_step=2.0, max_rounds=5)
    assert s.next_offer(0.0, NegotiationContext()) == 20.0
    assert s.next_offer(32.0, ctx([32.0], [20.0])) == 22.0
    assert s.next_offer(40.0, ctx([40.0, 39.0], [20.0, 29.0])) == 30.0


def test_simple_accepts_at_or_below_max_only() -> None:
    s = SimpleThresholdStrategy(20, 30, 2, 5)
    assert s.should_accept(30.0, ctx([30.0], [20.0]))
    assert s.should_accept(28.0, ctx([28.0], [20.0]))
    assert not s.should_accept(30.01, ctx([30.01], [20.0]))


def test_simple_walks_away_after_max_rounds_or_when_seller_stalls() -> None:
    s = SimpleThresholdStrategy(20, 30, 2, max_rounds=3)
    assert not s.should_walk_away(35.0, ctx([36.0, 35.0], [20.0, 22.0]))
    assert s.should_walk_away(34.0, ctx([36.0, 35.0, 34.0], [20.0, 22.0, 24.0]))
    assert s.should_walk_away(35.0, ctx([35.0, 35.0], [20.0, 22.0]))
    assert s.should_walk_away(36.0, ctx([35.0, 36.0], [20.0, 22.0]))
    assert not s.should_walk_away(35.0, ctx([35.0], [20.0]))


@pytest.mark.parametrize(("args", "message"), [
    ((30, 20, 2, 5), "must not exceed max_cpm"),
    ((20, 30, -1, 5), "concession_step must be zero or positive"),
    ((20, 30, float("nan"), 5), "concession_step must be zero or positive"),
    ((20, 30, 2, 0), "max_rounds must be at least 1"),
    ((0, 30, 2, 5), "target_cpm must be positive"),
])
def test_simple_rejects_bad_arguments(args: tuple[float, float, float, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SimpleThresholdStrategy(*args)


# ---- the time-dependent family ----

def test_concession_curve_shapes() -> None:
    assert concession_curve(20, 30, 0.0, 0.5) == 20
    assert concession_curve(20, 30, 1.0, 0.5) == 30
    assert concession_curve(20, 30, 0.5, 1.0) == pytest.approx(25)
    assert concession_curve(20, 30, 0.5, 0.5) < 25 < concession_curve(20, 30, 0.5, 2.0)
    with pytest.raises(ValueError, match="beta"):
        concession_curve(20, 30, 0.5, 0)


def test_deadline_follows_the_seller_when_it_is_sooner() -> None:
    assert deadline_progress(ctx([40.0], [20.0]), 6) == pytest.approx(1 / 5)
    assert deadline_progress(ctx([40.0], [20.0], seller_rounds_remaining=1), 6) == 1.0
    assert deadline_progress(ctx([40.0, 39.0], [20.0, 21.0], seller_final=True), 6) == 1.0


def test_adaptive_holds_firm_against_a_generous_seller_and_concedes_to_a_firm_one() -> None:
    s = AdaptiveStrategy(target_cpm=20.0, max_cpm=30.0, max_rounds=6)
    generous = ctx([40.0, 36.0, 32.4], [20.0, 21.0, 22.0])  # ~10% a round
    firm = ctx([40.0, 39.9, 39.8], [20.0, 21.0, 22.0])  # ~0.25% a round
    assert s.beta(generous) < 1.0 < s.beta(firm)
    assert s.next_offer(32.4, generous) < s.next_offer(39.8, firm)
    assert s.next_offer(32.4, generous) >= 22.0  # never retreats


def test_adaptive_never_offers_above_max_or_above_the_ask() -> None:
    s = AdaptiveStrategy(20.0, 30.0, max_rounds=3)
    late = ctx([50.0, 50.0, 50.0], [20.0, 25.0, 29.0], seller_final=True)
    assert s.next_offer(50.0, late) == 30.0
    below_max = ctx([26.0, 25.0], [20.0, 24.0])
    assert s.next_offer(25.0, below_max) <= 25.0


def test_adaptive_accepts_only_within_max_and_when_the_time_is_right() -> None:
    s = AdaptiveStrategy(20.0, 30.0, max_rounds=6)
    early = ctx([29.0], [20.0])
    assert not s.should_accept(29.0, early)  # within max, but it can do better
    assert s.should_accept(29.0, ctx([29.5, 29.0], [20.0, 22.0], seller_final=True))
    assert s.should_accept(20.5, ctx([21.0, 20.5], [20.0, 20.2]))
    assert not s.should_accept(31.0, ctx([31.0, 31.0], [20.0, 30.0], seller_final=True))
    assert s.should_walk_away(31.0, ctx([31.0, 31.0], [25.0, 30.0], seller_final=True))
    assert s.should_walk_away(40.0, ctx([40.0] * 6, [20.0] * 6))


@pytest.mark.parametrize("kwargs", [
    {"beta": 0}, {"firm_rate": 0.05, "generous_rate": 0.01}, {"adaptivity": 0.5}])
def test_adaptive_rejects_bad_parameters(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each parameter has its own message
        AdaptiveStrategy(20.0, 30.0, **kwargs)


def test_competitive_holds_at_the_competing_price_until_the_deadline() -> None:
    s = CompetitiveStrategy(target_cpm=22.0, max_cpm=35.0, best_competing_price=28.0)
    assert (s.limit_price, s.ceiling_price, s.max_rounds) == (28.0, 35.0, 10)
    assert s.next_offer(0.0, NegotiationContext()) == pytest.approx(22.0)
    leverage = CompetitiveStrategy(target_cpm=30.0, max_cpm=35.0, best_competing_price=28.0)
    assert leverage.opening_price == pytest.approx(23.8)  # 15% below the competitor
    # Before the seller's deadline: nothing above the competing price.
    open_ = ctx([31.0, 29.0], [24.0, 26.0], seller_rounds_remaining=3)
    assert not s.should_accept(29.0, open_)
    assert s.next_offer(29.0, open_) <= 28.0
    assert not s.should_walk_away(29.0, open_)
    # At its final offer: the best price this seller gives, up to max_cpm.
    final = ctx([29.0, 28.5], [24.0, 26.0], seller_final=True)
    assert s.should_accept(28.5, final)
    assert not s.should_accept(36.0, ctx([37.0, 36.0], [24.0, 26.0], seller_final=True))
    assert s.next_offer(36.0, ctx([37.0, 36.0], [24.0, 26.0], seller_final=True)) == 35.0
    assert s.should_walk_away(36.0, ctx([37.0, 36.0], [26.0, 35.0], seller_final=True))
    s.observe_competing_quote(26.5)
    assert s.limit_price == 26.5
    assert s.next_offer(29.0, open_) <= 26.5
    s.observe_competing_quote(40.0)
    assert s.limit_price == 26.5


def test_a_seller_that_announced_its_rounds_is_waited_out() -> None:
    s = AdaptiveStrategy(20.0, 30.0, max_rounds=10)
    firm = [40.0, 40.0, 40.0]
    assert not s.should_walk_away(40.0, ctx(firm, [20.0, 21.0, 22.0],
                                            seller_rounds_remaining=4))
    assert s.should_walk_away(40.0, ctx(firm, [20.0, 21.0, 22.0]))  # no deadline given


def test_competitive_rationale_uses_the_leverage() -> None:
    quiet = CompetitiveStrategy(22.0, 35.0, best_competing_price=28.0)
    loud = CompetitiveStrategy(22.0, 35.0, best_competing_price=28.0,
                               disclose_competing_price=True)
    assert "competing quote" in quiet.rationale(31.0, ctx([31.0], [22.0]))
    assert "28.00" not in quiet.rationale(31.0, ctx([31.0], [22.0]))
    assert "$28.00" in loud.rationale(31.0, ctx([31.0], [22.0]))


# ---- the seed's custom strategy ----

class MyCustomStrategy(NegotiationStrategy):
    def should_accept(self, seller_price: float, context: NegotiationContext) -> bool:
        return seller_price <= 25.0

    def next_offer(self, seller_price: float, context: NegotiationContext) -> float:
        if context.our_last_offer is None:
            return 18.0
        return (context.our_last_offer + seller_price) / 2

    def should_walk_away(self, seller_price: float, context: NegotiationContext) -> bool:
        if context.rounds_completed >= 3:
            return True
        if (context.seller_previous_price is not None  # noqa: SIM103 - the seed's code
                and seller_price >= context.seller_previous_price):
            return True
        return False


def test_seed_custom_strategy_and_context_fields() -> None:
    s = MyCustomStrategy()
    fresh = NegotiationContext()
    assert isinstance(fresh.started_at, datetime)
    assert (fresh.rounds_completed, fresh.our_last_offer, fresh.seller_previous_price) == (
        0, None, None)
    assert s.next_offer(0.0, fresh) == 18.0
    assert s.next_offer(30.0, ctx([30.0], [18.0])) == 24.0
    assert s.rationale(30.0, fresh) == ""


def test_context_concession_rate() -> None:
    assert ctx([40.0], [20.0]).seller_concession_rate() is None
    assert ctx([40.0, 36.0], [20.0, 21.0]).seller_concession_rate() == pytest.approx(0.1)
    assert ctx([40.0, 36.0], [20.0, 21.0]).seller_stalled() is False
    assert ctx([36.0, 36.0], [20.0, 21.0]).seller_stalled() is True


@pytest.mark.parametrize("make", [
    lambda: AdaptiveStrategy(20.0, 30.0, max_rounds=6),
    lambda: AdaptiveStrategy(20.0, 30.0, max_rounds=3, beta=0.3, adaptivity=4.0),
    lambda: CompetitiveStrategy(20.0, 30.0, best_competing_price=27.0),
    lambda: SimpleThresholdStrategy(20.0, 30.0, 3.0, 6),
], ids=["adaptive", "adaptive-boulware", "competitive", "simple"])
def test_offers_stay_within_bounds_over_random_seller_histories(make: object) -> None:
    import random

    rng = random.Random(7)
    for _ in range(300):
        strategy = make()  # type: ignore[operator]
        ceiling = getattr(strategy, "ceiling_price", 30.0)
        limit = getattr(strategy, "limit_price", ceiling)
        sellers: list[float] = []
        offers: list[float] = []
        ask = rng.uniform(25.0, 45.0)
        final = False
        deadline = rng.choice([None, 2, 3, 5, 9])  # the rounds the seller announced
        for round_ in range(8):
            remaining = None if deadline is None else max(1, deadline - round_)
            context = ctx(list(sellers), list(offers), seller_final=final,
                          seller_rounds_remaining=remaining)
            offer = strategy.next_offer(ask if sellers else 0.0, context)
            assert offer <= ceiling + 1e-9
            if hasattr(strategy, "at_deadline") and not strategy.at_deadline(context):
                # The competing price holds until the deadline (offers never go back down).
                assert offer <= max([limit, *offers]) + 1e-9
            if offers:
                assert offer >= offers[-1] - 1e-9  # never retreats
                if not isinstance(strategy, SimpleThresholdStrategy):
                    assert offer <= ask + 1e-9  # never offers more than asked
            offers.append(offer)
            if final or remaining == 1:
                break  # the seller's last round: one more counter ends it
            ask = round(max(ask * rng.uniform(0.9, 1.0), 1.0), 2)
            sellers.append(ask)
            final = rng.random() < 0.15
            after = ctx(list(sellers), list(offers), seller_final=final,
                        seller_rounds_remaining=None if deadline is None
                        else max(1, deadline - round_ - 1))
            if strategy.should_accept(ask, after):
                assert ask <= ceiling + 1e-9
                break
            if strategy.should_walk_away(ask, after):
                break
