"""Pacing across invocations on the default in-process sandbox (durable state)."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ad_buyer.cli import app
from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.clients.http import SellerHttpError, new_idempotency_key
from ad_buyer.models.deals import DealResponse
from ad_buyer.models.money import cost_micros
from ad_buyer.pacing.engine import PacingEngine, PacingMode
from ad_buyer.pacing.models import PacingPlan
from ad_buyer.pacing.sellers import SellerClients
from ad_buyer.pacing.store import PacingStore
from ad_buyer.sandbox.config import DeliveryProfile
from ad_buyer.sandbox.delivery import day_start
from ad_buyer.sandbox.network import SandboxNetwork, persistent_sandbox
from ad_buyer.storage.db import Database

runner = CliRunner(env={"COLUMNS": "220"})
START = date(2027, 3, 1)
END = date(2027, 3, 10)
LINES = (("streamwave", "ctv"), ("pixelpress", "display"))


async def _book(network: SandboxNetwork) -> list[DealResponse]:
    deals = []
    for seller_id, channel in LINES:
        package = next(p for p in network.seller_spec(seller_id).packages
                       if p.channel.value == channel)
        async with DealsClient(network.seller_url(seller_id),
                               transport=network.transport()) as client:
            quote = await client.request_quote(
                product_id=package.package_id, deal_type="PD", impressions=400_000,
                flight_start=START, flight_end=END)
            deals.append(await client.book_deal(quote.quote_id,
                                                idempotency_key=new_idempotency_key("book")))
    return deals


def _plan(deals: list[DealResponse]) -> PacingPlan:
    budget = sum(cost_micros(d.pricing.final_cpm.amount_micros, d.terms.impressions)
                 for d in deals)
    return PacingPlan.from_deals(deals, [c for _, c in LINES], campaign_id="durable",
                                 budget_micros=budget)


async def test_book_in_one_network_pace_and_approve_in_another(tmp_path: Path,
                                                               db: Database) -> None:
    state = tmp_path / "state.json"
    booking = SandboxNetwork(state_path=state)
    booking.set_delivery_profile("streamwave", DeliveryProfile.STALL)
    deals = await _book(booking)
    engine = PacingEngine.start(_plan(deals), db, clients=SellerClients(network=booking),
                                mode=PacingMode.MANUAL)
    run_id = engine.run_id
    del booking, engine  # the process that booked is gone

    pacing = SellerClients(network=SandboxNetwork(state_path=state))
    engine = PacingEngine.open(db, run_id, clients=pacing)
    for n in (3, 4, 5, 6):
        cycle = await engine.run_cycle(START + timedelta(days=n))
        assert len(cycle.statuses) > 0
    await engine.aclose()
    assert all(a.kind != "fetch_failed" for a in engine.store.alerts(run_id))
    ask = next(r for r in engine.store.recommendations(run_id, status="pending")
               if r.kind == "increase_delivery" and "streamwave" in r.target_seller_url)

    approving = PacingEngine.open(db, run_id,
                                  clients=SellerClients(network=SandboxNetwork(state_path=state)))
    assert await approving.approve(ask.rec_id) == "applied"
    await approving.aclose()

    after = SandboxNetwork(state_path=state)
    [stored] = after.booked_deals("streamwave")
    assert [e.kind for e in stored.plan.events] == ["unstall", "pace"]
    [change] = after.seller_for("streamwave").operations.change_requests.values()
    assert change.status == "approved"


def _run_id(output: str) -> str:
    return next(line.split()[1] for line in output.splitlines() if line.startswith("run:"))


def test_cli_simulate_then_pace_run_approve_reject_and_cycle(tmp_path: Path,
                                                             ad_buyer_home: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    sim = runner.invoke(app, ["pace", "simulate", "--days", "10", "--stop-after", "5",
                              "--shock", "stall:streamwave", "--shock", "over:pixelpress",
                              "--mode", "manual", "--start", START.isoformat(), "--db", url])
    assert sim.exit_code == 0, sim.output
    assert f"sandbox state: {ad_buyer_home / 'sandbox-state.json'}" in sim.output
    run_id = _run_id(sim.output)
    pending = PacingStore(Database(url)).recommendations(run_id, status="pending")
    ask = next(r for r in pending if r.kind == "increase_delivery"
               and "streamwave" in r.target_seller_url)
    other = next(r for r in pending if r.rec_id != ask.rec_id)

    short = runner.invoke(app, ["pace", run_id, "--db", url, "--as-of", "2027-03-07"])
    assert short.exit_code == 0, short.output
    assert f"Pacing {run_id} (manual) at 2027-03-07" in short.output
    long = runner.invoke(app, ["pace", "status", run_id, "--db", url, "--no-fetch"])
    assert long.exit_code == 0, long.output
    assert "at 2027-03-07" in long.output  # the latest measurement of a simulated run

    approved = runner.invoke(app, ["pace", "approve", ask.rec_id, "--db", url])
    assert approved.exit_code == 0, approved.output
    assert f"{ask.rec_id}: applied" in approved.output
    [stalled] = persistent_sandbox().booked_deals("streamwave")
    assert "unstall" in [e.kind for e in stalled.plan.events]
    rejected = runner.invoke(app, ["pace", "reject", other.rec_id, "--db", url])
    assert rejected.exit_code == 0, rejected.output

    cycle = runner.invoke(app, ["pace", "cycle", run_id, "--db", url, "--as-of", "2027-03-08"])
    assert cycle.exit_code == 0, cycle.output
    assert "cycle at 2027-03-08" in cycle.output
    resumed = PacingStore(Database(url)).history(run_id)
    streamwave = next(v for k, v in resumed.items() if "streamwave" in k[0])
    assert streamwave[-1].spend_micros > streamwave[-3].spend_micros  # delivering again


def test_future_flight_shows_no_delivery_until_it_starts(tmp_path: Path) -> None:
    deals = asyncio.run(_book(persistent_sandbox()))
    url = f"sqlite:///{tmp_path / 'future.db'}"
    engine = PacingEngine.start(_plan(deals), Database(url), clients=SellerClients())
    before = runner.invoke(app, ["pace", engine.run_id, "--db", url, "--as-of", "2027-02-20"])
    assert before.exit_code == 0, before.output
    assert "not started" in before.output
    history = engine.store.history(engine.run_id)
    assert {m[-1].spend_micros for m in history.values()} == {0}
    mid = runner.invoke(app, ["pace", engine.run_id, "--db", url, "--as-of", "2027-03-06"])
    assert mid.exit_code == 0, mid.output
    latest = engine.latest()
    assert all(m.as_of == day_start(date(2027, 3, 6)) for m in latest.values())
    assert all(m.spend_micros > 0 for m in latest.values())


def test_pace_group_routes_unknown_words_to_status(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    unknown = runner.invoke(app, ["pace", "no-such-run", "--db", url])
    assert unknown.exit_code == 2
    assert "no pacing run" in unknown.output
    helped = runner.invoke(app, ["pace", "--help"])
    assert helped.exit_code == 0
    for command in ("status", "simulate", "approve", "reject", "cycle"):
        assert command in helped.output
    bad = runner.invoke(app, ["pace", "status", "r", "--db", url, "--as-of", "soon"])
    assert bad.exit_code == 2


@pytest.mark.parametrize("seed", [7])
def test_simulate_with_another_seed_leaves_the_default_sandbox_alone(
        tmp_path: Path, ad_buyer_home: Path, seed: int) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"seed: {seed}\nlines:\n  - {{seller_id: streamwave, channel: ctv}}\n")
    result = runner.invoke(app, ["pace", "simulate", "--plan", str(spec), "--days", "2",
                                 "--start", START.isoformat(), "--db",
                                 f"sqlite:///{tmp_path / 's.db'}"])
    assert result.exit_code == 0, result.output
    assert "is not kept" in result.output
    assert not (ad_buyer_home / "sandbox-state.json").exists()


async def test_seller_clients_build_the_sandbox_only_for_sandbox_urls(
        ad_buyer_home: Path) -> None:
    clients = SellerClients()
    real = clients("https://seller.example.com/sellers/x")
    await real.aclose()
    assert clients._network is None  # a real seller never builds the sandbox
    async with clients("http://sandbox.local/sellers/streamwave") as sandbox:
        with pytest.raises(SellerHttpError) as caught:
            await sandbox.get_performance("deal-missing")
    assert caught.value.status_code == 404  # answered by the sandbox, not the network
    assert clients.network.state_path == ad_buyer_home / "sandbox-state.json"
