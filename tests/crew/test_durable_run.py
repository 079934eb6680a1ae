"""Durable runs through the CLI (issue #9): Ctrl-C and resume book nothing twice, a
booking whose outcome stays unknown leaves the run unresolved with the deal held
against the budget, and every run records seller performance that ranks the next.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ad_buyer.booking import executor
from ad_buyer.cli import app
from ad_buyer.cli import briefs as cli_briefs
from ad_buyer.crew.buyer import SellerNetwork, desks_for_sandbox
from ad_buyer.events.log import RationaleLog
from ad_buyer.models.money import from_micros
from ad_buyer.orchestration.seller_performance import SellerPerformanceTracker
from ad_buyer.reporting.facts import channel_results, portfolio
from ad_buyer.sandbox.config import FaultConfig
from ad_buyer.sandbox.network import SandboxNetwork, persistent_sandbox
from ad_buyer.sandbox.testing import in_process_sandbox
from ad_buyer.storage.db import Database
from api.conftest import console_run_page
from seller_records import live_micros

from .test_run_campaign import BRIEF

runner = CliRunner()
CTV_BRIEF = ("Campaign: Late CTV. Budget $60k, flight July 1 - Sept 30 2026. CTV only, "
             "adults 25-54 in the US. Max $45 CPM.")


def _cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def _buy_from(network: SandboxNetwork, monkeypatch: pytest.MonkeyPatch,
              client_timeout: float | None = None) -> None:
    def desks(_url: str | None, bus: object) -> SellerNetwork:
        net = desks_for_sandbox(bus, network)  # type: ignore[arg-type]
        if client_timeout is not None:
            net.orchestrator.clients.timeout = client_timeout
        return net

    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr(cli_briefs, "seller_desks", desks)


def _run_id(output: str) -> str:
    return re.findall(r"run ([0-9a-f]{16})", output)[-1]


def _state(db_url: str, run_id: str) -> str:
    code, out = _cli("runs", "--db", db_url)
    assert code == 0, out
    [row] = [line for line in out.splitlines() if line.startswith(run_id)]
    return row.split()[1]


def test_every_run_records_seller_performance_and_the_next_run_ranks_with_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    network = in_process_sandbox()
    _buy_from(network, monkeypatch)
    db_url = f"sqlite:///{tmp_path / 'perf.db'}"
    code, out = _cli("run", BRIEF, "--db", db_url, "--reference-date", "2026-05-10")
    assert code == 0, out
    db = Database(db_url)
    log = RationaleLog(db)
    lines = [line for r in channel_results(log.get_run(_run_id(out))) for line in r.booked]
    tracker = SellerPerformanceTracker(db)
    per_seller: dict[str, int] = {}
    for line in lines:
        per_seller[line["seller_url"]] = per_seller.get(line["seller_url"], 0) + 1
    assert per_seller
    for url, deals in per_seller.items():
        stats = tracker.stats(url)
        assert stats.bookings == deals
        assert stats.quotes_received >= deals
    before = tracker.reliability_map(list(per_seller))

    code, out = _cli("run", BRIEF, "--db", db_url, "--reference-date", "2026-05-10",
                     "--again")
    assert code == 0, out
    second = log.get_run(_run_id(out))
    results = "".join(str(entry.data.get("result", "")) for entry in second.entries)
    seen = {seller: float(value) for seller, value in re.findall(
        r'"seller_id": "([\w-]+)"[^}]*?"seller_reliability": ([0-9.]+)', results)}
    assert seen, "the specialists see each seller's record"
    checked = 0
    for url, reliability in before.items():
        seller_id = url.rsplit("/", 1)[1]
        if seller_id in seen:
            assert seen[seller_id] == pytest.approx(reliability, abs=1e-3)
            checked += 1
    assert checked
    db.dispose()


def test_a_booking_whose_outcome_stays_unknown_is_held_and_the_run_unresolved(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    network = in_process_sandbox()
    late = FaultConfig(respond_late_rate=1.0, hang_seconds=3, path_prefixes=["/api/v1/deals"])
    for spec in network.sellers:
        network.set_faults(spec.seller_id, late)
    monkeypatch.setattr(executor, "READ_BACK_PAUSE_S", 0.01)
    _buy_from(network, monkeypatch, client_timeout=0.3)
    db_url = f"sqlite:///{tmp_path / 'late.db'}"
    code, out = _cli("run", CTV_BRIEF, "--db", db_url, "--reference-date", "2026-05-10")
    assert code == 1, out
    assert "UNRESOLVED:" in out
    assert "(HELD: outcome unknown)" in out
    run_id = _run_id(out)
    assert _state(db_url, run_id) == "unresolved"
    # Every booking reached its seller (each answered too late): the buyer counts them all.
    live = [d for url in network.seller_urls for d in network.booked_deals(url)]
    assert live
    record = RationaleLog(Database(db_url)).get_run(run_id)
    facts = portfolio(record)
    held = [line for r in channel_results(record) for line in r.booked]
    assert len(held) == len(live)
    assert all(line["status"] == "held" and line["outcome_unknown"] for line in held)
    assert sorted(line["quote_id"] for line in held) == sorted(d.quote_id for d in live)
    assert facts.totals.spend_micros == sum(line["cost_micros"] for line in held) > 0
    # `runs`, the API and the console's run page say it in the same words: nothing
    # committed, all of it held, and held counts against the budget.
    code, listed = _cli("runs", "--db", db_url)
    [row] = [line.split() for line in listed.splitlines() if line.startswith(run_id)]
    held_text = f"{from_micros(facts.totals.spend_micros):,.2f}"
    assert row[4:7] == ["0.00", held_text, "USD"], listed
    page = console_run_page(network, db_url, run_id)
    assert page.select_one('[data-testid="committed"]').get_text() == "USD 0.00"
    assert page.select_one('[data-testid="held"]').get_text() == f"USD {held_text}"
    assert page.select_one('[data-testid="against-budget"]').get_text() == f"USD {held_text}"
    # Without --again the same brief is refused: its deals may be live.
    code, out = _cli("run", CTV_BRIEF, "--db", db_url, "--reference-date", "2026-05-10")
    assert code == 2, out


def _ad_buyer(*args: str, home: Path) -> subprocess.Popen[str]:
    # Progress as --verbose prints it: each stage tagged ("book audio:", "  ctv booked").
    env = {**os.environ, "AD_BUYER_HOME": str(home), "PYTHONUNBUFFERED": "1",
           "COLUMNS": "200", "AD_BUYER_LLM": "offline", "AD_BUYER_VERBOSE": "1"}
    return subprocess.Popen([sys.executable, "-c", "from ad_buyer.cli import app; app()",
                             *args], cwd=home, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def test_ctrl_c_stops_after_the_step_in_flight_and_resume_books_nothing_twice(
        tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    db_url = f"sqlite:///{home / 'buyer.db'}"
    run = _ad_buyer("run", BRIEF, "--db", db_url, "--reference-date", "2026-05-10",
                    "--allow-past", home=home)
    assert run.stdout is not None
    seen: list[str] = []
    for line in run.stdout:
        seen.append(line)
        if "ctv booked" in line:  # the ctv booking step is in flight: one deal is booked
            run.send_signal(signal.SIGINT)
            break
    timer = threading.Timer(120, run.kill)
    timer.start()
    rest, _ = run.communicate()
    timer.cancel()
    out = "".join(seen) + rest
    assert run.returncode == 130, out
    assert "stopped after the step in flight" in out
    [run_id] = re.findall(r"ad-buyer resume ([0-9a-f]{16})", out)[:1]
    sandbox = persistent_sandbox(home)
    booked_before = [d for url in sandbox.seller_urls for d in sandbox.booked_deals(url)]
    assert booked_before, "the booking in flight was not cut off"
    assert not any(line.startswith("book audio:") for line in out.splitlines())

    code, listed = _cli("runs", "--db", db_url)
    assert code == 0
    assert re.search(rf"{run_id}\s+interrupted", listed), listed
    # The interrupted run shows the deals live at its sellers (issue 17), not 0.00.
    [row] = [line.split() for line in listed.splitlines() if line.startswith(run_id)]
    live = live_micros(sandbox)
    assert live > 0
    assert row[4] == f"{from_micros(live):,.2f}", listed

    resumed = _ad_buyer("resume", run_id, "--db", db_url, home=home)
    out, _ = resumed.communicate(timeout=180)
    assert resumed.returncode == 0, out
    assert "replayed the recorded steps" in out
    assert "book audio:" in out

    sandbox = persistent_sandbox(home)
    at_sellers = {d.deal.deal_id: d for url in sandbox.seller_urls
                  for d in sandbox.booked_deals(url)}
    record = RationaleLog(Database(db_url)).get_run(run_id)
    recorded = [line for r in channel_results(record) for line in r.booked]
    assert sorted(at_sellers) == sorted(line["deal_id"] for line in recorded)  # no orphan
    assert len({line["quote_id"] for line in recorded}) == len(recorded)  # no double
    # The booking in flight at Ctrl-C ran again on resume under the same keys: the
    # sellers answered with the deals they had booked, not new ones.
    assert {d.deal.deal_id for d in booked_before} <= set(at_sellers)
    assert sum(line["cost_micros"] for line in recorded) <= record.brief["budget_micros"]
    code, listed = _cli("runs", "--db", db_url)
    assert re.search(rf"{run_id}\s+completed", listed), listed
    code, again = _cli("resume", run_id, "--db", db_url)
    assert code == 0
    assert "nothing to resume" in again


def test_all_or_nothing_booking_cancels_the_channel_when_one_deal_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    network = in_process_sandbox()
    _buy_from(network, monkeypatch)
    db_url = f"sqlite:///{tmp_path / 'aon.db'}"
    code, out = _cli("run", CTV_BRIEF, "--db", db_url, "--reference-date", "2026-05-10",
                     "--booking", "all_or_nothing", "--dry-run")
    assert code == 0, out
    dry = RationaleLog(Database(db_url)).get_run(_run_id(out))
    planned = {line["seller_url"] for r in channel_results(dry) for line in r.booked}
    assert len(planned) >= 2
    refusing = sorted(planned)[0]
    network.set_faults(refusing, FaultConfig(refuse_bookings=True))
    code, out = _cli("run", CTV_BRIEF, "--db", db_url, "--reference-date", "2026-05-10",
                     "--booking", "all_or_nothing")
    assert code == 1, out
    assert "Nothing was booked" in out
    assert "rolled back" in out
    # Every deal still live is one the seller cannot cancel, reported as held.
    live = {d.deal.deal_id for url in network.seller_urls for d in network.active_deals(url)}
    record = RationaleLog(Database(db_url)).get_run(_run_id(out))
    lines = [line for r in channel_results(record) for line in r.booked]
    assert all(line["status"] == "held" for line in lines)
    assert {line["deal_id"] for line in lines} == live
    cancelled = [d for url in network.seller_urls for d in network.booked_deals(url)
                 if d.deal.deal_id not in live]
    assert cancelled
    code, out = _cli("run", CTV_BRIEF, "--db", db_url, "--reference-date", "2026-05-10",
                     "--booking", "best_effort", "--again")
    assert code == 0, out
    assert any(network.active_deals(url) for url in network.seller_urls)
    assert network.active_deals(refusing) == []
