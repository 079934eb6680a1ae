"""Runs over the service: put a brief on the campaign queue, list runs, read one, its
rationale tree and its report, and hand an interrupted one back to the workers.

A run's state is what ``ad-buyer runs`` shows (:func:`run_state`); its money and
deals come from its rationale log, as ``ad-buyer log`` reads them. Nothing here
prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ad_buyer.api.models import LogNode, QueuedRun, RunDetail, RunIn, RunLog, RunSummaryOut
from ad_buyer.events.log import LogEntry, RationaleLog, RunNotFoundError, RunRecord

if TYPE_CHECKING:
    from ad_buyer.storage.db import Database


class AlreadyRun(Exception):
    """The same brief has a live or completed run; ``again`` runs it anyway."""

    def __init__(self, run_id: str, status: str) -> None:
        self.run_id = run_id
        super().__init__(f"this brief was already run: {run_id} ({status}); nothing was "
                         "queued. To buy it again, send again=true; to continue an "
                         f"interrupted run: POST /runs/{run_id}/resume")


class NotResumable(Exception):
    """The run is not interrupted, so there is nothing to resume."""


class RunViews:
    def __init__(self, database: Database, *, registry_url: str | None) -> None:
        self.database = database
        self.registry_url = registry_url
        self.log = RationaleLog(database)
        self._client: Any = None  # one DBOSClient for the service's life (made when needed)

    def _workflows(self, run_ids: list[str]) -> dict[str, Any]:
        from ad_buyer.durable.run_states import status_of

        if not run_ids:
            return {}
        if self._client is None:
            from dbos import DBOSClient

            from ad_buyer.durable.engine import APP_NAME, system_database_url

            self._client = DBOSClient(system_database_url=system_database_url(
                self.database.url), application_name=APP_NAME)
        return status_of(self.database, run_ids, self._client)

    def close(self) -> None:
        if self._client is not None:
            self._client.destroy()
            self._client = None

    def _state(self, record: RunRecord | Any, workflow: Any) -> str:
        from ad_buyer.durable.run_states import run_state

        return run_state(record.status, workflow, self.database.url)

    def _summary(self, record: RunRecord, workflow: Any) -> RunSummaryOut:
        from ad_buyer.durable.run_states import shown_state
        from ad_buyer.reporting.facts import portfolio
        from ad_buyer.reporting.run_money import run_money

        facts = portfolio(record)
        committed = run_money(record).committed_micros  # as `ad-buyer runs` counts it
        return RunSummaryOut(
            id=record.id, name=record.name,
            state=shown_state(self._state(record, workflow), committed),
            budget_micros=int(record.brief.get("budget_micros") or 0),
            committed_micros=committed, currency=facts.currency, started_at=record.started_at)

    @staticmethod
    def _lines(record: RunRecord) -> list[tuple[Any, str]]:
        from ad_buyer.api.deals import deals_of
        from ad_buyer.reporting.facts import channel_results

        return [(d, d.status) for d in deals_of(channel_results(record))]

    def list(self, limit: int = 50, state: str | None = None) -> list[RunSummaryOut]:
        runs = self.log.list_runs(limit)
        workflows = self._workflows([r.id for r in runs])
        out = [self._summary(self.log.get_run(r.id), workflows.get(r.id)) for r in runs]
        return [r for r in out if state is None or r.state == state]

    def detail(self, run_id: str) -> RunDetail:
        """Raises :class:`RunNotFoundError` for an unknown run."""
        from ad_buyer.pacing.store import PacingStore
        from ad_buyer.reporting.facts import portfolio
        from ad_buyer.reporting.run_money import run_money

        record = self.log.get_run(run_id)
        summary = self._summary(record, self._workflows([run_id]).get(run_id))
        deals = [d for d, _ in self._lines(record)]
        money = run_money(record)
        try:
            PacingStore(self.database).load_run(run_id)
            pacing: str | None = run_id
        except KeyError:
            pacing = None
        return RunDetail(
            **summary.model_dump(),
            planned_micros=money.planned_micros, held_micros=money.held_micros,
            deals=deals, not_booked=[f"{c}: {why}" for c, why in portfolio(record).not_booked],
            outcome=record.outcome, pacing=pacing)

    def maybe_detail(self, run_id: str) -> RunDetail | None:
        try:
            return self.detail(run_id)
        except RunNotFoundError:
            return None

    def rationale(self, run_id: str) -> RunLog:
        record = self.log.get_run(run_id)
        nodes = {e.id: _node(e) for e in record.entries}
        roots: list[LogNode] = []
        for entry in record.entries:
            parent = nodes.get(entry.parent_id) if entry.parent_id is not None else None
            (parent.children if parent is not None else roots).append(nodes[entry.id])
        return RunLog(run_id=record.id, name=record.name, status=record.status, entries=roots)

    def report_html(self, run_id: str) -> str:
        from ad_buyer.crew.handoff import pacing_history
        from ad_buyer.reporting.html import export_html

        record = self.log.get_run(run_id)
        return export_html(record, pacing=pacing_history(self.database, run_id))

    def enqueue(self, run_in: RunIn) -> QueuedRun:
        """Put a brief on the campaign queue as a run (``ad-buyer enqueue``)."""
        from ad_buyer.durable.queues import queue_run
        from ad_buyer.durable.run_states import earlier_runs
        from ad_buyer.durable.workflows import RunRequest
        from ad_buyer.events.log import new_run_id

        earlier = earlier_runs(self.log, run_in.brief)
        if earlier and not run_in.again:
            raise AlreadyRun(earlier[0].id, earlier[0].status)
        run_id = new_run_id()
        queue_run(self.database, run_id, RunRequest(
            brief_text=run_in.brief, db_url=self.database.url, registry_url=self.registry_url,
            reference_date=run_in.reference_date, allow_past=run_in.allow_past,
            pacing_mode=run_in.pacing, booking_mode=run_in.booking))
        return QueuedRun(run_id=run_id, state="queued")

    def resume(self, run_id: str) -> QueuedRun:
        """Hand an interrupted run back to the workers (``ad-buyer resume RUN --queue``)."""
        from ad_buyer.durable.queues import hand_to_workers

        record = self.log.get_run(run_id)
        workflow = self._workflows([run_id]).get(run_id)
        if workflow is None:
            raise NotResumable(f"run {run_id} stopped before its first step: nothing was "
                               "sent to a seller; run the brief again")
        state = self._state(record, workflow)
        if state != "interrupted":
            raise NotResumable(f"run {run_id} is {state}: there is nothing to resume")
        hand_to_workers(self.database, run_id)
        return QueuedRun(run_id=run_id, state="queued")


def _node(entry: LogEntry) -> LogNode:
    return LogNode(id=entry.id, kind=entry.kind, agent=entry.agent, model=entry.model,
                   summary=entry.summary, rationale=entry.rationale, data=dict(entry.data),
                   created_at=entry.created_at)
