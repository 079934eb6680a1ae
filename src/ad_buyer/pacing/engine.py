"""The pacing engine: measure delivery, detect deviations, decide, act.

One :class:`PacingEngine` paces one run of one campaign. A cycle polls
outstanding change requests, pulls every deal's delivery report, books the good
ones (bad ones are stored, flagged and alerted), raises pace alerts and asks
its policy (by default :func:`~ad_buyer.pacing.reallocation.plan_reallocation`)
what to do. In ``auto`` mode decisions are sent to sellers at once; in
``manual`` mode (the default) they are stored as recommendations a person
approves or rejects (:meth:`approve` / :meth:`reject`).

Decisions are recorded before anything is sent, under ids derived from the
run, the cycle's time and the decision, and change requests carry keys
derived from those ids: running a cycle again for the same time (after a
crash, or by a scheduler that retries) finishes what was started and sends
nothing twice.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.clients.http import SellerHttpError
from ad_buyer.events.bus import EventBus, emit
from ad_buyer.events.models import EventType
from ad_buyer.models.deals import DeliveryReport
from ad_buyer.orchestration.seller_performance import SellerPerformanceTracker
from ad_buyer.pacing.detection import (
    Alert,
    AlertKind,
    Level,
    PaceStatus,
    Severity,
    deal_subject,
    detect,
    is_stalled,
    pace_statuses,
)
from ad_buyer.pacing.executor import ChangeExecutor
from ad_buyer.pacing.ingest import to_measurement, validate_report
from ad_buyer.pacing.mode import PacingMode as PacingMode  # re-exported: public path
from ad_buyer.pacing.models import DealKey, PacingPlan
from ad_buyer.pacing.policy import Action, ActionKind, CycleView, Policy
from ad_buyer.pacing.reallocation import plan_reallocation
from ad_buyer.pacing.state import Allocation, Measurement, curve_fraction
from ad_buyer.pacing.store import (
    PacingAlertRow,
    PacingMeasurementRow,
    PacingRecommendationRow,
    PacingStore,
)
from ad_buyer.storage.db import Database

logger = logging.getLogger(__name__)

ClientFactory = Callable[[str], DealsClient]


@dataclass(frozen=True)
class CycleResult:
    at: datetime
    statuses: list[PaceStatus]
    alerts: list[Alert]
    actions: list[Action]
    recommendation_ids: list[str]


def _at(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time.min, tzinfo=UTC)


@dataclass
class _Batch:
    """One cycle's measurement rows and per-seller (delivered, expected) impressions."""

    rows: list[PacingMeasurementRow] = field(default_factory=list)
    deliveries: dict[str, tuple[int, int]] = field(default_factory=dict)


