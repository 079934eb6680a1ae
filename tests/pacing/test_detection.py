from datetime import timedelta

import pytest

from ad_buyer.pacing.detection import (
    AlertKind,
    Level,
    Severity,
    classify,
    detect,
    is_stalled,
    pace_statuses,
)
from ad_buyer.pacing.state import initial_allocations

from .helpers import A, B, C, day, measured, plan

BUDGET = 10_000_000_000  # each helper deal: 1M impressions at $10


def _statuses(spends: dict[str, int], at_day: float = 5):  # type: ignore[no-untyped-def]
    p = plan()
    sellers = {"a1": A, "b1": B, "c1": C}
    latest = {(sellers[d], d): measured(sellers[d], d, day(at_day), s) for d, s in spends.items()}
    return p, pace_statuses(p, initial_allocations(p), latest, day(at_day))


def test_statuses_roll_up_per_deal_channel_seller_campaign() -> None:
    _, statuses = _statuses({"a1": 5_000_000_000, "b1": 2_500_000_000, "c1": 7_500_000_000})
    by = {(s.level, s.subject): s for s in statuses}
    assert by[(Level.DEAL, f"{A}#a1")].ratio == pytest.approx(1.0)
    assert by[(Level.CHANNEL, "ctv")].actual_micros == 7_500_000_000
    assert by[(Level.CHANNEL, "ctv")].expected_micros == BUDGET
    assert by[(Level.SELLER, C)].ratio == pytest.approx(1.5)
    assert by[(Level.CAMPAIGN, "camp-1")].budget_micros == 3 * BUDGET


@pytest.mark.parametrize(
    ("spend", "expected"),
    [
        (5_000_000_000, None),
        (5_600_000_000, (AlertKind.OVER_DELIVERY, Severity.WARNING)),
        (6_500_000_000, (AlertKind.OVER_DELIVERY, Severity.CRITICAL)),
        (4_400_000_000, (AlertKind.UNDER_DELIVERY, Severity.WARNING)),
        (3_000_000_000, (AlertKind.UNDER_DELIVERY, Severity.CRITICAL)),
    ],
)
def test_thresholds_classify_ratio(spend: int, expected: object) -> None:
    p, statuses = _statuses({"a1": spend})
    assert classify(statuses[0], p.thresholds) == expected


def test_no_alert_before_enough_of_the_flight_has_elapsed() -> None:
    p, statuses = _statuses({"a1": 0}, at_day=0.1)
    assert classify(statuses[0], p.thresholds) is None


def test_custom_thresholds_apply() -> None:
    p = plan(thresholds={"under_warning": 0.5, "under_critical": 0.2})
    latest = {(A, "a1"): measured(A, "a1", day(5), 3_000_000_000)}
    status = pace_statuses(p, initial_allocations(p), latest, day(5))[0]
    assert classify(status, p.thresholds) is None


def test_stall_needs_a_window_of_flat_delivery() -> None:
    p = plan()
    th = p.thresholds
    flat = [measured(A, "a1", day(2), 10**9), measured(A, "a1", day(3), 10**9),
            measured(A, "a1", day(4), 10**9)]
    assert is_stalled(flat, day(4), th, 0.4)
    moving = [*flat[:2], measured(A, "a1", day(4), 2 * 10**9)]
    assert not is_stalled(moving, day(4), th, 0.4)
    assert not is_stalled(flat[1:], day(4) - timedelta(hours=1), th, 0.4)  # window not covered
    assert not is_stalled(flat, day(4), th, 1.0)  # flight over


def test_detect_reports_stalled_deals_and_deviations() -> None:
    p, statuses = _statuses({"a1": 7_000_000_000, "b1": 5_000_000_000, "c1": 5_000_000_000})
    alerts = detect(p, statuses, [(B, "b1")])
    kinds = {(a.level, a.subject, a.kind) for a in alerts}
    assert (Level.DEAL, f"{A}#a1", AlertKind.OVER_DELIVERY) in kinds
    assert (Level.SELLER, A, AlertKind.OVER_DELIVERY) in kinds
    assert (Level.DEAL, f"{B}#b1", AlertKind.STALLED) in kinds
    assert all(a.message for a in alerts)
