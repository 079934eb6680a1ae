"""A budget given as a rate ("$75k per month", "€20k a week"): the rate times the flight's
whole months or weeks, said so; a flight that is not whole months (weeks) is asked about."""

from __future__ import annotations

import re
from datetime import timedelta

from ad_buyer.intake.reading import Reading
from ad_buyer.models.brief import GapKind
from ad_buyer.models.money import from_micros

# "$60k/month", "$75k per month", "€20k a week", "$50k each month"
RATE_AFTER = re.compile(r"^\s*(?:/|per\s+|a\s+|an\s+|each\s+|(?:[A-Za-z]+\s+){1,2}(?:per|each)\s+)"
                        r"(?P<unit>month|mo|week|wk|day|quarter)\b", re.IGNORECASE)


def settle_rate(reading: Reading) -> None:
    """"$75k per month for 3 months starting Feb 2027": a budget given only as a rate is
    the rate times the flight's whole months (or weeks), said so; a flight that is not
    whole months (weeks) is asked about."""
    unit = reading.budget_rate
    start, end = reading.facts.get("flight_start"), reading.facts.get("flight_end")
    rate = reading.facts.get("budget_micros")
    if unit is None or start is None or end is None or rate is None:
        return
    days = (end - start).days + 1
    if unit == "week":
        count = days // 7 if days % 7 == 0 else None
    else:
        whole = start.day == 1 and (end + timedelta(days=1)).day == 1
        count = ((end.year - start.year) * 12 + end.month - start.month + 1) if whole else None
    if count is None:
        reading.facts.pop("budget_micros")
        reading.issue("budget", GapKind.AMBIGUOUS, f"the budget is given per {unit} and the "
                      f"flight ({start.isoformat()} to {end.isoformat()}) is not whole "
                      f"{unit}s; state the total")
        return
    reading.facts["budget_micros"] = rate * count
    reading.assume(f"the budget per {unit} times the flight's {count} {unit}s: "
                   f"{from_micros(rate * count):,} in total")
