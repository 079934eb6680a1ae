from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from ad_buyer.pacing.curves import CurveKind, PacingCurve, expected_fraction, flight_fraction


@pytest.mark.parametrize(
    ("kind", "half"), [("linear", 0.5), ("front_loaded", 0.625), ("back_loaded", 0.375)]
)
def test_named_curves_start_at_zero_end_at_one(kind: str, half: float) -> None:
    curve = PacingCurve.model_validate(kind)
    assert expected_fraction(curve, 0.0) == 0.0
    assert expected_fraction(curve, 1.0) == 1.0
    assert expected_fraction(curve, 0.5) == pytest.approx(half)


def test_named_curves_are_monotone() -> None:
    for kind in ("linear", "front_loaded", "back_loaded"):
        curve = PacingCurve(kind=CurveKind(kind))
        values = [expected_fraction(curve, i / 50) for i in range(51)]
        assert values == sorted(values)


def test_custom_curve_interpolates_between_points() -> None:
    curve = PacingCurve(kind=CurveKind.CUSTOM, points=((0, 0), (0.5, 0.8), (1, 1)))
    assert expected_fraction(curve, 0.25) == pytest.approx(0.4)
    assert expected_fraction(curve, 0.75) == pytest.approx(0.9)
    assert expected_fraction(curve, 2.0) == 1.0
    assert expected_fraction(curve, -1.0) == 0.0


@pytest.mark.parametrize(
    ("points", "error"),
    [
        (((0, 0), (0.5, 0.7), (0.4, 0.8), (1, 1)), "must increase"),
        (((0, 0), (0.5, 0.7), (0.6, 0.5), (1, 1)), "must not decrease"),
        (((0, 0), (0.5, 0.5)), "end at"),
        (((0, 0),), "at least two"),
    ],
)
def test_custom_curve_rejects_bad_points(points: tuple, error: str) -> None:
    with pytest.raises(ValidationError, match=error):
        PacingCurve(kind=CurveKind.CUSTOM, points=points)


def test_points_only_on_custom() -> None:
    with pytest.raises(ValidationError, match="only allowed on a custom"):
        PacingCurve(kind=CurveKind.LINEAR, points=((0, 0), (1, 1)))


def test_flight_fraction_counts_last_day_inclusive() -> None:
    start, end = date(2026, 1, 1), date(2026, 1, 10)
    assert flight_fraction(start, end, datetime(2026, 1, 6, tzinfo=UTC)) == pytest.approx(0.5)
    assert flight_fraction(start, end, datetime(2026, 1, 11, tzinfo=UTC)) == 1.0
    assert flight_fraction(start, end, datetime(2025, 12, 1, tzinfo=UTC)) == 0.0
