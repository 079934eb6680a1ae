"""Pacing curves: what fraction of a budget should be spent at a point in the flight.

A curve maps the elapsed fraction of a flight (0..1) to the expected fraction of
the budget spent (0..1). Linear spends evenly; front- and back-loaded bend the
line by :data:`LOADING_STRENGTH`; a custom curve is a list of monotone points,
linearly interpolated.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

# f(x) = x ± k·x·(1-x): at k = 0.5 a front-loaded flight has spent 62.5% at
# half-time (back-loaded 37.5%); any k <= 1 keeps the curve monotone.
LOADING_STRENGTH = 0.5


class CurveKind(StrEnum):
    LINEAR = "linear"
    FRONT_LOADED = "front_loaded"
    BACK_LOADED = "back_loaded"
    CUSTOM = "custom"


class PacingCurve(BaseModel):
    """A delivery curve. ``points`` only for ``custom``: (flight fraction, budget fraction)."""

    model_config = ConfigDict(frozen=True)

    kind: CurveKind = CurveKind.LINEAR
    points: tuple[tuple[float, float], ...] = Field(default=())

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: object) -> object:
        if isinstance(data, str):
            return {"kind": data}
        return data

    @model_validator(mode="after")
    def _validate_points(self) -> PacingCurve:
        if self.kind is not CurveKind.CUSTOM:
            if self.points:
                raise ValueError(
                    f"points are only allowed on a custom curve, not {self.kind.value}")
            return self
        pts = self.points
        if len(pts) < 2:
            raise ValueError("a custom curve needs at least two points")
        if pts[0] != (0.0, 0.0) or pts[-1] != (1.0, 1.0):
            raise ValueError("a custom curve must start at (0, 0) and end at (1, 1)")
        for (x0, y0), (x1, y1) in itertools.pairwise(pts):
            if not x1 > x0:
                raise ValueError(f"custom curve flight fractions must increase: {x0} then {x1}")
            if y1 < y0:
                raise ValueError(f"custom curve budget fractions must not decrease: {y0} then {y1}")
            if not (0.0 <= y1 <= 1.0):
                raise ValueError(f"custom curve budget fraction {y1} is outside [0, 1]")
        return self


LINEAR = PacingCurve(kind=CurveKind.LINEAR)


def expected_fraction(curve: PacingCurve, at: float) -> float:
    """Expected fraction of budget spent at flight fraction ``at`` (clamped to 0..1)."""
    x = min(1.0, max(0.0, at))
    if curve.kind is CurveKind.LINEAR:
        return x
    if curve.kind is CurveKind.FRONT_LOADED:
        return x + LOADING_STRENGTH * x * (1.0 - x)
    if curve.kind is CurveKind.BACK_LOADED:
        return x - LOADING_STRENGTH * x * (1.0 - x)
    pts = curve.points
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return 1.0


def flight_fraction(flight_start: date, flight_end: date, at: datetime) -> float:
    """Elapsed fraction of a flight whose last day is ``flight_end`` (inclusive)."""
    start = datetime.combine(flight_start, time.min, tzinfo=at.tzinfo)
    end = datetime.combine(flight_end + timedelta(days=1), time.min, tzinfo=at.tzinfo)
    fraction = (at - start) / (end - start)
    return min(1.0, max(0.0, fraction))
