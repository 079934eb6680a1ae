"""What a booking run did, and the idempotency key each of its deals is booked under.

A deal's key derives from the booking run and the quote (:func:`booking_key`),
never from a random draw: when a crashed run is resumed, the booking step runs
again and sends every deal with the key it had before, so a seller that booked
it returns the same deal instead of booking a second one (PROTOCOL: "a replayed
key returns the same result").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from ad_buyer.booking.quote_normalizer import NormalizedQuote
from ad_buyer.models.deals import DealResponse
from ad_buyer.models.money import from_micros


class BookingStatus(StrEnum):
    COMPLETED = "completed"
    ROLLED_BACK = "rolled_back"
    FAILED = "failed"
    # A deal's outcome could not be read back: it may be live at its seller.
    UNRESOLVED = "unresolved"


def booking_key(run_id: str, quote: NormalizedQuote) -> str:
    """The idempotency key ``quote`` is booked under in booking run ``run_id``."""
    return f"book-{run_id}-{hashlib.sha256(quote.key.encode()).hexdigest()[:16]}"


@dataclass
class BookedDeal:
    deal: DealResponse
    quote: NormalizedQuote
    cost_micros: int
    idempotency_key: str


@dataclass
class BookingOutcome:
    """What a booking run did; every refused or undone deal says why.

    ``held`` deals are live (or may be) at their seller without being accepted:
    booked on other terms than agreed and not cancellable, or booked with an
    outcome that could not be read back (``outcome_unknown``). Their cost counts
    in ``total_spend`` and against the budget.
    """

    run_id: str
    mode: str
    budget_micros: int
    booked: list[BookedDeal] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    rolled_back: list[dict[str, Any]] = field(default_factory=list)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    held: list[dict[str, Any]] = field(default_factory=list)
    status: BookingStatus = BookingStatus.COMPLETED

    @property
    def unresolved(self) -> list[dict[str, Any]]:
        """Held deals whose booking outcome is unknown."""
        return [h for h in self.held if h.get("outcome_unknown")]

    @property
    def held_micros(self) -> int:
        return sum(int(h["cost_micros"]) for h in self.held)

    @property
    def committed_micros(self) -> int:
        return sum(b.cost_micros for b in self.booked) + self.held_micros

    @property
    def total_spend(self) -> Decimal:
        """Booked and held deals: both are (or may be) live at their sellers."""
        return from_micros(self.committed_micros)

    @property
    def remaining_budget(self) -> Decimal:
        return from_micros(self.budget_micros - self.committed_micros)
