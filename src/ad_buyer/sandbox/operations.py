"""Live deals: delivery reports and change requests (pacing's seller side).

A reference-dialect seller's change requests belong to *orders* (they need an
``order_id``) and have no ``cancel`` type for a single deal: a buyer cannot
cancel or change a deal there on its own. Delivery reports have the native
shape in both dialects (PROTOCOL.md's reference section says nothing else).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Literal

from ad_buyer.sandbox.context import SellerContext
from ad_buyer.sandbox.delivery import DeliveryEvent, day_start, simulate
from ad_buyer.sandbox.errors import SandboxError
from ad_buyer.sandbox.idempotency import require_key
from ad_buyer.sandbox.money import impressions_bought, money, spend_micros
from ad_buyer.sandbox.trading import StoredDeal, TradingDesk
from ad_buyer.sandbox.wire import native, reference
from ad_buyer.sandbox.wire.native import ChangeAnswer, ChangeRequest, DeliveryReport

INCREASE_PACE = 1.25
THROTTLE_PACE = 0.75
OVERSPEND_FACTOR = 1.2


def parse_as_of(value: str | None, now: datetime) -> datetime:
    """An ISO date (midnight UTC) or datetime (naive = UTC); default ``now``."""
    if not value:
        return now
    try:
        if len(value) == 10:
            return day_start(date.fromisoformat(value))
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise SandboxError(422, "invalid_as_of",
                           f"as_of must be an ISO date or datetime, got {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class OperationsDesk:
    def __init__(self, ctx: SellerContext, trading: TradingDesk) -> None:
        self.ctx = ctx
        self.trading = trading
        self.change_requests: dict[str, ChangeAnswer] = {}

    def performance(self, deal_id: str, as_of_text: str | None) -> dict[str, Any]:
        stored = self.trading.deal(deal_id)
        as_of = parse_as_of(as_of_text, self.ctx.clock())
        snapshot = simulate(stored.plan, as_of)
        impressions = snapshot.impressions
        anomaly = self.ctx.faults.config.delivery_anomaly
        if anomaly == "regress" and stored.last_reported:
            impressions = max(0, stored.last_reported - max(1, stored.last_reported // 10))
        spend = spend_micros(stored.price_micros, impressions)
        if anomaly == "overspend":
            booked_cost = spend_micros(stored.price_micros, snapshot.booked_impressions)
            spend = max(spend, int(booked_cost * OVERSPEND_FACTOR))
        stored.last_reported = impressions
        if stored.last_as_of is None or as_of > stored.last_as_of:
            stored.last_as_of = as_of
        report = DeliveryReport(
            deal_id=deal_id, as_of=as_of, impressions_delivered=impressions,
            spend=money(spend, stored.deal.terms.currency),
            booked_impressions=snapshot.booked_impressions,
            status=snapshot.status)
        return report.model_dump(mode="json")

    def request_change(self, body: dict[str, Any]) -> dict[str, Any]:
        if self.ctx.reference:
            order = self.ctx.validate(reference.ChangeRequest, body)
            raise SandboxError(404, "order_not_found", f"Order '{order.order_id}' not found.")
        key = require_key(body)
        replay = self.ctx.idempotency.lookup("change", key, body)
        if replay is not None:
            return dict(replay.body)
        req = self.ctx.validate(native.ChangeRequest, body)
        stored = self.trading.deal(req.deal_id)
        response = self._decide(req, stored)
        self.change_requests[response.change_request_id] = response
        result = response.model_dump(mode="json", exclude_none=True)
        self.ctx.idempotency.save("change", key, body, 200, result)
        return result

    def get_change(self, change_request_id: str) -> dict[str, Any]:
        response = self.change_requests.get(change_request_id)
        if response is None:
            raise SandboxError(404, "change_request_not_found",
                               f"no change request {change_request_id!r}")
        return response.model_dump(mode="json", exclude_none=True)

    def _decide(self, req: ChangeRequest, stored: StoredDeal) -> ChangeAnswer:
        cr_id = self.ctx.new_id("cr")

        def answer(status: Literal["approved", "rejected"], message: str,
                   **fields: Any) -> ChangeAnswer:
            return ChangeAnswer(change_request_id=cr_id, deal_id=req.deal_id,
                                change_type=req.change_type, status=status,
                                seller_message=message, **fields)

        cancelled = stored.plan.cancelled_at() is not None
        if req.change_type == "cancel" and cancelled:
            return answer("approved", "deal was already cancelled")
        if cancelled:
            return answer("rejected", "deal is cancelled")
        if req.change_type != "cancel" and (
                self.ctx.faults.config.reject_change_requests
                or req.change_type in self.ctx.spec.reject_change_types):
            return answer("rejected",
                          f"{self.ctx.spec.name} does not accept {req.change_type} changes")
        at = max(self.ctx.clock(), stored.last_as_of or stored.plan.start)
        delivered = simulate(stored.plan, at).impressions
        events = stored.plan.events
        deal = stored.deal
        if req.change_type == "cancel":
            events.append(DeliveryEvent(at, "cancel"))
            stored.deal = deal.model_copy(update={"status": "cancelled"})
            return answer("approved", "deal cancelled; delivery stopped")
        if req.change_type == "increase_delivery":
            events.extend([DeliveryEvent(at, "unstall"), DeliveryEvent(at, "pace", INCREASE_PACE)])
            return answer("approved", "delivery pace increased")
        if req.change_type == "throttle_delivery":
            events.append(DeliveryEvent(at, "pace", THROTTLE_PACE))
            return answer("approved", "delivery pace throttled")
        if req.change_type in ("impressions", "budget"):
            impressions = self._new_impressions(req, stored)
            if impressions < delivered:
                return answer("rejected",
                              f"{delivered} impressions are already delivered")
            events.append(DeliveryEvent(at, "impressions", float(impressions)))
            terms = deal.terms.model_copy(update={"impressions": impressions})
            stored.deal = deal.model_copy(update={"terms": terms})
            return answer("approved", "booked impressions changed",
                          impressions=impressions, budget=req.budget)
        # flight
        if req.flight_end is None:
            raise SandboxError(422, "validation_error", "a flight change needs flight_end")
        if req.flight_end < deal.terms.flight_start or day_start(req.flight_end) < at.replace(
                hour=0, minute=0, second=0, microsecond=0):
            return answer("rejected",
                          f"flight_end {req.flight_end} is already in the past of this flight")
        events.append(DeliveryEvent(at, "flight_end", day=req.flight_end))
        stored.deal = deal.model_copy(
            update={"terms": deal.terms.model_copy(update={"flight_end": req.flight_end})})
        return answer("approved", "flight end changed",
                      flight_end=req.flight_end)

    @staticmethod
    def _new_impressions(req: ChangeRequest, stored: StoredDeal) -> int:
        if req.change_type == "impressions":
            if req.impressions is None:
                raise SandboxError(422, "validation_error",
                                   "an impressions change needs impressions")
            return req.impressions
        if req.budget is None:
            raise SandboxError(422, "validation_error", "a budget change needs budget")
        currency = stored.deal.terms.currency
        if req.budget.currency != currency:
            raise SandboxError(422, "currency_not_supported",
                               f"budget currency {req.budget.currency} is not {currency}")
        return impressions_bought(stored.price_micros, req.budget.amount_micros)
