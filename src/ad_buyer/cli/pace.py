"""``ad-buyer pace``: pacing status, sandbox flight simulation, manual approvals.

``ad-buyer pace RUN`` is ``ad-buyer pace status RUN``. Runs booked on the
default in-process sandbox reach their sellers through its durable state
(``$AD_BUYER_HOME/sandbox-state.json``); other sellers over HTTP.

The engine, its database, the sandbox and matplotlib are imported inside the
commands so that building the CLI (``ad-buyer --help``) stays fast.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from ad_buyer.pacing.mode import PacingMode

if TYPE_CHECKING:
    from ad_buyer.pacing.engine import ClientFactory, CycleResult, PacingEngine
    from ad_buyer.pacing.models import DealKey
    from ad_buyer.pacing.state import Measurement
    from ad_buyer.storage.db import Database


class DefaultCommandGroup(TyperGroup):
    """A group whose first argument, when not a subcommand, goes to ``default_command``."""

    default_command = "status"

    # ctx is typer's vendored click Context, which typer does not export.
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


pace_app = typer.Typer(cls=DefaultCommandGroup, no_args_is_help=True,
                       help="Budget pacing: status (`pace RUN`), cycles, manual approvals, "
                            "mode, simulation.")
console = Console()

DbOption = Annotated[str | None, typer.Option("--db", help="database URL (default: the "
                                              "buyer's database)")]
WideOption = Annotated[bool, typer.Option("--wide", help="full seller URLs and amounts in "
                                          "cents in the status table")]


def _db(url: str | None) -> Database:
    from ad_buyer.cli.database import open_database

    return open_database(url)


def _client_factory() -> ClientFactory:
    """Per invocation: sandbox URLs via the durable in-process sandbox, others via HTTP."""
    from ad_buyer.pacing.sellers import SellerClients

    return SellerClients()


def _open(database: Database, run_id: str) -> PacingEngine:
    from ad_buyer.pacing.engine import PacingEngine

    return PacingEngine.open(database, run_id, clients=_client_factory())


def _open_run(database: Database, run_id: str) -> PacingEngine:
    """The run's engine; an unknown run id is a usage error naming the argument."""
    try:
        return _open(database, run_id)
    except KeyError as exc:
        raise typer.BadParameter(
            f"{exc.args[0]}. Use the run id `ad-buyer run` printed (runs that booked deals "
            "are paced; `ad-buyer log list` lists runs), and the same --db",
            param_hint="RUN") from exc


def _engine_for(database: Database, rec_id: str) -> PacingEngine:
    from ad_buyer.pacing.store import PacingStore

    return _open(database, PacingStore(database).recommendation(rec_id).run_id)


def _money(micros: int) -> str:
    from ad_buyer.models.money import from_micros

    return f"{from_micros(micros):,.2f}"


def _chart_path(run_id: str, chart: Path | None) -> Path:
    if chart is not None:
        return chart
    from ad_buyer.storage.home import home_dir

    return home_dir() / f"pacing-{run_id}.png"


def _campaign_name(engine: PacingEngine) -> str:
    """The campaign's name as its brief gives it (the run id for a run not in the log)."""
    from ad_buyer.events.log import RationaleLog, RunNotFoundError
    from ad_buyer.reporting.review import campaign_name

    try:
        return campaign_name(RationaleLog(engine.store.db).get_run(engine.run_id))
    except RunNotFoundError:
        return engine.plan.campaign_id


def show_status(engine: PacingEngine, at: datetime, chart: Path | None,
                wide: bool = False, reads: Mapping[DealKey, Measurement] | None = None) -> Path:
    """Print the status tables, alerts and decisions as of ``at``; write the chart.

    ``reads`` are past reports read from the sellers for ``at`` and not booked;
    they stand in for the booked measurements they are newer than.
    """
    from ad_buyer.pacing.chart import PacingHistory
    from ad_buyer.pacing.report import seller_legend, shorten_urls, status_table
    from ad_buyer.pacing.state import as_utc
    from ad_buyer.reporting.pacing_chart import write_chart
    from ad_buyer.reporting.pacing_view import pacing_view

    run_id = engine.run_id
    history = {key: list(ms) for key, ms in engine.store.history(run_id, at).items()}
    for key, read in (reads or {}).items():
        series = history.setdefault(key, [])
        if not series or series[-1].as_of < read.as_of:
            series.append(read)
    latest = {key: ms[-1] for key, ms in history.items() if ms}
    console.print(status_table(engine.plan, engine.status(at, latest),
                               f"Pacing {run_id} ({engine.mode.value}) at {at.isoformat()}",
                               wide=wide))
    legend = None if wide else seller_legend(engine.plan)
    if legend is not None:
        console.print(legend)
    alerts = [a for a in engine.store.alerts(run_id) if as_utc(a.as_of) <= at][-15:]
    if alerts:
        table = Table(title="Latest alerts")
        for column in ("as of", "severity", "kind", "message"):
            table.add_column(column)
        for a in alerts:
            table.add_row(a.as_of.date().isoformat(), a.severity, a.kind,
                          a.message if wide else shorten_urls(a.message, engine.plan))
        console.print(table)
    recs = [r for r in engine.store.recommendations(run_id) if as_utc(r.as_of) <= at]
    pending = [r for r in recs if r.status == "pending"]
    decided = [r for r in recs if r.status not in ("pending", "superseded")]
    recs = pending + decided[-max(5, 20 - len(pending)):]
    if recs:
        table = Table(title="Decisions")
        for column in ("id", "kind", "amount", "status", "rationale"):
            table.add_column(column)
        for r in recs:
            table.add_row(r.rec_id, r.kind, _money(r.amount_micros) if r.amount_micros else "-",
                          r.status,
                          r.rationale if wide else shorten_urls(r.rationale, engine.plan))
        console.print(table)
    data = PacingHistory(engine.plan, history, engine.store.allocation_changes(run_id))
    view = pacing_view(data, _campaign_name(engine), until=at)
    path = write_chart(view, _chart_path(run_id, chart))
    console.print(f"chart: {path} ({escape(view.title)})", soft_wrap=True)
    return path


