from datetime import UTC, datetime, timedelta

import pytest

from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.events.models import EventType
from ad_buyer.pacing.engine import CycleResult, PacingEngine, PacingMode
from ad_buyer.storage.db import Database

from .fake_seller import FakeNetwork, FakeSeller
from .helpers import CPM, A, B, C, day, plan

B10 = 10_000_000_000


def _network() -> FakeNetwork:
    """a1's seller has no inventory to deliver faster: asked once, it says no."""
    return FakeNetwork(FakeSeller(A, CPM, answers={"increase_delivery": "rejected"}),
                       FakeSeller(B, CPM), FakeSeller(C, CPM))


def _engine(db: Database, net: FakeNetwork, bus: InMemoryEventBus | None = None,
            mode: PacingMode = PacingMode.AUTO) -> PacingEngine:
    return PacingEngine.start(plan(), db, clients=net.client, mode=mode, bus=bus,
                              run_id="run-1")


def _set(net: FakeNetwork, a1: int, b1: int, c1: int) -> None:
    net.sellers[A].spend["a1"] = a1
    net.sellers[B].spend["b1"] = b1
    net.sellers[C].spend["c1"] = c1


def _total(engine: PacingEngine) -> int:
    return sum(a.budget_micros for a in engine.store.allocations(engine.run_id).values())


async def _a_refuses_then_day_5(engine: PacingEngine, net: FakeNetwork) -> CycleResult:
    """Day 4: a1 is behind and asked to deliver more (refused), b1 over-delivers and is
    asked to throttle; day 5: a1 still behind, b1 over, c1 on pace."""
    _set(net, 1_600_000_000, 5_600_000_000, 4_000_000_000)
    await engine.run_cycle(day(4).date())
    _set(net, 2_000_000_000, 7_000_000_000, 5_000_000_000)
    return await engine.run_cycle(day(5).date())


def _budget_requests(seller: FakeSeller) -> list[dict[str, object]]:
    return [r for r in seller.received if r["change_type"] == "budget"]


async def test_auto_cycle_moves_budget_and_logs_everything(db: Database,
                                                           bus: InMemoryEventBus) -> None:
    net = _network()
    engine = _engine(db, net, bus)
    result = await _a_refuses_then_day_5(engine, net)
    allocations = engine.store.allocations("run-1")
    # a1 is under, c1 on pace: c1 takes what its headroom allows (2.5B). b1 over-delivers
    # and was asked to throttle on day 4; it still delivers 1.4B a day, inventory it has:
    # it takes the rest of a1's shortfall, up to what that rate spends (7B - 3B left).
    assert allocations[(A, "a1")].budget_micros == 4_400_000_000
    assert allocations[(B, "b1")].budget_micros == 13_100_000_000
    assert allocations[(C, "c1")].budget_micros == 12_500_000_000
    assert _total(engine) == engine.plan.budget_micros
    assert [r["change_type"] for r in net.sellers[A].received] == ["increase_delivery",
                                                                   "budget", "budget"]
    cut = _budget_requests(net.sellers[A])[0]
    (raise_,) = _budget_requests(net.sellers[C])
    assert cut["budget"] == {"amount_micros": 7_500_000_000, "currency": "USD"}
    assert raise_["impressions"] == 1_250_000
    assert [r["change_type"] for r in net.sellers[B].received] == ["throttle_delivery",
                                                                   "budget"]
    recs = engine.store.recommendations("run-1")
    move = next(r for r in recs if r.kind == "move")
    assert move.status == "applied"
    assert "across channels" in move.rationale
    assert len(result.recommendation_ids) == len([r for r in recs if r.as_of == move.as_of])
    for event_type in (EventType.PACING_MEASURED, EventType.PACING_ALERT,
                       EventType.PACING_REALLOCATED, EventType.CHANGE_REQUEST_SENT):
        assert bus.of_type(event_type), event_type
    assert len(engine.store.measurements("run-1")) == 6
    assert {a.kind for a in engine.store.alerts("run-1")} >= {"over_delivery", "under_delivery"}
    await engine.aclose()


