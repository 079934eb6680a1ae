"""Simulated delivery of a booked deal over its flight (pure, deterministic).

Delivery runs piecewise between events (change requests, stalls, cancels): in
each piece the seller delivers at its profile's pace times what it still owes
divided by the flight time left, so an approved change alters only the future.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from ad_buyer.sandbox.config import DeliveryProfile

EventKind = Literal["pace", "stall", "unstall", "impressions", "flight_end", "cancel"]

PROFILE_PACE: dict[DeliveryProfile, float] = {
    DeliveryProfile.ON_PACE: 1.0,
    DeliveryProfile.UNDER: 0.6,
    DeliveryProfile.OVER: 1.35,
    DeliveryProfile.STALL: 1.0,
}
STALL_AFTER_SHARE = 0.3  # a stalling seller stops after 30% of the flight


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


@dataclass(frozen=True)
class DeliveryEvent:
    at: datetime
    kind: EventKind
    value: float = 0.0
    day: date | None = None


@dataclass
class DeliveryPlan:
    flight_start: date
    flight_end: date  # inclusive: delivery runs to the end of this day
    booked_impressions: int
    profile: DeliveryProfile
    jitter: float = 1.0  # seeded per deal, e.g. 0.97..1.03
    events: list[DeliveryEvent] = field(default_factory=list)

    @property
    def start(self) -> datetime:
        return day_start(self.flight_start)

    def stall_at(self) -> datetime | None:
        if self.profile is not DeliveryProfile.STALL:
            return None
        span = day_start(self.flight_end + timedelta(days=1)) - self.start
        return self.start + span * STALL_AFTER_SHARE

    def cancelled_at(self) -> datetime | None:
        return next((e.at for e in self.events if e.kind == "cancel"), None)


@dataclass(frozen=True)
class DeliverySnapshot:
    impressions: int
    booked_impressions: int
    flight_end: date
    status: str


def simulate(plan: DeliveryPlan, as_of: datetime) -> DeliverySnapshot:
    """Impressions delivered by ``as_of`` and the deal's state then."""
    booked = plan.booked_impressions
    end = day_start(plan.flight_end + timedelta(days=1))
    pace = PROFILE_PACE[plan.profile] * plan.jitter
    stalled = cancelled = False
    delivered = 0.0
    t = plan.start
    events = sorted(plan.events, key=lambda e: e.at)
    stall_at = plan.stall_at()
    if stall_at is not None:
        events.append(DeliveryEvent(stall_at, "stall"))
        events.sort(key=lambda e: e.at)

    def rate() -> float:
        if stalled or cancelled or t >= end:
            return 0.0
        return pace * max(0.0, booked - delivered) / (end - t).total_seconds()

    current = rate()
    for event in [*events, DeliveryEvent(as_of, "pace", 1.0)]:
        seg_end = min(max(event.at, plan.start), as_of, end)
        if seg_end > t:
            delivered = min(float(booked), delivered + current * (seg_end - t).total_seconds())
            t = seg_end
        if event.at >= as_of:
            break
        if event.kind == "stall":
            stalled = True
        elif event.kind == "pace":
            pace *= event.value
        elif event.kind == "unstall":
            stalled = False
        elif event.kind == "impressions":
            booked = max(int(delivered), int(event.value))
        elif event.kind == "flight_end" and event.day is not None:
            end = max(day_start(event.day + timedelta(days=1)), t)
        elif event.kind == "cancel":
            cancelled = True
        t = max(t, min(max(event.at, plan.start), end))
        current = rate()

    impressions = int(delivered)
    if cancelled:
        status = "cancelled"
    elif as_of < plan.start:
        status = "booked"
    elif as_of >= end or impressions >= booked:
        status = "completed"
    else:
        status = "active"
    flight_end = (end - timedelta(days=1)).date()
    return DeliverySnapshot(impressions, booked, flight_end, status)
