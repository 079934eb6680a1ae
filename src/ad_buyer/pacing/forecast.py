"""Forecasting a deal's delivery from its delivery so far.

A deal's daily spend is read from its booked measurements since its budget
last changed (before that it delivered to another budget). Each span between
two measurements gives one observed daily rate; the estimate is their mean
weighted by span length and by recency (a span ``half_life`` older counts
half), which shrinks the noisy last day or two towards the deal's longer
record, and its *spread* is the standard error of that weighted mean
(widened when there are few spans). The forecast of what the deal will spend
by flight end is then a range, not a point: :meth:`DeliveryForecast.final_spend`
at ``z`` spreads above or below the estimate.

Pure and deterministic; it sees only what the sellers reported.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from ad_buyer.pacing.models import PacedDeal
from ad_buyer.pacing.state import Measurement

DAY = timedelta(days=1)
# With one observed span the spread is this share of the rate (nothing to measure it by).
SINGLE_SPAN_SPREAD = 0.25


@dataclass(frozen=True)
class DeliveryForecast:
    """A deal's daily spend rate (micros/day), its uncertainty and the days behind it."""

    rate: float
    spread: float
    days_observed: float

    def final_spend(self, spend_micros: int, days_left: float, z: float = 0.0) -> int:
        """Spend by flight end if the deal delivers at ``rate + z * spread`` (never less
        than spent already)."""
        return spend_micros + max(0, round((self.rate + z * self.spread) * days_left))


def forecast_delivery(history: Sequence[Measurement], deal: PacedDeal, *,
                      since: datetime | None = None,
                      half_life: timedelta = timedelta(days=1)) -> DeliveryForecast | None:
    """The deal's delivery forecast from ``history`` (oldest first) after ``since``.

    The first span starts at the flight start (nothing spent then) unless the
    budget changed later; None when no time has passed since the start point.
    """
    if not history:
        return None
    latest = history[-1]
    start_at = datetime.combine(deal.flight_start, time.min, tzinfo=latest.as_of.tzinfo)
    points: list[tuple[datetime, int]] = [(start_at, 0)]
    points += [(m.as_of, m.spend_micros) for m in history]
    if since is not None:
        after = [p for p in points if p[0] >= since]
        points = after
    spans = [(b[0], (b[0] - a[0]) / DAY, b[1] - a[1])
             for a, b in itertools.pairwise(points) if b[0] > a[0]]
    if not spans:
        return None
    weights = [days * 0.5 ** ((latest.as_of - end) / half_life) for end, days, _ in spans]
    rates = [spent / days for _, days, spent in spans]
    total = sum(weights)
    mean = sum(w * r for w, r in zip(weights, rates, strict=True)) / total
    observed = sum(days for _, days, _ in spans)
    if len(spans) == 1:
        return DeliveryForecast(mean, abs(mean) * SINGLE_SPAN_SPREAD, observed)
    variance = sum(w * (r - mean) ** 2 for w, r in zip(weights, rates, strict=True)) / total
    effective = total ** 2 / sum(w * w for w in weights)  # Kish's effective sample size
    spread = math.sqrt(variance / max(1.0, effective - 1.0))
    return DeliveryForecast(mean, spread, observed)
