"""Events: what happened, when, in which run. Every stage emits them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field


class EventType:
    """Event names used across the buyer (dotted, stable: they are stored)."""

    INVENTORY_DISCOVERED = "inventory.discovered"
    SELLER_SKIPPED = "seller.skipped"
    PACKAGE_REJECTED = "package.rejected"
    QUOTE_RECEIVED = "quote.received"
    QUOTE_REJECTED = "quote.rejected"
    NEGOTIATION_COMPLETED = "negotiation.completed"
    PORTFOLIO_SELECTED = "portfolio.selected"
    DEAL_BOOKED = "deal.booked"
    DEAL_BOOKING_FAILED = "deal.booking_failed"
    DEAL_CANCELLED = "deal.cancelled"
    CAMPAIGN_BOOKING_COMPLETED = "campaign.booking_completed"
    GUARD_REJECTED = "guard.rejected"
    PACING_MEASURED = "pacing.measured"
    PACING_ALERT = "pacing.alert"
    PACING_REALLOCATED = "pacing.reallocated"
    CHANGE_REQUEST_SENT = "change_request.sent"


class Event(BaseModel):
    event_type: str
    payload: dict[str, Any] = Field(default_factory=dict)
    event_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    timestamp: datetime = Field(default_factory=lambda: datetime.now(UTC))
    run_id: str | None = None
