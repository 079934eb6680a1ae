"""How a portfolio is booked: whole or not at all, or as much as the sellers take
(see :mod:`~ad_buyer.booking.executor`). Apart so that a command can name the mode
without loading the booker."""

from __future__ import annotations

from typing import Literal

BookingMode = Literal["all_or_nothing", "best_effort"]
BOOKING_MODES: tuple[str, ...] = ("all_or_nothing", "best_effort")
