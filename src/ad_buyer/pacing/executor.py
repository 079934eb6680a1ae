"""Sending pacing decisions to sellers as change requests, and tracking answers.

A move is two budget changes: the source deal is cut first (freeing budget),
and only once that is approved is the target raised, so allocations never sum
above the campaign budget even when a seller refuses half of a move. Budget
changes count only once the seller approves them. Every request and answer
is stored; policies read them (:meth:`ChangeExecutor.sent_requests`) to
learn which deals have room, which sellers refuse cuts, and what was asked.

Idempotency keys are derived from the run, the recommendation and the leg
(``cut``, ``raise`` or the delivery change), so a recommendation executed
again after a crash sends the same keys and the seller replays its answer.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Protocol

from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.clients.http import SellerHttpError
from ad_buyer.events.bus import EventBus, emit
from ad_buyer.events.models import EventType
from ad_buyer.models.deals import ChangeRequestStatus, ChangeType
from ad_buyer.models.money import from_micros, impressions_for_budget
from ad_buyer.pacing.detection import Alert, AlertKind, Level, Severity, deal_subject
from ad_buyer.pacing.models import DealKey, PacingPlan
from ad_buyer.pacing.policy import ActionKind, SentRequest
from ad_buyer.pacing.state import Measurement, as_utc, curve_fraction
from ad_buyer.pacing.store import PacingChangeRequestRow, PacingStore

logger = logging.getLogger(__name__)

ACCEPTED = {ChangeRequestStatus.APPROVED.value, ChangeRequestStatus.APPLIED.value}
PENDING = ChangeRequestStatus.PENDING.value
REJECTED = ChangeRequestStatus.REJECTED.value
FAILED = "failed"


class PacedRun(Protocol):
    """What the executor needs of the engine pacing its run (``PacingEngine`` is one)."""

    plan: PacingPlan
    store: PacingStore
    run_id: str
    bus: EventBus | None

    def client(self, seller_url: str) -> DealsClient: ...

    async def alert(self, alert: Alert, at: datetime) -> None: ...

    def latest(self, as_of: datetime | None = None) -> dict[DealKey, Measurement]: ...


class ChangeExecutor:
    """Executes recommendations for one engine and folds seller answers back in."""

    def __init__(self, engine: PacedRun) -> None:
        self.engine = engine
        self.now: datetime = datetime.now(UTC)

    def sent_requests(self) -> tuple[SentRequest, ...]:
        """Every change request of this run with the seller's answer, oldest first."""
        engine = self.engine
        recs = {r.rec_id: r for r in engine.store.recommendations(engine.run_id)}
        sent = []
        for row in engine.store.change_requests(engine.run_id):
            rec = recs.get(row.rec_id or "")
            at = as_utc(rec.as_of) if rec is not None else as_utc(row.created_at)
            amount = 0
            if row.change_type == "budget":
                amount = row.direction * (rec.amount_micros if rec is not None else 0)
            status = "applied" if row.status in ACCEPTED else (
                PENDING if row.status in (PENDING, "sending") else row.status)
            sent.append(SentRequest((row.seller_url, row.deal_id), row.change_type, amount, at,
                                    status))
        return tuple(sent)

    def committed_micros(self) -> int:
        """Current allocations plus budget increases a seller has not answered yet."""
        engine = self.engine
        allocations = engine.store.allocations(engine.run_id)
        total = sum(a.budget_micros for a in allocations.values())
        for r in engine.store.change_requests(engine.run_id):
            if r.status == PENDING and r.change_type == "budget" and r.budget_micros is not None:
                total += max(0, r.budget_micros - allocations[(r.seller_url, r.deal_id)]
                             .budget_micros)
        return total

    async def execute(self, rec_id: str) -> str:
        """Send one recommendation's change requests; returns its final status."""
        engine = self.engine
        row = engine.store.recommendation(rec_id)
        target: DealKey = (row.target_seller_url, row.target_deal_id)
        if row.kind != ActionKind.MOVE.value:
            status, outcome = await self._delivery_request(rec_id, target, row.kind,
                                                           row.rationale)
            engine.store.decide(rec_id, status, outcome)
            return status
        if row.source_seller_url and row.source_deal_id:
            source: DealKey = (row.source_seller_url, row.source_deal_id)
            cut = self._sent(rec_id, "cut")
            if cut is not None and cut.budget_micros is not None:
                new_budget = cut.budget_micros  # sent before a crash: the same request again
            else:
                spent = self._spend(source)
                allocation = engine.store.allocations(engine.run_id)[source]
                new_budget = allocation.budget_micros - row.amount_micros
                if new_budget < spent:
                    return self._finish(rec_id, FAILED, f"{deal_subject(source)} has spent "
                                        f"{spent} micros, more than the {new_budget} it would "
                                        "keep")
            status = await self._budget_request(rec_id, source, new_budget, -1, row.rationale,
                                                "cut")
            if status != "applied":
                return self._finish(rec_id, f"source_{status}",
                                    f"cut of {deal_subject(source)} is {status}")
        raise_ = self._sent(rec_id, "raise")
        if raise_ is not None and raise_.budget_micros is not None:
            new_target = raise_.budget_micros
        else:
            if self.committed_micros() + row.amount_micros > engine.plan.budget_micros:
                return self._finish(rec_id, FAILED, "raising the target would exceed the "
                                    "campaign budget; the amount stays unallocated")
            current = engine.store.allocations(engine.run_id)[target].budget_micros
            new_target = current + row.amount_micros
        status = await self._budget_request(rec_id, target, new_target, +1, row.rationale,
                                            "raise")
        return self._finish(rec_id, status, f"raise of {deal_subject(target)} is {status}")

    def _sent(self, rec_id: str, leg: str) -> PacingChangeRequestRow | None:
        """The change request of this leg, if one was recorded before (a re-run)."""
        key = self.idempotency_key(rec_id, leg)
        return next((r for r in self.engine.store.change_requests(self.engine.run_id)
                     if r.idempotency_key == key), None)

    def _finish(self, rec_id: str, status: str, outcome: str) -> str:
        self.engine.store.decide(rec_id, status, outcome)
        logger.info("pacing recommendation %s: %s (%s)", rec_id, status, outcome)
        return status

    def _spend(self, key: DealKey) -> int:
        latest = self.engine.latest().get(key)
        return latest.spend_micros if latest else 0

    async def _budget_request(self, rec_id: str, key: DealKey, budget_micros: int,
                              direction: int, reason: str, leg: str) -> str:
        deal = self.engine.plan.deal(key)
        assert deal is not None
        impressions = impressions_for_budget(deal.cpm_micros, budget_micros)
        return await self._send(rec_id, key, "budget", direction, reason, leg,
                                budget_micros=budget_micros, impressions=impressions)

    async def _delivery_request(self, rec_id: str, key: DealKey, kind: str,
                                reason: str) -> tuple[str, str]:
        direction = 1 if kind == ActionKind.INCREASE.value else -1
        change: ChangeType = "increase_delivery" if direction > 0 else "throttle_delivery"
        status = await self._send(rec_id, key, change, direction, reason, "delivery")
        return status, f"{change} for {deal_subject(key)} is {status}"

    def idempotency_key(self, rec_id: str, leg: str) -> str:
        """The seller-facing key of one leg of one recommendation (stable across retries)."""
        return f"pace-{self.engine.run_id}-{rec_id}-{leg}"

    async def _send(self, rec_id: str, key: DealKey, change_type: ChangeType, direction: int,
                    reason: str, leg: str, *, budget_micros: int | None = None,
                    impressions: int | None = None) -> str:
        """One change request; 'applied', 'pending', 'rejected' or 'failed'."""
        engine = self.engine
        idem = self.idempotency_key(rec_id, leg)
        earlier = self._sent(rec_id, leg)
        if earlier is not None and earlier.status not in ("sending", FAILED):
            # Answered before a crash: apply it if that was not done yet, never twice.
            if earlier.status in ACCEPTED:
                if budget_micros is not None and not any(
                        c.rec_id == rec_id and c.key == key
                        for c in engine.store.allocation_changes(engine.run_id)):
                    self._apply_budget(key, budget_micros, rec_id)
                return "applied"
            return earlier.status
        row_id = earlier.id if earlier is not None else engine.store.add_change_request(
            PacingChangeRequestRow(
                run_id=engine.run_id, rec_id=rec_id, seller_url=key[0], deal_id=key[1],
                change_type=change_type, direction=direction, budget_micros=budget_micros,
                impressions=impressions if budget_micros is not None else None,
                idempotency_key=idem, status="sending"))
        try:
            response = await engine.client(key[0]).request_change(
                key[1], change_type, idempotency_key=idem, impressions=impressions,
                budget=from_micros(budget_micros) if budget_micros is not None else None,
                reason=reason[:500], currency=engine.plan.currency)
        except SellerHttpError as exc:
            engine.store.update_change_request(row_id, status=FAILED, seller_message=str(exc))
            await engine.alert(Alert(Level.DEAL, deal_subject(key), AlertKind.CHANGE_FAILED,
                                     Severity.WARNING,
                                     f"{change_type} request to {deal_subject(key)} failed: "
                                     f"{exc}"), self.now)
            return FAILED
        await emit(engine.bus, EventType.CHANGE_REQUEST_SENT, run_id=engine.run_id,
                   rec_id=rec_id, seller_url=key[0], deal_id=key[1], change_type=change_type,
                   budget_micros=budget_micros, status=response.status.value,
                   change_request_id=response.change_request_id)
        engine.store.update_change_request(row_id, status=response.status.value,
                                           seller_message=response.seller_message,
                                           change_request_id=response.change_request_id)
        return await self._answered(rec_id, key, change_type, response.status.value,
                                    response.seller_message, budget_micros)

    async def _answered(self, rec_id: str | None, key: DealKey, change_type: str, status: str,
                        message: str, budget_micros: int | None) -> str:
        engine = self.engine
        if status in ACCEPTED:
            if budget_micros is not None:
                self._apply_budget(key, budget_micros, rec_id)
            return "applied"
        if status == REJECTED:
            await engine.alert(Alert(Level.DEAL, deal_subject(key), AlertKind.CHANGE_REJECTED,
                                     Severity.WARNING,
                                     f"seller rejected {change_type} for {deal_subject(key)}: "
                                     f"{message or 'no reason given'}"), self.now)
            return REJECTED
        return PENDING

    def _apply_budget(self, key: DealKey, budget_micros: int, rec_id: str | None) -> None:
        engine = self.engine
        deal = engine.plan.deal(key)
        assert deal is not None
        current = engine.store.allocations(engine.run_id)[key]
        fraction = curve_fraction(engine.plan, deal, self.now)
        engine.store.set_allocation(
            engine.run_id, key,
            current.rebased(budget_micros, self._spend(key), fraction, self.now),
            as_of=self.now, rec_id=rec_id)
        logger.info("allocation of %s is now %s micros", deal_subject(key), budget_micros)

    async def poll_pending(self) -> None:
        """Ask sellers about unanswered change requests and apply their answers."""
        engine = self.engine
        for row in engine.store.change_requests(engine.run_id):
            if row.status != PENDING or not row.change_request_id:
                continue
            key = (row.seller_url, row.deal_id)
            try:
                response = await engine.client(row.seller_url).get_change_request(
                    row.change_request_id)
            except SellerHttpError as exc:
                logger.warning("could not poll change request %s: %s", row.change_request_id, exc)
                continue
            if response.status.value == PENDING:
                continue
            engine.store.update_change_request(row.id, status=response.status.value,
                                               seller_message=response.seller_message)
            outcome = await self._answered(row.rec_id, key, row.change_type,
                                           response.status.value, response.seller_message,
                                           row.budget_micros)
            if row.rec_id:
                if row.change_type == "budget" and row.direction < 0:
                    outcome = f"source_{outcome}"  # the freed budget is funded next cycle
                engine.store.decide(row.rec_id, outcome,
                                    f"{row.change_type} for {deal_subject(key)} is {outcome}")
