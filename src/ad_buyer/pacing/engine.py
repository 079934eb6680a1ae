"""The pacing engine: measure delivery, detect deviations, decide, act.

One :class:`PacingEngine` paces one run of one campaign. A cycle polls
outstanding change requests, pulls every deal's delivery report, books the good
ones (bad ones are stored, flagged and alerted), raises pace alerts and plans
reallocations. In ``auto`` mode decisions are sent to sellers at once; in
``manual`` mode they are stored as recommendations a person approves or
rejects (:meth:`approve` / :meth:`reject`).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.clients.http import SellerHttpError
from ad_buyer.events.bus import EventBus, emit
from ad_buyer.events.models import EventType
from ad_buyer.models.deals import DeliveryReport
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
from ad_buyer.pacing.reallocation import Action, plan_reallocation
from ad_buyer.pacing.state import Measurement, curve_fraction
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


class PacingEngine:
    """Paces one run. Build with :meth:`start` (new run) or :meth:`open` (existing)."""

    def __init__(self, plan: PacingPlan, store: PacingStore, run_id: str, *,
                 mode: PacingMode, clients: ClientFactory, bus: EventBus | None = None) -> None:
        self.plan = plan
        self.store = store
        self.run_id = run_id
        self.mode = mode
        self.bus = bus
        self._client_factory = clients
        self._clients: dict[str, DealsClient] = {}
        self.executor = ChangeExecutor(self)

    @classmethod
    def start(cls, plan: PacingPlan, db: Database, *, clients: ClientFactory,
              mode: PacingMode = PacingMode.AUTO, bus: EventBus | None = None,
              run_id: str | None = None) -> PacingEngine:
        store = PacingStore(db)
        run_id = run_id or f"pace-{uuid.uuid4().hex[:12]}"
        store.create_run(run_id, plan, mode.value)
        return cls(plan, store, run_id, mode=mode, clients=clients, bus=bus)

    @classmethod
    def open(cls, db: Database, run_id: str, *, clients: ClientFactory,
             bus: EventBus | None = None) -> PacingEngine:
        store = PacingStore(db)
        plan, mode = store.load_run(run_id)
        return cls(plan, store, run_id, mode=PacingMode(mode), clients=clients, bus=bus)

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
        """Pull every deal's delivery report; returns the measurements booked now."""
        as_of_param = as_of.isoformat() if as_of is not None else None
        booked: list[Measurement] = []
        for deal in self.plan.deals:
            try:
                report = await self.client(deal.seller_url).get_performance(
                    deal.deal_id, as_of=as_of_param)
            except SellerHttpError as exc:
                await self.alert(Alert(Level.DEAL, deal_subject(deal.key), AlertKind.FETCH_FAILED,
                                       Severity.WARNING,
                                       f"delivery report for {deal_subject(deal.key)} failed: "
                                       f"{exc}"), _at(as_of or datetime.now(UTC)))
                continue
            measurement = await self.ingest(deal.seller_url, deal.deal_id, report)
            if measurement is not None:
                booked.append(measurement)
        return booked

    async def ingest(self, seller_url: str, requested_deal_id: str,
                     report: DeliveryReport) -> Measurement | None:
        """Validate and store one report; None (and an alert) if it was rejected."""
        history = self.store.history(self.run_id)
        key: DealKey = (seller_url, report.deal_id)
        last = history.get(key, [None])[-1]
        problem = validate_report(self.plan, self.store.allocations(self.run_id), last,
                                  seller_url, requested_deal_id, report)
        measurement = to_measurement(seller_url, report)
        self.store.add_measurement(PacingMeasurementRow(
            run_id=self.run_id, seller_url=seller_url, deal_id=report.deal_id,
            as_of=measurement.as_of, impressions=report.impressions_delivered,
            spend_micros=report.spend.amount_micros, booked_impressions=report.booked_impressions,
            seller_status=report.status, accepted=problem is None,
            problem=problem.message if problem else None))
        if problem is not None:
            await self.alert(Alert(Level.DEAL, deal_subject(key), problem.kind, Severity.CRITICAL,
                                   problem.message), measurement.as_of)
            return None
        await emit(self.bus, EventType.PACING_MEASURED, run_id=self.run_id,
                   seller_url=seller_url, deal_id=report.deal_id,
                   as_of=measurement.as_of.isoformat(), impressions=measurement.impressions,
                   spend_micros=measurement.spend_micros)
        return measurement

    async def alert(self, alert: Alert, at: datetime) -> None:
        """Store an alert and publish it."""
        # Alerts are data (stored, published, shown in tables), not operational faults.
        logger.info("pacing alert [%s] %s", alert.severity.value, alert.message)
        self.store.add_alert(PacingAlertRow(
            run_id=self.run_id, as_of=at, level=alert.level.value, subject=alert.subject,
            kind=alert.kind.value, severity=alert.severity.value, ratio=alert.ratio,
            message=alert.message))
        await emit(self.bus, EventType.PACING_ALERT, run_id=self.run_id, level=alert.level.value,
                   subject=alert.subject, kind=alert.kind.value, severity=alert.severity.value,
                   ratio=alert.ratio, message=alert.message)

    # -- status and decisions ----------------------------------------------

    def latest(self) -> dict[DealKey, Measurement]:
        return {key: ms[-1] for key, ms in self.store.history(self.run_id).items()}

    def status(self, at: date | datetime) -> list[PaceStatus]:
        return pace_statuses(self.plan, self.store.allocations(self.run_id), self.latest(),
                             _at(at))

    def stalled(self, at: datetime) -> list[DealKey]:
        history = self.store.history(self.run_id)
        allocations = self.store.allocations(self.run_id)
        result = []
        for deal in self.plan.deals:
            allocation = allocations[deal.key]
            spent_out = bool(history.get(deal.key)) and (
                history[deal.key][-1].spend_micros >= allocation.budget_micros)
            if not spent_out and is_stalled(history.get(deal.key, []), at, self.plan.thresholds,
                                            curve_fraction(self.plan, deal, at)):
                result.append(deal.key)
        return result

    async def run_cycle(self, as_of: date | datetime | None = None) -> CycleResult:
        """One pacing cycle at ``as_of`` (simulated time on the sandbox; now if None)."""
        await self.executor.poll_pending()
        booked = await self.measure(as_of)
        if not isinstance(as_of, datetime) and booked:
            at = max(m.as_of for m in booked)  # the sellers' own "as of"
        else:
            at = _at(as_of or datetime.now(UTC))
        self.executor.now = at
        statuses = self.status(at)
        # A deal without a good report this cycle is judged on stale books: no action on it.
        unmeasured = {d.key for d in self.plan.deals} - {m.key for m in booked}
        stalled = [key for key in self.stalled(at) if key not in unmeasured]
        alerts = detect(self.plan, statuses, stalled)
        for alert in alerts:
            await self.alert(alert, at)
        actions = plan_reallocation(
            self.plan, self.store.allocations(self.run_id), self.latest(), at,
            stalled=stalled, blocked_sellers=self.executor.blocked_sellers(),
            already_asked=self.executor.already_asked(), unmeasured=unmeasured,
        )
        if self.mode is PacingMode.MANUAL:
            for stale in self.store.recommendations(self.run_id, status="pending"):
                self.store.decide(stale.rec_id, "superseded", f"superseded at {at.isoformat()}")
        rec_ids = []
        for action in actions:
            rec_id = await self._record(action, at)
            rec_ids.append(rec_id)
            if self.mode is PacingMode.AUTO:
                await self.executor.execute(rec_id)
        return CycleResult(at, statuses, alerts, actions, rec_ids)

    async def _record(self, action: Action, at: datetime) -> str:
        rec_id = f"rec-{uuid.uuid4().hex[:12]}"
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
