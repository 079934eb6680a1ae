"""One pacing cycle as one call (the unit a scheduler runs), run again safely."""

import pytest

from ad_buyer.pacing.cycle import pace_campaign
from ad_buyer.pacing.engine import PacingEngine, PacingMode
from ad_buyer.storage.db import Database

from .fake_seller import BuyerCrashed, FakeNetwork, FakeSeller
from .helpers import CPM, A, B, C, day, plan


def _world() -> FakeNetwork:
    net = FakeNetwork(FakeSeller(A, CPM, answers={"increase_delivery": "rejected"}),
                      FakeSeller(B, CPM), FakeSeller(C, CPM))
    return net


def _spend(net: FakeNetwork, a1: int, b1: int, c1: int) -> None:
    net.sellers[A].spend["a1"], net.sellers[B].spend["b1"], net.sellers[C].spend["c1"] = (
        a1, b1, c1)


async def _to_day_5(db: Database, net: FakeNetwork) -> None:
    """Day 4: a1 is asked to deliver more (its seller says no); day 5 will move budget."""
    PacingEngine.start(plan(), db, clients=net.client, run_id="run-1", mode=PacingMode.AUTO)
    _spend(net, 1_600_000_000, 5_600_000_000, 4_000_000_000)
    await pace_campaign(db, "run-1", as_of=day(4), clients=net.client)
    _spend(net, 2_000_000_000, 7_000_000_000, 5_000_000_000)


async def test_a_cycle_run_twice_for_the_same_time_sends_nothing_twice(db: Database) -> None:
    net = _world()
    await _to_day_5(db, net)
    first = await pace_campaign(db, "run-1", as_of=day(5), clients=net.client)
    sent = {url: list(s.received) for url, s in net.sellers.items()}
    again = await pace_campaign(db, "run-1", as_of=day(5), clients=net.client)
    assert {url: s.received for url, s in net.sellers.items()} == sent
    assert again.recommendation_ids == first.recommendation_ids
    assert [r["change_type"] for r in net.sellers[C].received] == ["budget"]


async def test_a_cycle_that_crashed_mid_move_is_finished_with_the_same_keys(
        db: Database) -> None:
    net = _world()
    await _to_day_5(db, net)
    net.sellers[C].crash_after_receiving.add("budget")
    with pytest.raises(BuyerCrashed):
        await pace_campaign(db, "run-1", as_of=day(5), clients=net.client)
    store = PacingEngine.open(db, "run-1", clients=net.client).store
    move = next(r for r in store.recommendations("run-1") if r.kind == "move")
    assert move.status == "executing"
    assert store.allocations("run-1")[(C, "c1")].budget_micros == 10_000_000_000

    await pace_campaign(db, "run-1", as_of=day(5), clients=net.client)
    cuts = [r for r in net.sellers[A].received
            if r["change_type"] == "budget" and move.rec_id in r["idempotency_key"]]
    assert len(cuts) == 1  # the cut was answered before the crash: not sent again
    (raise_,) = [r for r in net.sellers[C].received if r["change_type"] == "budget"]
    assert net.sellers[C].replays == [raise_["idempotency_key"]]
    assert store.recommendation(move.rec_id).status == "applied"
    allocations = store.allocations("run-1")
    assert move.amount_micros > 0
    assert allocations[(C, "c1")].budget_micros == 10_000_000_000 + move.amount_micros
    assert sum(a.budget_micros for a in allocations.values()) == plan().budget_micros


async def test_mode_is_the_runs_unless_the_call_names_one(db: Database) -> None:
    net = _world()
    PacingEngine.start(plan(), db, clients=net.client, run_id="run-1")  # manual
    _spend(net, 1_600_000_000, 5_600_000_000, 4_000_000_000)
    await pace_campaign(db, "run-1", as_of=day(4), clients=net.client)
    assert not any(s.received for s in net.sellers.values())
    _spend(net, 2_000_000_000, 7_000_000_000, 5_000_000_000)
    await pace_campaign(db, "run-1", as_of=day(5), clients=net.client, mode=PacingMode.AUTO)
    assert net.sellers[B].received  # this cycle acted: b1 was asked to throttle
    with pytest.raises(KeyError):
        await pace_campaign(db, "no-such-run", as_of=day(5), clients=net.client)