async def test_refused_raise_keeps_money_unallocated_and_the_next_ask_is_smaller(
        db: Database) -> None:
    net = _network()
    net.sellers[C].answers["budget"] = "rejected"
    engine = _engine(db, net)
    await _a_refuses_then_day_5(engine, net)
    move = next(r for r in engine.store.recommendations("run-1") if r.kind == "move")
    assert move.status == "rejected"
    assert _total(engine) == engine.plan.budget_micros - 2_500_000_000
    assert [a.kind for a in engine.store.alerts("run-1") if a.kind == "change_rejected"]
    _set(net, 2_400_000_000, 8_400_000_000, 6_000_000_000)
    await engine.run_cycle(day(6).date())
    raises = [r["budget"]["amount_micros"] - B10 for r in net.sellers[C].received
              if r["change_type"] == "budget"]
    assert raises == [2_500_000_000, 1_250_000_000]  # half the refused amount
    _set(net, 2_800_000_000, 9_000_000_000, 7_000_000_000)
    await engine.run_cycle(day(7).date())
    raises = [r["budget"]["amount_micros"] - B10 for r in net.sellers[C].received
              if r["change_type"] == "budget"]
    assert len(raises) == 3
    assert 0 < raises[2] <= 625_000_000  # at most half again
    assert _total(engine) <= engine.plan.budget_micros
    await engine.aclose()


async def test_rejected_cut_leaves_target_untouched(db: Database) -> None:
    net = _network()
    net.sellers[A].answers["budget"] = "rejected"
    engine = _engine(db, net)
    await _a_refuses_then_day_5(engine, net)
    move = next(r for r in engine.store.recommendations("run-1") if r.kind == "move")
    assert move.status == "source_rejected"
    assert not net.sellers[C].received
    assert engine.store.allocations("run-1")[(C, "c1")].budget_micros == B10
    await engine.aclose()


async def test_pending_change_is_applied_when_seller_approves_later(db: Database) -> None:
    net = _network()
    net.sellers[A].answers["budget"] = "pending"
    engine = _engine(db, net)
    await _a_refuses_then_day_5(engine, net)
    assert engine.store.allocations("run-1")[(A, "a1")].budget_micros == B10
    net.sellers[A].statuses["cr-2"] = "approved"
    await engine.run_cycle(day(6).date())
    assert engine.store.allocations("run-1")[(A, "a1")].budget_micros == 7_500_000_000
    assert _total(engine) <= engine.plan.budget_micros
    await engine.aclose()


async def test_manual_mode_stores_recommendations_until_approved(db: Database) -> None:
    net = _network()
    engine = _engine(db, net, mode=PacingMode.MANUAL)
    _set(net, 1_600_000_000, 5_600_000_000, 4_000_000_000)
    await engine.run_cycle(day(4).date())
    ask = next(r for r in engine.store.recommendations("run-1", status="pending")
               if r.kind == "increase_delivery")
    assert await engine.approve(ask.rec_id) == "rejected"
    _set(net, 2_000_000_000, 7_000_000_000, 5_000_000_000)
    await engine.run_cycle(day(5).date())
    assert [r["change_type"] for r in net.sellers[A].received] == ["increase_delivery"]
    assert engine.store.allocations("run-1")[(A, "a1")].budget_micros == B10
    pending = engine.store.recommendations("run-1", status="pending")
    move = next(r for r in pending if r.kind == "move")
    other = next(r for r in pending if r.kind != "move")
    await engine.aclose()

    reopened = PacingEngine.open(db, "run-1", clients=net.client)
    assert reopened.mode is PacingMode.MANUAL
    assert await reopened.approve(move.rec_id) == "applied"
    assert reopened.store.allocations("run-1")[(C, "c1")].budget_micros == 12_500_000_000
    reopened.reject(other.rec_id)
    assert reopened.store.recommendation(other.rec_id).status == "rejected"
    with pytest.raises(ValueError, match="not pending"):
        await reopened.approve(other.rec_id)
    with pytest.raises(KeyError):
        reopened.reject("rec-nope")
    await reopened.aclose()


async def test_regressed_delivery_is_flagged_and_last_good_kept(db: Database) -> None:
    net = _network()
    engine = _engine(db, net)
    _set(net, 3_000_000_000, 3_000_000_000, 3_000_000_000)
    await engine.measure(day(3).date())
    net.sellers[A].spend["a1"] = 2_000_000_000
    booked = await engine.measure(day(4).date())
    assert (A, "a1") not in {m.key for m in booked}
    assert engine.latest()[(A, "a1")].spend_micros == 3_000_000_000
    rejected = [m for m in engine.store.measurements("run-1", accepted_only=False)
                if not m.accepted]
    assert [(m.deal_id, m.spend_micros) for m in rejected] == [("a1", 2_000_000_000)]
    assert "went backwards" in (rejected[0].problem or "")
    assert [a.kind for a in engine.store.alerts("run-1")] == ["delivery_regressed"]
    await engine.aclose()


async def test_overspend_is_flagged_not_booked(db: Database, bus: InMemoryEventBus) -> None:
    net = _network()
    engine = _engine(db, net, bus)
    _set(net, 12_000_000_000, 1_000_000_000, 1_000_000_000)
    await engine.measure(day(3).date())
    assert (A, "a1") not in engine.latest()
    alert = engine.store.alerts("run-1")[0]
    assert (alert.kind, alert.severity) == ("overspend", "critical")
    assert bus.of_type(EventType.PACING_ALERT)[0].payload["kind"] == "overspend"
    await engine.aclose()


