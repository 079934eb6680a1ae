"""Scale past one machine: workers on one Postgres share the campaign queue and the
pacing schedule (issue 9).

One scenario, run once for this module: two ``ad-buyer worker`` processes, each
with its own home as if on its own machine, take 20 campaigns queued with
``ad-buyer enqueue`` and pace them every 2 seconds. They buy from one sandbox
served on loopback, the shared counterparty whose booked deals are compared with
the buyer's records and which counts the requests each seller serves at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from dbos import DBOSClient
from sqlalchemy import func, select
from typer.testing import CliRunner
from worker_processes import (
    Worker,
    buyer_deals,
    run_statuses,
    sandbox_deals,
    stop_all,
    wait_for,
)

from ad_buyer.cli import app
from ad_buyer.durable.engine import system_database_url
from ad_buyer.durable.pacing_schedule import SCHEDULE_NAME, TICK_WORKFLOW
from ad_buyer.durable.workflows import WORKFLOW_NAME
from ad_buyer.pacing.store import PacingMeasurementRow, PacingStore
from ad_buyer.sandbox.config import FaultConfig, SandboxConfig
from ad_buyer.sandbox.testing import InFlightMeter, running_sandbox
from ad_buyer.storage.db import Database

pytestmark = pytest.mark.server

CAMPAIGNS = 20
PER_SELLER = 2
BUDGET = 4_000
runner = CliRunner()


def _brief(n: int, today: date) -> str:
    """A small audio buy whose flight is on today (so pacing ticks pace it)."""
    start, end = today - timedelta(days=10), today + timedelta(days=50)
    return (f"Campaign: Queue Audio {n}. Budget $4k, flight {start:%B %-d %Y} - "
            f"{end:%B %-d %Y}. Audio only, adults 18-34 in the US. Goal: awareness. "
            "Max $20 CPM. PD.")


def _world() -> SandboxConfig:
    """The default sellers, each answering after 20 ms (so requests overlap)."""
    from ad_buyer.sandbox.catalog import default_sellers

    return SandboxConfig(sellers=[s.model_copy(update={"faults": FaultConfig(latency_ms=20)})
                                  for s in default_sellers(42)])


def _cli(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def _workflows(db_url: str, name: str) -> list[Any]:
    client = DBOSClient(system_database_url=system_database_url(db_url))
    try:
        return client.list_workflows(name=name)
    finally:
        client.destroy()


def _measurements(db_url: str) -> list[tuple[str, str, str, datetime, int]]:
    """(run, seller, deal, as of, rows) for every pacing measurement time."""
    database = Database(db_url)
    row = PacingMeasurementRow
    try:
        with database.session() as session:
            found = session.execute(
                select(row.run_id, row.seller_url, row.deal_id, row.as_of, func.count())
                .group_by(row.run_id, row.seller_url, row.deal_id, row.as_of)).all()
        return [(r, s, d, a if a.tzinfo else a.replace(tzinfo=UTC), int(n))
                for r, s, d, a, n in found]
    finally:
        database.dispose()


@dataclass
class Scenario:
    db_url: str
    run_ids: list[str]
    auto: set[str]  # runs queued with --pacing auto (the others manual)
    queued_listing: str
    repeat_exit: int
    repeat_output: str
    workers: list[Worker]
    codes: list[int]
    outputs: list[str]
    at_sellers: list[tuple[str, str, str]]
    peak: dict[str, int]


def _paced_twice(db_url: str, run_ids: list[str]) -> bool:
    times: dict[str, set[datetime]] = {run: set() for run in run_ids}
    for run, _seller, _deal, at, _n in _measurements(db_url):
        times.setdefault(run, set()).add(at)
    return all(len(times[run]) >= 2 for run in run_ids)


@pytest.fixture(scope="module")
def scenario(postgres_server: str, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[Scenario]:
    from postgres_cluster import fresh_database

    today = date.today()
    meter = InFlightMeter()
    home = tmp_path_factory.mktemp("workers")
    with fresh_database(postgres_server) as db_url, \
            running_sandbox(_world(), meter=meter) as network:
        enqueue = ["--db", db_url, "--registry-url", network.registry_url,
                   "--reference-date", today.isoformat(), "--allow-past"]
        run_ids, auto = [], set()
        for n in range(CAMPAIGNS):
            mode = "auto" if n % 2 else "manual"
            out = _cli("enqueue", _brief(n, today), *enqueue, "--pacing", mode)
            assert "queued: a worker will take it" in out
            run_ids.append(out.split()[1])
            if mode == "auto":
                auto.add(run_ids[-1])
        repeat = runner.invoke(app, ["enqueue", _brief(0, today), *enqueue])
        listing = _cli("runs", "--db", db_url, "--limit", "50")
        workers = [Worker(db_url, home / f"machine-{k}", "--concurrency", "4",
                          "--per-seller", str(PER_SELLER), "--pacing-every", "2s")
                   for k in range(2)]
        try:
            wait_for(lambda: Counter(run_statuses(db_url).values())["completed"]
                     == CAMPAIGNS, 120, "20 completed runs", workers)
            wait_for(lambda: _paced_twice(db_url, run_ids), 60,
                     "two pacing cycles of every campaign", workers)
        finally:
            codes = stop_all(workers)
        yield Scenario(db_url=db_url, run_ids=run_ids, auto=auto, queued_listing=listing,
                       repeat_exit=repeat.exit_code, repeat_output=repeat.output,
                       workers=workers, codes=codes, outputs=[w.output() for w in workers],
                       at_sellers=sandbox_deals(network), peak=dict(meter.peak))


def test_enqueued_runs_are_listed_as_queued_and_a_repeat_is_refused(
        scenario: Scenario) -> None:
    states = {line.split()[0]: line.split()[1] for line in
              scenario.queued_listing.splitlines() if len(line.split()) > 1}
    assert [states.get(run) for run in scenario.run_ids] == ["queued"] * CAMPAIGNS
    assert scenario.repeat_exit == 2  # the same guard as `ad-buyer run`
    assert "This brief was already run" in scenario.repeat_output


def test_two_workers_each_take_a_share_of_twenty_queued_campaigns(scenario: Scenario) -> None:
    flows = _workflows(scenario.db_url, WORKFLOW_NAME)
    share = Counter(int(str(w.executor_id).rsplit(":", 1)[1]) for w in flows)
    taken = [share[w.pid] for w in scenario.workers]
    print(f"campaigns per worker: {taken}")
    assert sum(taken) == CAMPAIGNS
    assert min(taken) >= CAMPAIGNS // 4, taken  # both took a real share of the queue
    assert [out.count("taking run ") for out in scenario.outputs] == taken
    listing = _cli("runs", "--db", scenario.db_url, "--limit", "50")
    assert sum(" completed " in line for line in listing.splitlines()) == CAMPAIGNS
    assert scenario.codes == [0, 0], scenario.outputs  # SIGTERM: a clean stop
    assert all("worker stopped: 0 run(s) were in flight." in out for out in scenario.outputs)


def test_nothing_is_booked_twice_or_unknown_to_the_buyer_or_over_budget(
        scenario: Scenario) -> None:
    quotes = Counter(quote for _seller, _deal, quote in scenario.at_sellers)
    assert scenario.at_sellers
    assert max(quotes.values()) == 1  # no quote booked twice
    recorded = buyer_deals(scenario.db_url)
    assert {(s, d) for _run, s, d, _c in recorded} == \
        {(s, d) for s, d, _q in scenario.at_sellers}
    assert len(recorded) == len(scenario.at_sellers)
    spend: Counter[str] = Counter()
    for run, _seller, _deal, cost in recorded:
        spend[run] += cost
    assert set(spend) == set(scenario.run_ids)
    assert max(spend.values()) <= BUDGET * 1_000_000


def test_each_seller_serves_at_most_the_per_seller_limit_from_both_workers(
        scenario: Scenario) -> None:
    print(f"peak requests in flight per seller: {scenario.peak}")
    assert max(scenario.peak.values()) == PER_SELLER


def test_every_scheduled_time_is_paced_once_across_both_workers(scenario: Scenario) -> None:
    ticks = _workflows(scenario.db_url, TICK_WORKFLOW)
    prefix = f"sched-{SCHEDULE_NAME}-"
    times = [datetime.fromisoformat(t.workflow_id.removeprefix(prefix)) for t in ticks]
    assert len(times) == len(set(times)) >= 2  # one tick per scheduled time
    assert {str(t.status) for t in ticks} <= {"SUCCESS", "CANCELLED", "ENQUEUED"}
    measured = _measurements(scenario.db_url)
    assert {run for run, *_rest in measured} == set(scenario.run_ids)
    assert max(n for *_key, n in measured) == 1  # no deal measured twice for one time
    assert {at for _r, _s, _d, at, _n in measured} <= set(times)
    assert not any("cycle failed" in out for out in scenario.outputs)


def test_scheduled_cycles_recommend_for_manual_runs_and_act_for_auto_runs(
        scenario: Scenario) -> None:
    database = Database(scenario.db_url)
    try:
        store = PacingStore(database)
        decided = {run: store.recommendations(run) for run in scenario.run_ids}
        sent = {run: store.change_requests(run) for run in scenario.run_ids}
    finally:
        database.dispose()
    manual = set(scenario.run_ids) - scenario.auto
    assert all(decided[run] for run in scenario.run_ids)  # every run behind plan: decisions
    assert not any(sent[run] for run in manual)  # manual: recommendations only
    assert all(r.status in ("pending", "superseded") for run in manual for r in decided[run])
    assert all(sent[run] for run in scenario.auto)  # auto: change requests to the sellers
