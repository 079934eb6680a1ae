"""The pacing schedule's settings, which campaigns a tick paces, and the worker's
bad inputs (each a clear usage error, nothing started)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ad_buyer.cli import app
from ad_buyer.durable.pacing_schedule import live_pacing_runs, schedule_from
from ad_buyer.events.log import RationaleLog
from ad_buyer.pacing.models import PacedDeal, PacingPlan
from ad_buyer.pacing.store import PacingStore
from ad_buyer.storage.db import Database

runner = CliRunner()


@pytest.mark.parametrize(("every", "cron", "description"), [
    ("2s", "*/2 * * * * *", "every 2s"),
    ("15m", "0 */15 * * * *", "every 15m"),
    ("6h", "0 0 */6 * * *", "every 6h"),
    ("1d", "0 0 0 * * *", "daily at 00:00 UTC"),
])
def test_an_interval_becomes_a_cron_on_the_clock(every: str, cron: str,
                                                 description: str) -> None:
    schedule = schedule_from(every=every, env={})
    assert (schedule.cron, schedule.description) == (cron, description)


def test_the_default_is_daily_and_a_time_or_a_cron_can_be_set() -> None:
    assert schedule_from(env={}).cron == "0 0 6 * * *"
    assert schedule_from(at="23:05", env={}).description == "daily at 23:05 UTC"
    assert schedule_from(env={"AD_BUYER_PACING_CRON": "30 4 * * 1-5"}).cron == \
        "0 30 4 * * 1-5"
    assert schedule_from(env={"AD_BUYER_PACING_CRON": "*/10 * * * * *"}).cron == \
        "*/10 * * * * *"
    # an explicit option wins over the environment
    assert schedule_from(every="5m", env={"AD_BUYER_PACING_CRON": "0 4 * * *"}).cron == \
        "0 */5 * * * *"


@pytest.mark.parametrize(("every", "at", "env", "message"), [
    ("7s", None, {}, "does not divide the minute evenly"),
    ("5h", None, {}, "does not divide the day evenly"),
    ("2d", None, {}, "must be 1d"),
    ("soon", None, {}, "a number and a unit"),
    (None, "25:00", {}, "HH:MM"),
    (None, None, {"AD_BUYER_PACING_CRON": "0 4 *"}, "5 fields"),
])
def test_a_bad_schedule_is_refused_with_the_reason(every: str | None, at: str | None,
                                                   env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        schedule_from(every=every, at=at, env=env)


def _paced(db: Database, log: RationaleLog, run_id: str, start: date, end: date) -> None:
    log.start_run(run_id=run_id, name=run_id)
    deal = PacedDeal(seller_url="http://seller-a", deal_id=f"d-{run_id}", channel="audio",
                     impressions=100_000, cpm_micros=10_000_000, flight_start=start,
                     flight_end=end)
    PacingStore(db).create_run(run_id, PacingPlan(
        campaign_id=run_id, budget_micros=deal.budget_micros, flight_start=start,
        flight_end=end, deals=(deal,)), "manual")


def test_a_tick_paces_the_campaign_runs_whose_flight_is_on(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'b.db'}")
    log = RationaleLog(db)
    _paced(db, log, "on", date(2026, 3, 1), date(2026, 3, 31))
    _paced(db, log, "last-day", date(2026, 2, 1), date(2026, 3, 10))
    _paced(db, log, "over", date(2026, 1, 1), date(2026, 3, 9))
    _paced(db, log, "not-yet", date(2026, 3, 11), date(2026, 4, 30))
    # a pacing run that is no campaign run of this database (a simulation) is not paced
    store = PacingStore(db)
    plan, _mode = store.load_run("on")
    store.create_run("simulated", plan.model_copy(update={"campaign_id": "sim"}), "auto")
    assert live_pacing_runs(db, datetime(2026, 3, 10, 6, tzinfo=UTC)) == ["last-day", "on"]
    db.dispose()


def _invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", **(env or {})})
    return result.exit_code, result.output


def test_worker_bad_inputs_are_usage_errors(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'b.db'}"
    code, out = _invoke("worker", "--db", db, "--pacing-every", "7s")
    assert code == 2
    assert "does not divide the minute evenly" in out
    code, out = _invoke("worker", "--db", "sqlite:///:memory:")
    assert code == 2
    assert "in-memory" in out
    code, out = _invoke("worker", "--db", db, env={"AD_BUYER_SELLER_CONCURRENCY": "0"})
    assert code == 2
    assert "AD_BUYER_SELLER_CONCURRENCY must be at least 1" in out
    code, out = _invoke("worker", "--db", db, env={"AD_BUYER_PACING_CRON": "99 * * * *"})
    assert code == 2  # a cron of five fields that is no cron: refused by the engine
    assert "the worker cannot start" in out
    assert "Invalid cron schedule" in out
    code, out = _invoke("enqueue", "$5k, July 2026, audio", "--db", "sqlite:///:memory:")
    assert code == 2
    assert "in-memory" in out