async def test_report_for_another_deal_is_flagged(db: Database) -> None:
    net = _network()
    net.sellers[A].report_deal_id["a1"] = "someone-elses-deal"
    engine = _engine(db, net)
    _set(net, 1_000_000_000, 1_000_000_000, 1_000_000_000)
    await engine.measure(day(3).date())
    assert (A, "a1") not in engine.latest()
    assert [a.kind for a in engine.store.alerts("run-1")] == ["unknown_deal"]
    row = engine.store.measurements("run-1", accepted_only=False)[0]
    assert (row.deal_id, row.accepted) == ("someone-elses-deal", False)
    await engine.aclose()


async def test_failed_fetch_is_alerted(db: Database) -> None:
    net = _network()
    net.sellers[C].fail_performance = True
    engine = _engine(db, net)
    await engine.measure(day(3).date())
    assert [a.kind for a in engine.store.alerts("run-1")] == ["fetch_failed"]
    await engine.aclose()


async def test_stalled_deal_is_alerted_and_asked_to_resume_once(db: Database) -> None:
    net = _network()
    engine = _engine(db, net)
    for n in range(2, 6):
        _set(net, 2_000_000_000, n * 1_000_000_000, n * 1_000_000_000)
        await engine.run_cycle(day(n).date())
    stalled = [a for a in engine.store.alerts("run-1") if a.kind == "stalled"]
    assert {a.subject for a in stalled} == {f"{A}#a1"}
    increases = [r for r in net.sellers[A].received if r["change_type"] == "increase_delivery"]
    assert len(increases) == 1


async def test_run_schedule_runs_cycles_until_deadline(db: Database) -> None:
    net = _network()
    engine = _engine(db, net)
    _set(net, 2_000_000_000, 2_000_000_000, 2_000_000_000)
    now = [datetime(2026, 1, 3, tzinfo=UTC)]

    async def fake_sleep(seconds: float) -> None:
        now[0] += timedelta(seconds=seconds)

    results = await engine.run_schedule(3600, datetime(2026, 1, 3, 3, tzinfo=UTC),
                                        clock=lambda: now[0], sleep=fake_sleep,
                                        simulated=True)
    assert len(results) == 3
    assert len(engine.store.measurements("run-1")) == 9
    assert not engine.store.alerts("run-1")
    with pytest.raises(ValueError, match="positive"):
        await engine.run_schedule(0, now[0])
    await engine.aclose()


async def test_a_rejected_ask_is_not_proposed_again_and_the_budget_moves_instead(
        db: Database) -> None:
    net = FakeNetwork(FakeSeller(A, CPM), FakeSeller(B, CPM), FakeSeller(C, CPM))
    engine = _engine(db, net, mode=PacingMode.MANUAL)
    _set(net, 1_600_000_000, 4_000_000_000, 4_000_000_000)
    await engine.run_cycle(day(4).date())
    ask = next(r for r in engine.store.recommendations("run-1", status="pending")
               if r.kind == "increase_delivery")
    engine.reject(ask.rec_id, "the seller has no more inventory, we know")
    _set(net, 2_000_000_000, 5_000_000_000, 5_000_000_000)
    result = await engine.run_cycle(day(5).date())
    kinds = {(a.kind.value, a.target) for a in result.actions}
    assert ("increase_delivery", (A, "a1")) not in kinds
    assert any(kind == "move" for kind, _ in kinds)
    assert not any(s.received for s in net.sellers.values())  # manual: nothing sent
    await engine.aclose()


async def test_delivery_feeds_seller_performance_once_per_report(db: Database) -> None:
    from ad_buyer.orchestration.seller_performance import SellerPerformanceTracker

    net = _network()
    engine = _engine(db, net, mode=PacingMode.MANUAL)
    await _a_refuses_then_day_5(engine, net)
    await engine.run_cycle(day(5).date())  # the same reports again: not counted twice
    tracker = SellerPerformanceTracker(db)
    behind, ahead = tracker.stats(A), tracker.stats(B)
    assert behind.delivery_rate is not None
    assert ahead.delivery_rate is not None
    # a1 delivers behind its curve, b1 ahead (capped at 1): a1's record is worse.
    assert behind.delivery_rate < 1.0
    assert ahead.delivery_rate == 1.0
    assert behind.reliability < ahead.reliability
    once = tracker.stats(A).delivery_rate
    await engine.run_cycle(day(5).date())
    assert tracker.stats(A).delivery_rate == once
    await engine.aclose()