class PacingEngine:
    """Paces one run. Build with :meth:`start` (new run) or :meth:`open` (existing)."""

    def __init__(self, plan: PacingPlan, store: PacingStore, run_id: str, *,
                 mode: PacingMode, clients: ClientFactory, bus: EventBus | None = None,
                 policy: Policy = plan_reallocation) -> None:
        self.plan = plan
        self.store = store
        self.run_id = run_id
        self.mode = mode
        self.bus = bus
        self.policy = policy
        self._client_factory = clients
        self._clients: dict[str, DealsClient] = {}
        self.executor = ChangeExecutor(self)
        self.performance = SellerPerformanceTracker(store.db)

    @classmethod
    def start(cls, plan: PacingPlan, db: Database, *, clients: ClientFactory,
              mode: PacingMode = PacingMode.MANUAL, bus: EventBus | None = None,
              run_id: str | None = None, policy: Policy = plan_reallocation) -> PacingEngine:
        """A new pacing run. ``manual`` (the default) only recommends; ``auto`` sends."""
        store = PacingStore(db)
        run_id = run_id or f"pace-{uuid.uuid4().hex[:12]}"
        store.create_run(run_id, plan, mode.value)
        return cls(plan, store, run_id, mode=mode, clients=clients, bus=bus, policy=policy)

    @classmethod
    def open(cls, db: Database, run_id: str, *, clients: ClientFactory,
             bus: EventBus | None = None, policy: Policy = plan_reallocation) -> PacingEngine:
        store = PacingStore(db)
        plan, mode = store.load_run(run_id)
        return cls(plan, store, run_id, mode=PacingMode(mode), clients=clients, bus=bus,
                   policy=policy)

    def set_mode(self, mode: PacingMode) -> None:
        """Switch the run between manual and auto (stored: later cycles use it)."""
        self.store.set_mode(self.run_id, mode.value)
        self.mode = mode

    def client(self, seller_url: str) -> DealsClient:
        if seller_url not in self._clients:
            self._clients[seller_url] = self._client_factory(seller_url)
        return self._clients[seller_url]

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()

    # -- measurement -------------------------------------------------------

    async def measure(self, as_of: date | datetime | None = None) -> list[Measurement]:
        """Pull every deal's delivery report; returns the measurements booked now.

        The reports' rows and the sellers' delivery counters are written together once
        every deal is read (or the reading failed), two writes a cycle, not two a deal.
        """
        as_of_param = as_of.isoformat() if as_of is not None else None
        booked: list[Measurement] = []
        latest = self.latest()
        allocations = self.store.allocations(self.run_id)
        batch = _Batch()
        try:
            for deal in self.plan.deals:
                try:
                    report = await self.client(deal.seller_url).get_performance(
                        deal.deal_id, as_of=as_of_param)
                except SellerHttpError as exc:
                    await self.alert(Alert(Level.DEAL, deal_subject(deal.key),
                                           AlertKind.FETCH_FAILED, Severity.WARNING,
                                           f"delivery report for {deal_subject(deal.key)} "
                                           f"failed: {exc}"), _at(as_of or datetime.now(UTC)))
                    continue
                measurement = await self._ingest(deal.seller_url, deal.deal_id, report,
                                                 latest.get((deal.seller_url, report.deal_id)),
                                                 allocations, batch)
                if measurement is not None:
                    booked.append(measurement)
        finally:
            self._write(batch)
        return booked

    async def ingest(self, seller_url: str, requested_deal_id: str,
                     report: DeliveryReport) -> Measurement | None:
        """Validate and store one report; None (and an alert) if it was rejected.

        The same report twice (a cycle run again for the same time) is booked once.
        """
        last = self.latest().get((seller_url, report.deal_id))
        batch = _Batch()
        try:
            return await self._ingest(seller_url, requested_deal_id, report, last,
                                      self.store.allocations(self.run_id), batch)
        finally:
            self._write(batch)

    def _write(self, batch: _Batch) -> None:
        if batch.rows:
            self.store.add_measurements(batch.rows)
        if batch.deliveries:
            try:
                self.performance.record_deliveries(batch.deliveries)
            except Exception:  # performance is advisory: it never stops a pacing cycle
                logger.warning("recording delivery for %s failed", sorted(batch.deliveries),
                               exc_info=True)

    async def _ingest(self, seller_url: str, requested_deal_id: str, report: DeliveryReport,
                      last: Measurement | None, allocations: Mapping[DealKey, Allocation],
                      batch: _Batch) -> Measurement | None:
        key: DealKey = (seller_url, report.deal_id)
        measurement = to_measurement(seller_url, report)
        if last is not None and last == measurement:
            return last
        problem = validate_report(self.plan, allocations, last, seller_url, requested_deal_id,
                                  report)
        batch.rows.append(PacingMeasurementRow(
            run_id=self.run_id, seller_url=seller_url, deal_id=report.deal_id,
            as_of=measurement.as_of, impressions=report.impressions_delivered,
            spend_micros=report.spend.amount_micros, booked_impressions=report.booked_impressions,
            seller_status=report.status, accepted=problem is None,
            problem=problem.message if problem else None))
        if problem is not None:
            await self.alert(Alert(Level.DEAL, deal_subject(key), problem.kind, Severity.CRITICAL,
                                   problem.message), measurement.as_of)
            return None
        self._record_delivery(key, last, measurement, batch)
        await emit(self.bus, EventType.PACING_MEASURED, run_id=self.run_id,
                   seller_url=seller_url, deal_id=report.deal_id,
                   as_of=measurement.as_of.isoformat(), impressions=measurement.impressions,
                   spend_micros=measurement.spend_micros)
        return measurement

    def _record_delivery(self, key: DealKey, last: Measurement | None,
                         now: Measurement, batch: _Batch) -> None:
        """Feed seller performance: impressions delivered since the last measurement
        against what the deal's curve expected over the same span."""
        deal = self.plan.deal(key)
        if deal is None:
            return
        before = curve_fraction(self.plan, deal, last.as_of) if last is not None else 0.0
        expected = round(deal.impressions * (curve_fraction(self.plan, deal, now.as_of) - before))
        delivered = now.impressions - (last.impressions if last is not None else 0)
        if expected <= 0 and delivered <= 0:
            return
        seen = batch.deliveries.get(key[0], (0, 0))
        batch.deliveries[key[0]] = (seen[0] + max(delivered, 0), seen[1] + max(expected, 0))

    async def read_delivery(self, as_of: datetime) -> dict[DealKey, Measurement]:
        """Delivery as of a past ``as_of``, read from the sellers and not booked.

        The books only move forward, so a report older than the last booked one
        is shown, never stored. A report the seller dates after ``as_of`` (a
        seller that cannot answer for a past date) is left out.
        """
        found: dict[DealKey, Measurement] = {}
        for deal in self.plan.deals:
            try:
                report = await self.client(deal.seller_url).get_performance(
                    deal.deal_id, as_of=as_of.isoformat())
            except SellerHttpError as exc:
                logger.warning("delivery report for %s as of %s failed: %s",
                               deal_subject(deal.key), as_of.isoformat(), exc)
                continue
            measurement = to_measurement(deal.seller_url, report)
            if (report.deal_id != deal.deal_id or report.spend.currency != self.plan.currency
                    or measurement.as_of > as_of):
                logger.warning("%s did not report delivery as of %s; not shown",
                               deal_subject(deal.key), as_of.isoformat())
                continue
            found[deal.key] = measurement
        return found

    async def alert(self, alert: Alert, at: datetime) -> None:
        """Store an alert and publish it."""
        await self.raise_alerts([alert], at)

    async def raise_alerts(self, alerts: list[Alert], at: datetime) -> None:
        """Store alerts (one transaction) and publish each."""
        # Alerts are data (stored, published, shown in tables), not operational faults.
        for alert in alerts:
            logger.info("pacing alert [%s] %s", alert.severity.value, alert.message)
        self.store.add_alerts([PacingAlertRow(
            run_id=self.run_id, as_of=at, level=alert.level.value, subject=alert.subject,
            kind=alert.kind.value, severity=alert.severity.value, ratio=alert.ratio,
            message=alert.message) for alert in alerts])
        for alert in alerts:
            await emit(self.bus, EventType.PACING_ALERT, run_id=self.run_id,
                       level=alert.level.value, subject=alert.subject, kind=alert.kind.value,
                       severity=alert.severity.value, ratio=alert.ratio, message=alert.message)

    # -- status and decisions ----------------------------------------------

    def latest(self, as_of: datetime | None = None) -> dict[DealKey, Measurement]:
        """Each deal's last accepted measurement (up to ``as_of``)."""
        return {key: ms[-1] for key, ms in self.store.history(self.run_id, as_of).items()}

    def status(self, at: date | datetime,
               latest: Mapping[DealKey, Measurement] | None = None) -> list[PaceStatus]:
        """Spend against plan as of ``at``: the books and the allocations as they stood
        then (``latest`` overrides the booked measurements, e.g. with past reads)."""
        when = _at(at)
        return pace_statuses(self.plan, self.store.allocations(self.run_id, when),
                             self.latest(when) if latest is None else latest, when)

    def status_before_changes(self, key: DealKey, at: datetime) -> PaceStatus:
        """The deal's pace as a cycle at ``at`` saw it: measurements up to ``at``, the
        allocation before any change applied at ``at`` (for auditing decisions)."""
        allocations = self.store.allocations(self.run_id, at - timedelta(microseconds=1))
        subject = deal_subject(key)
        return next(s for s in pace_statuses(self.plan, allocations, self.latest(at), at)
                    if s.level is Level.DEAL and s.subject == subject)

    def stalled(self, at: datetime) -> list[DealKey]:
        history = self.store.history(self.run_id, at)
        allocations = self.store.allocations(self.run_id, at)
        result = []
        for deal in self.plan.deals:
            allocation = allocations[deal.key]
            spent_out = bool(history.get(deal.key)) and (
                history[deal.key][-1].spend_micros >= allocation.budget_micros)
            if not spent_out and is_stalled(history.get(deal.key, []), at, self.plan.thresholds,
                                            curve_fraction(self.plan, deal, at)):
                result.append(deal.key)
        return result

    def view(self, at: datetime, *, stalled: Collection[DealKey] = (),
             unmeasured: Collection[DealKey] = ()) -> CycleView:
        """The books at ``at`` as a policy sees them."""
        return CycleView(
            plan=self.plan, at=at, allocations=self.store.allocations(self.run_id, at),
            history=self.store.history(self.run_id, at), stalled=frozenset(stalled),
            unmeasured=frozenset(unmeasured), requests=self.executor.sent_requests(),
            declined=self.declined())

    def declined(self) -> frozenset[tuple[DealKey, ActionKind]]:
        """Delivery requests a person rejected (rejected, and nothing was ever sent)."""
        sent = {r.rec_id for r in self.store.change_requests(self.run_id)}
        return frozenset(
            ((r.target_seller_url, r.target_deal_id), ActionKind(r.kind))
            for r in self.store.recommendations(self.run_id, status="rejected")
            if r.kind != ActionKind.MOVE.value and r.rec_id not in sent)

    async def run_cycle(self, as_of: date | datetime | None = None) -> CycleResult:
        """One pacing cycle at ``as_of`` (simulated time on the sandbox; now if None).

        Run again for the same time, it finishes the decisions recorded then
        (same idempotency keys) instead of deciding anew.
        """
        with self.store.one_cycle():
            return await self._run_cycle(as_of)

    async def _run_cycle(self, as_of: date | datetime | None) -> CycleResult:
        await self.executor.poll_pending()
        booked = await self.measure(as_of)
        at = _at(as_of or datetime.now(UTC))
        if booked:
            at = max(at, *(m.as_of for m in booked))  # never before the sellers' own "as of"
        self.executor.now = at
        statuses = self.status(at)
        earlier = [r for r in self.store.recommendations(self.run_id)
                   if _at(r.as_of) == at]
        if earlier:
            for row in earlier:
                if row.status == "executing":
                    await self.executor.execute(row.rec_id)
            return CycleResult(at, statuses, [], [], [r.rec_id for r in earlier])
        # A deal without a good report this cycle is judged on stale books: no action on it.
        unmeasured = {d.key for d in self.plan.deals} - {m.key for m in booked}
        stalled = [key for key in self.stalled(at) if key not in unmeasured]
        alerts = detect(self.plan, statuses, stalled)
        await self.raise_alerts(alerts, at)
        actions = self.policy(self.view(at, stalled=stalled, unmeasured=unmeasured))
        if self.mode is PacingMode.MANUAL:
            for stale in self.store.recommendations(self.run_id, status="pending"):
                self.store.decide(stale.rec_id, "superseded", f"superseded at {at.isoformat()}")
        rec_ids = [await self._record(action, at, index) for index, action in enumerate(actions)]
        if self.mode is PacingMode.AUTO:
            for rec_id in rec_ids:
                await self.executor.execute(rec_id)
        return CycleResult(at, statuses, alerts, actions, rec_ids)

    def _rec_id(self, action: Action, at: datetime, index: int) -> str:
        """Stable for the same decision at the same time in the same run."""
        text = "|".join((self.run_id, at.isoformat(), str(index), action.kind.value,
                         deal_subject(action.target),
                         deal_subject(action.source) if action.source else "-",
                         str(action.amount_micros)))
        return f"rec-{hashlib.sha256(text.encode()).hexdigest()[:16]}"

    async def _record(self, action: Action, at: datetime, index: int) -> str:
        rec_id = self._rec_id(action, at, index)
        self.store.add_recommendation(PacingRecommendationRow(
            rec_id=rec_id, run_id=self.run_id, as_of=at, kind=action.kind.value,
            mode=self.mode.value,
            source_seller_url=action.source[0] if action.source else None,
            source_deal_id=action.source[1] if action.source else None,
            target_seller_url=action.target[0], target_deal_id=action.target[1],
            amount_micros=action.amount_micros, rationale=action.rationale,
            status="pending" if self.mode is PacingMode.MANUAL else "executing"))
        logger.info("pacing decision %s (%s): %s", rec_id, self.mode.value, action.rationale)
        await emit(self.bus, EventType.PACING_REALLOCATED, run_id=self.run_id, rec_id=rec_id,
                   kind=action.kind.value, mode=self.mode.value,
                   source=deal_subject(action.source) if action.source else None,
                   target=deal_subject(action.target), amount_micros=action.amount_micros,
                   rationale=action.rationale)
        return rec_id

    async def approve(self, rec_id: str) -> str:
        """Approve a pending recommendation and send it to the seller(s); its new status."""
        row = self.store.recommendation(rec_id)
        if row.run_id != self.run_id:
            raise KeyError(f"recommendation {rec_id} belongs to run {row.run_id}")
        if row.status != "pending":
            raise ValueError(f"recommendation {rec_id} is {row.status}, not pending")
        measured = [m.as_of for m in self.latest().values()]
        # Rebase at the books' time: simulated runs live in the sandbox's future.
        self.executor.now = max(measured) if measured else datetime.now(UTC)
        await self.executor.poll_pending()
        return await self.executor.execute(rec_id)

    def reject(self, rec_id: str, reason: str = "rejected by campaign manager") -> None:
        row = self.store.recommendation(rec_id)
        if row.status != "pending":
            raise ValueError(f"recommendation {rec_id} is {row.status}, not pending")
        self.store.decide(rec_id, "rejected", reason)
        logger.info("pacing recommendation %s rejected: %s", rec_id, reason)

    async def run_schedule(
        self,
        interval: float,
        until: datetime,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        simulated: bool = False,
    ) -> list[CycleResult]:
        """Run a cycle every ``interval`` seconds until ``until`` (live pacing).

        Live sellers report delivery as of now; with ``simulated`` the clock's
        time is sent as ``as_of`` (the sandbox's simulated-time extension).
        """
        if interval <= 0:
            raise ValueError("interval must be positive")
        results = []
        while clock() < until:
            results.append(await self.run_cycle(clock() if simulated else None))
            await sleep(interval)
        return results
