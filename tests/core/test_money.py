from decimal import Decimal

import pytest
from pydantic import ValidationError

from ad_buyer.models.money import (
    Money,
    cost_micros,
    from_micros,
    impressions_for_budget,
    micros_to_float,
    to_decimal,
    to_micros,
)


def test_float_amounts_convert_exactly_through_repr():
    assert to_decimal(20.1) == Decimal("20.1")
    assert to_micros(25.2) == 25_200_000
    assert to_micros("0.1") == 100_000
    assert to_micros(Decimal("1.0000005")) == 1_000_001  # half-up at the micro


def test_money_wire_shape_and_amount():
    money = Money.of(25.2)
    assert money.model_dump() == {"amount_micros": 25_200_000, "currency": "USD"}
    assert money.amount == Decimal("25.2")
    assert str(Money.of(1234.5, "EUR")) == "EUR 1,234.50"


def test_money_rejects_bad_currency_code():
    with pytest.raises(ValidationError, match="currency"):
        Money(amount_micros=1, currency="usd")


def test_cost_and_impressions_are_integer_micros():
    cpm = to_micros(25)
    assert cost_micros(cpm, 500_000) == to_micros(12_500)
    # Summing many small costs stays exact, unlike floats.
    assert sum(cost_micros(to_micros(0.1), 1000) for _ in range(10)) == to_micros(1)
    assert impressions_for_budget(to_micros(30), to_micros(100)) == 3333
    with pytest.raises(ValueError, match="positive"):
        impressions_for_budget(0, 1)


def test_micros_round_trip():
    assert from_micros(25_200_000) == Decimal("25.2")
    assert micros_to_float(25_200_000) == 25.2
