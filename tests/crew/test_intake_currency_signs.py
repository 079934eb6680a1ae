"""Currency signs that name one currency (issue 19): '₦150m' was read as USD 150m once
the brief's audience was read ('18-35 all genders'); likewise '₱', '₪', 'NT$', 'KSh',
'₺', '₫', '฿'."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.models.money import from_micros

from .intake_reading import read_brief

TAIL = " for CTV, 1 March 2027 to 30 April 2027, adults 25-54."


@pytest.mark.parametrize(("amount", "budget", "currency"), [
    ("₦150m", 150_000_000, "NGN"),
    ("₱12M", 12_000_000, "PHP"),
    ("₪1.2M", 1_200_000, "ILS"),
    ("NT$6,000,000", 6_000_000, "TWD"),
    ("KSh 5M", 5_000_000, "KES"),
    ("₺15M", 15_000_000, "TRY"),
    ("฿4.5M", 4_500_000, "THB"),
])
def test_a_sign_of_one_currency_is_that_currency(amount: str, budget: int,
                                                 currency: str) -> None:
    brief = read_brief(amount + TAIL)
    assert (from_micros(brief.budget_micros), brief.currency) == (Decimal(budget), currency)
