"""Money at the edge and inside.

The seller API carries money as ``{"amount_micros": int, "currency": "USD"}``.
Inside the buyer, amounts that are summed or committed (budgets, spend, deal
values) are integer micros or :class:`~decimal.Decimal`; never summed floats.
CPM prices at the public Python API are floats rounded to the cent (the seed
documents type them so); they are converted here, exactly, before any sum.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

MICROS_PER_UNIT = 1_000_000
CENT = Decimal("0.01")

Amount = float | int | Decimal | str


def to_decimal(value: Amount) -> Decimal:
    """Exact decimal for a user amount: floats go through ``repr`` (20.1 -> 20.1)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def to_micros(value: Amount) -> int:
    """Integer micros for an amount, rounded half-up at the micro."""
    return int((to_decimal(value) * MICROS_PER_UNIT).to_integral_value(ROUND_HALF_UP))


def from_micros(micros: int) -> Decimal:
    return Decimal(micros) / MICROS_PER_UNIT


def micros_to_float(micros: int) -> float:
    """A price for display or for the seed's float-typed fields (never summed)."""
    return float(from_micros(micros).quantize(Decimal("0.000001")))


def cents(value: Amount) -> Decimal:
    return to_decimal(value).quantize(CENT, ROUND_HALF_UP)


def cost_micros(cpm_micros: int, impressions: int) -> int:
    """Cost of ``impressions`` at a CPM, in micros, rounded half-up."""
    return int((Decimal(cpm_micros) * impressions / 1000).to_integral_value(ROUND_HALF_UP))


def impressions_for_budget(cpm_micros: int, budget_micros: int) -> int:
    """Whole impressions a budget buys at a CPM (never over budget)."""
    if cpm_micros <= 0:
        raise ValueError("CPM must be positive")
    return budget_micros * 1000 // cpm_micros


Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code")]


class Money(BaseModel):
    """Money on the wire: integer micros and an ISO currency code."""

    model_config = ConfigDict(frozen=True)

    amount_micros: int
    currency: Currency = "USD"

    @classmethod
    def of(cls, amount: Amount, currency: str = "USD") -> Money:
        return cls(amount_micros=to_micros(amount), currency=currency)

    @property
    def amount(self) -> Decimal:
        return from_micros(self.amount_micros)

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,.2f}"