@pace_app.callback()
def pace() -> None:
    """Budget pacing and reallocation for booked campaigns."""


def _parse_as_of(text: str) -> datetime:
    try:
        at = datetime.fromisoformat(text)
    except ValueError as exc:
        raise typer.BadParameter(f"expected an ISO date or datetime, got {text!r}",
                                 param_hint="--as-of") from exc
    return at if at.tzinfo else at.replace(tzinfo=UTC)


async def refresh(engine: PacingEngine, at: datetime | None
                  ) -> tuple[datetime, dict[DealKey, Measurement]]:
    """Bring the books up to ``at`` (or now); the time to show and any past reads.

    A time after the run's latest measurement is measured and booked. A time
    before it is read from the sellers as of that time and shown, not booked
    (the books only move forward). Without ``at``, a run measured ahead of now
    (a simulated flight) is shown at its latest measurement.
    """
    latest = [m.as_of for m in engine.latest().values()]
    last = max(latest) if latest else None
    wanted = at or datetime.now(UTC)
    try:
        if last is not None and wanted <= last:
            if at is None:
                return last, {}
            return at, await engine.read_delivery(at)
        await engine.measure(at)
        return wanted, {}
    finally:
        await engine.aclose()


@pace_app.command()
def status(
    run_id: Annotated[str, typer.Argument(help="pacing run id")],
    db: DbOption = None,
    as_of: Annotated[str | None, typer.Option(
        help="ISO date or datetime: spend and plan as of then (the sandbox simulates "
             "delivery up to it; default: now, or the latest measurement of a simulated "
             "run)")] = None,
    fetch: Annotated[bool, typer.Option(
        "--fetch/--no-fetch", help="pull fresh delivery reports from the sellers")] = True,
    chart: Annotated[Path | None, typer.Option(help="PNG path for the chart")] = None,
    wide: WideOption = False,
) -> None:
    """Spend vs plan per deal, channel, seller and campaign; alerts; a PNG chart."""
    at = _parse_as_of(as_of) if as_of else None
    database = _db(db)
    engine = _open_run(database, run_id)
    reads: dict[DealKey, Measurement] = {}
    if fetch:
        at, reads = asyncio.run(refresh(engine, at))
    elif at is None:
        latest = [m.as_of for m in engine.latest().values()]
        at = max(latest) if latest else datetime.now(UTC)
    show_status(engine, at, chart, wide, reads)


