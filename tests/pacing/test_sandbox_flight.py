"""The engine against the in-process sandbox over real HTTP (ASGI transport)."""

from datetime import date, timedelta

import pytest

from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.events.models import EventType
from ad_buyer.pacing.engine import PacingMode
from ad_buyer.pacing.models import Thresholds
from ad_buyer.pacing.simulate import SimulatedLine, SimulationSpec, load_spec, simulate_flight
from ad_buyer.sandbox.config import FaultConfig
from ad_buyer.storage.db import Database

START = date(2027, 3, 1)


def _spec(*lines: tuple[str, str]) -> SimulationSpec:
    return SimulationSpec(days=8, lines=[SimulatedLine(seller_id=s, channel=c, impressions=500_000)
                                         for s, c in lines])


CTV_AND_DISPLAY = (("streamwave", "ctv"), ("omnicast", "ctv"), ("appreach", "display"),
                   ("pixelpress", "display"))


async def test_stalling_seller_is_noticed_and_asked_to_deliver_more(
        db: Database, bus: InMemoryEventBus) -> None:
    spec = _spec(*CTV_AND_DISPLAY).model_copy(update={"thresholds": Thresholds(
        under_warning=0.8, under_critical=0.5, stall_window=timedelta(days=1))})
    result = await simulate_flight(spec, db, shocks=["stall:streamwave"], start=START, bus=bus)
    engine = result.engine
    alerts = engine.store.alerts(engine.run_id)
    assert any(a.kind in ("stalled", "under_delivery") and "streamwave" in a.subject
               for a in alerts)
    requests = engine.store.change_requests(engine.run_id)
    resumed = [r for r in requests if r.change_type == "increase_delivery"
               and "streamwave" in r.seller_url]
    assert resumed
    assert resumed[0].status == "approved"
    assert resumed[0].change_request_id
    assert bus.of_type(EventType.CHANGE_REQUEST_SENT)
    for cycle in result.cycles:
        campaign = cycle.statuses[-1]
        assert campaign.budget_micros <= engine.plan.budget_micros
    final = result.final[-1]
    assert final.actual_micros <= engine.plan.budget_micros
    assert final.actual_micros >= 0.95 * engine.plan.budget_micros


async def test_pacing_beats_no_pacing_under_shocks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    spec = _spec(*CTV_AND_DISPLAY)
    shocks = ["stall:streamwave", "under:omnicast", "over:pixelpress"]
    paced = await simulate_flight(spec, Database(f"sqlite:///{tmp_path / 'a.db'}"),
                                  shocks=shocks, start=START)
    watched = await simulate_flight(spec, Database(f"sqlite:///{tmp_path / 'b.db'}"),
                                    shocks=shocks, start=START, mode=PacingMode.MANUAL)
    budget = paced.engine.plan.budget_micros
    paced_error = abs(budget - paced.final[-1].actual_micros)
    unpaced_error = abs(budget - watched.final[-1].actual_micros)
    assert paced_error < unpaced_error
    # Manual mode sent nothing: every decision waits for a person.
    assert not watched.engine.store.change_requests(watched.engine.run_id)
    recs = watched.engine.store.recommendations(watched.engine.run_id)
    assert recs
    assert all(r.status in ("pending", "superseded") for r in recs)


async def test_seller_rejecting_increase_is_not_asked_again(db: Database) -> None:
    # PrimeTime rejects increase_delivery; an under profile makes pacing ask for it.
    result = await simulate_flight(_spec(("primetime", "ctv"), ("streamwave", "ctv")), db,
                                   shocks=["under:primetime", "over:streamwave"], start=START)
    engine = result.engine
    requests = [r for r in engine.store.change_requests(engine.run_id)
                if "primetime" in r.seller_url and r.direction > 0]
    assert [(r.change_type, r.status) for r in requests] == [("increase_delivery", "rejected")]
    assert any(a.kind == "change_rejected" for a in engine.store.alerts(engine.run_id))
    # No deal received budget while it was over-delivering, unless it had been asked to
    # throttle first (its over-delivery then shows inventory, not a pacing fault).
    sent = engine.executor.sent_requests()
    for change in engine.store.allocation_changes(engine.run_id):
        if change.allocation.budget_micros > change.previous_micros:
            ratio = engine.status_before_changes(change.key, change.at).ratio
            assert ratio is not None
            throttled = any(r.change_type == "throttle_delivery" and r.key == change.key
                            and r.at < change.at for r in sent)
            assert ratio < engine.plan.thresholds.over_warning or throttled


