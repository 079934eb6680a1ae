"""The sellers' money: integer micros inside, ``{"amount_micros", "currency"}`` on
the wire, floats only where a dialect prints dollars."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from pydantic import BaseModel, ConfigDict, Field

MICROS = 1_000_000
CENT_MICROS = 10_000


class Money(BaseModel):
    """A wire amount (PROTOCOL.md: ``{"amount_micros": 25200000, "currency": "USD"}``)."""

    model_config = ConfigDict(frozen=True)

    amount_micros: int
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")


def usd(micros: int) -> Money:
    return Money(amount_micros=micros)


def money(micros: int, currency: str) -> Money:
    """An amount in the seller's own currency (its card declares it)."""
    return Money(amount_micros=micros, currency=currency)


def micros_of(value: float | int | str | Decimal) -> int:
    """Micros for a price a buyer sent as a number (floats read through ``repr``)."""
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return int((exact * MICROS).to_integral_value(ROUND_HALF_UP))


def dollars(micros: int) -> float:
    """A price in dollars for the fields a dialect prints as numbers."""
    return float((Decimal(micros) / MICROS).quantize(Decimal("0.000001")))


def dollars_exact(micros: int) -> Decimal:
    return Decimal(micros) / MICROS


def round_to_cent(micros: Decimal | int) -> int:
    """Micros rounded half-up to a whole cent (CPMs on the wire are cents)."""
    cents = (Decimal(micros) / CENT_MICROS).to_integral_value(ROUND_HALF_UP)
    return int(cents) * CENT_MICROS


def spend_micros(cpm_micros: int, impressions: int) -> int:
    """What ``impressions`` cost at a CPM, rounded half-up at the micro."""
    return int((Decimal(cpm_micros) * impressions / 1000).to_integral_value(ROUND_HALF_UP))


def impressions_bought(cpm_micros: int, budget_micros: int) -> int:
    """Whole impressions a budget pays for at a CPM (a seller never over-delivers a budget)."""
    if cpm_micros <= 0:
        raise ValueError("CPM must be positive")
    return budget_micros * 1000 // cpm_micros