@pace_app.command()
def simulate(
    plan: Annotated[Path | None, typer.Option(help="simulation spec (YAML/JSON): lines of "
                                              "seller_id, channel, impressions")] = None,
    days: Annotated[int | None, typer.Option(min=1, max=366, help="flight length")] = None,
    shock: Annotated[list[str] | None, typer.Option(help="KIND:SELLER, KIND one of stall, "
                                                    "over, under (repeatable)")] = None,
    mode: Annotated[PacingMode, typer.Option(help="auto sends change requests; manual "
                                             "stores recommendations")] = PacingMode.AUTO,
    db: DbOption = None,
    chart: Annotated[Path | None, typer.Option(help="PNG path for the chart")] = None,
    start: Annotated[str | None, typer.Option(help="flight start (ISO date; default "
                                              "tomorrow)")] = None,
    stop_after: Annotated[int | None, typer.Option(
        min=1, help="pace only the first N days, leaving the flight mid-way for "
                    "`pace approve` and `pace cycle RUN --as-of`")] = None,
    wide: WideOption = False,
) -> None:
    """Book a campaign in the in-process sandbox and pace its flight day by day."""
    from ad_buyer.pacing.simulate import SimulationSpec, load_spec, simulate_flight
    from ad_buyer.sandbox.config import SandboxConfig
    from ad_buyer.sandbox.persistence import default_state_path

    try:
        spec = load_spec(plan) if plan else SimulationSpec()
    except (OSError, ValueError) as exc:
        raise typer.BadParameter(str(exc), param_hint="--plan") from exc

    def on_day(n: int, cycle: CycleResult) -> None:
        campaign = cycle.statuses[-1]
        kinds = ", ".join(sorted({a.kind.value for a in cycle.actions})) or "-"
        worst = sorted(cycle.alerts, key=lambda a: a.severity.value)[:1]
        console.print(
            f"day {n:>3} {cycle.at.date()}  spent {_money(campaign.actual_micros):>14} "
            f"planned {_money(campaign.expected_micros):>14}  ratio "
            f"{(campaign.ratio or 0):.2f}  alerts {len(cycle.alerts):>2}  actions {kinds}"
            + (f"  [{worst[0].kind.value}]" if worst else ""))

    default_seed = SandboxConfig().seed  # the world `ad-buyer run` books into
    state_path: Path | None = None
    if spec.seed == default_seed:
        state_path = default_state_path()
    else:
        console.print(f"seed {spec.seed} is not the default sandbox's ({default_seed}): "
                      "this sandbox is not kept, so `pace approve` cannot reach its deals")
    try:
        start_date = date.fromisoformat(start) if start else None
    except ValueError as exc:
        raise typer.BadParameter(f"expected an ISO date (YYYY-MM-DD), got {start!r}",
                                 param_hint="--start") from exc
    try:
        result = asyncio.run(simulate_flight(
            spec, _db(db), shocks=shock or [], mode=mode, days=days, on_day=on_day,
            start=start_date, state_path=state_path,
            stop_after=stop_after))
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    engine = result.engine
    console.print(f"run: {engine.run_id}")
    if state_path is not None:
        console.print(f"sandbox state: {state_path}")
    show_status(engine, result.cycles[-1].at, chart, wide)


@pace_app.command()
def cycle(
    run_id: Annotated[str, typer.Argument(help="pacing run id")],
    db: DbOption = None,
    as_of: Annotated[str | None, typer.Option(
        help="ISO date or datetime; the sandbox simulates delivery up to it (default: now)")]
        = None,
    wide: WideOption = False,
) -> None:
    """One pacing cycle: measure, detect, decide (auto: send; manual: recommend)."""
    from ad_buyer.pacing.cycle import pace_campaign

    at = _parse_as_of(as_of) if as_of else datetime.now(UTC)
    database = _db(db)
    engine = _open_run(database, run_id)
    result = asyncio.run(pace_campaign(database, run_id, as_of=at, clients=_client_factory()))
    console.print(f"cycle at {result.at.isoformat()}: {len(result.alerts)} alerts, "
                  f"{len(result.recommendation_ids)} decisions ({engine.mode.value})")
    show_status(engine, result.at, None, wide)


@pace_app.command()
def mode(
    run_id: Annotated[str, typer.Argument(help="pacing run id")],
    new_mode: Annotated[PacingMode | None, typer.Argument(
        metavar="[manual|auto]", help="manual: recommendations wait for `pace approve`; "
        "auto: cycles send changes to the sellers (omit to show the mode)")] = None,
    db: DbOption = None,
) -> None:
    """Show or switch how a run acts on pacing decisions (runs start manual)."""
    engine = _open_run(_db(db), run_id)
    if new_mode is None:
        console.print(f"{run_id}: {engine.mode.value}")
        return
    before = engine.mode
    engine.set_mode(new_mode)
    console.print(f"{run_id}: {before.value} -> {new_mode.value}")
    if new_mode is PacingMode.AUTO:
        pending = engine.store.recommendations(run_id, status="pending")
        if pending:
            console.print(f"{len(pending)} pending recommendation(s) still wait for "
                          "`pace approve` or `pace reject`; later cycles act on their own")


@pace_app.command()
def approve(
    rec_id: Annotated[str, typer.Argument(help="recommendation id")],
    db: DbOption = None,
) -> None:
    """Approve a manual-mode recommendation: its change requests go to the sellers."""
    try:
        engine = _engine_for(_db(db), rec_id)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="REC_ID") from exc

    async def run() -> str:
        try:
            return await engine.approve(rec_id)
        finally:
            await engine.aclose()

    try:
        outcome = asyncio.run(run())
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="REC_ID") from exc
    console.print(f"{rec_id}: {outcome}")
    if outcome != "applied":
        raise typer.Exit(1)


@pace_app.command()
def reject(
    rec_id: Annotated[str, typer.Argument(help="recommendation id")],
    db: DbOption = None,
    reason: Annotated[str, typer.Option(help="why")] = "rejected by campaign manager",
) -> None:
    """Reject a manual-mode recommendation (recorded, nothing is sent)."""
    try:
        _engine_for(_db(db), rec_id).reject(rec_id, reason)
    except (KeyError, ValueError) as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="REC_ID") from exc
    console.print(f"{rec_id}: rejected")