async def test_regressing_and_overspending_reports_never_enter_the_books(db: Database) -> None:
    def faults(network, n: int) -> None:  # type: ignore[no-untyped-def]
        if n == 3:
            network.set_faults("appreach", FaultConfig(delivery_anomaly="regress"))
            network.set_faults("pixelpress", FaultConfig(delivery_anomaly="overspend"))
        if n == 5:
            network.clear_faults()

    result = await simulate_flight(_spec(*CTV_AND_DISPLAY), db, start=START, before_day=faults)
    engine = result.engine
    kinds = {(a.kind, a.subject.split("/sellers/")[1].split("#")[0])
             for a in engine.store.alerts(engine.run_id) if a.level == "deal"}
    assert ("delivery_regressed", "appreach") in kinds
    assert ("overspend", "pixelpress") in kinds
    rows = engine.store.measurements(engine.run_id, accepted_only=False)
    bad = [r for r in rows if not r.accepted]
    assert {r.seller_url.rsplit("/", 1)[1] for r in bad} == {"appreach", "pixelpress"}
    history = engine.store.history(engine.run_id)
    for series in history.values():
        spends = [m.spend_micros for m in series]
        assert spends == sorted(spends)
    allocations = engine.store.allocations(engine.run_id)
    for deal in engine.plan.deals:
        assert history[deal.key][-1].spend_micros <= allocations[deal.key].budget_micros
    # While their reports were bad, pacing took no action on those deals.
    bad_days = {r.as_of for r in bad}
    for rec in engine.store.recommendations(engine.run_id):
        if rec.as_of in bad_days:
            assert rec.target_seller_url.rsplit("/", 1)[1] not in {"appreach", "pixelpress"}


async def test_unknown_seller_in_shock_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="unknown sandbox seller"):
        await simulate_flight(_spec(*CTV_AND_DISPLAY), db, shocks=["stall:nobody"], start=START)
    with pytest.raises(ValueError, match="expected KIND:SELLER"):
        await simulate_flight(_spec(*CTV_AND_DISPLAY), db, shocks=["explode:streamwave"],
                              start=START)


async def test_spec_file_with_front_loaded_curve(tmp_path, db: Database) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "spec.yaml"
    path.write_text(
        "campaign_id: spring\ndays: 5\ncurve: front_loaded\nheadroom: 0.1\n"
        "lines:\n  - {seller_id: streamwave, channel: ctv, impressions: 400000}\n"
        "  - {seller_id: appreach, channel: display, impressions: 400000}\n")
    spec = load_spec(path)
    result = await simulate_flight(spec, db, start=START)
    plan = result.engine.plan
    assert plan.campaign_id == "spring"
    assert plan.curve.kind.value == "front_loaded"
    booked = sum(d.budget_micros for d in plan.deals)
    assert plan.budget_micros == booked + int(booked * 0.1)
    assert len(result.cycles) == 5
    day_two = result.cycles[1].statuses[-1]
    assert day_two.expected_fraction > 2 / 5  # front-loaded: ahead of linear
    allocations = result.engine.store.allocations(result.engine.run_id)
    assert sum(a.budget_micros for a in allocations.values()) <= plan.budget_micros


def test_spec_rejects_unknown_fields(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "spec.yaml"
    path.write_text("dayz: 5\n")
    with pytest.raises(ValueError, match="dayz"):
        load_spec(path)
