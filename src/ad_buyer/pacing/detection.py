"""Detection: over-, under- and stalled delivery per deal, channel, seller and campaign.

Pure functions over a plan, current allocations and the accepted measurements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ad_buyer.models.money import from_micros
from ad_buyer.pacing.models import DealKey, PacingPlan, Thresholds
from ad_buyer.pacing.state import Allocation, Measurement, curve_fraction, expected_spend


class Level(StrEnum):
    DEAL = "deal"
    CHANNEL = "channel"
    SELLER = "seller"
    CAMPAIGN = "campaign"


class AlertKind(StrEnum):
    OVER_DELIVERY = "over_delivery"
    UNDER_DELIVERY = "under_delivery"
    STALLED = "stalled"
    DELIVERY_REGRESSED = "delivery_regressed"
    OVERSPEND = "overspend"
    UNKNOWN_DEAL = "unknown_deal"
    CHANGE_REJECTED = "change_rejected"
    CHANGE_FAILED = "change_failed"
    FETCH_FAILED = "fetch_failed"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


@dataclass(frozen=True)
class PaceStatus:
    """Spend against plan for one deal, channel, seller or the campaign."""

    level: Level
    subject: str
    budget_micros: int
    expected_micros: int
    actual_micros: int
    expected_fraction: float  # expected spend as a share of budget

    @property
    def ratio(self) -> float | None:
        return self.actual_micros / self.expected_micros if self.expected_micros > 0 else None


@dataclass(frozen=True)
class Alert:
    level: Level
    subject: str
    kind: AlertKind
    severity: Severity
    message: str
    ratio: float | None = None


def deal_subject(key: DealKey) -> str:
    return f"{key[0]}#{key[1]}"


def pace_statuses(
    plan: PacingPlan,
    allocations: Mapping[DealKey, Allocation],
    latest: Mapping[DealKey, Measurement],
    at: datetime,
) -> list[PaceStatus]:
    """Deal statuses first, then channel, seller and campaign roll-ups."""
    sums: dict[tuple[Level, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    deals: list[PaceStatus] = []
    for deal in plan.deals:
        allocation = allocations[deal.key]
        expected = expected_spend(allocation, curve_fraction(plan, deal, at))
        measurement = latest.get(deal.key)
        actual = measurement.spend_micros if measurement else 0
        budget = allocation.budget_micros
        deals.append(PaceStatus(Level.DEAL, deal_subject(deal.key), budget, expected, actual,
                                expected / budget if budget else 0.0))
        for group in ((Level.CHANNEL, deal.channel), (Level.SELLER, deal.seller_url),
                      (Level.CAMPAIGN, plan.campaign_id)):
            row = sums[group]
            row[0] += budget
            row[1] += expected
            row[2] += actual
    rollups = [
        PaceStatus(level, subject, b, e, a, e / b if b else 0.0)
        for (level, subject), (b, e, a) in sorted(sums.items(), key=lambda i: (
            list(Level).index(i[0][0]), i[0][1]))
    ]
    return deals + rollups


def classify(status: PaceStatus, thresholds: Thresholds) -> tuple[AlertKind, Severity] | None:
    """Over or under delivery beyond a threshold, or None while on pace (or too early)."""
    ratio = status.ratio
    if ratio is None or status.expected_fraction < thresholds.min_expected_fraction:
        return None
    if ratio >= thresholds.over_critical:
        return AlertKind.OVER_DELIVERY, Severity.CRITICAL
    if ratio >= thresholds.over_warning:
        return AlertKind.OVER_DELIVERY, Severity.WARNING
    if ratio <= thresholds.under_critical:
        return AlertKind.UNDER_DELIVERY, Severity.CRITICAL
    if ratio <= thresholds.under_warning:
        return AlertKind.UNDER_DELIVERY, Severity.WARNING
    return None


def is_stalled(history: Sequence[Measurement], at: datetime, thresholds: Thresholds,
               expected_fraction: float) -> bool:
    """No new impressions over the stall window, while the plan expects delivery.

    Needs a measurement at least one window old to compare against; a deal that
    is fully spent (or not yet expected to deliver) is not stalled.
    """
    if not history or expected_fraction < thresholds.min_expected_fraction:
        return False
    if expected_fraction >= 1.0:
        return False
    latest = history[-1]
    cutoff = at - thresholds.stall_window
    older = [m for m in history if m.as_of <= cutoff]
    if not older:
        return False
    return latest.impressions <= older[-1].impressions


def detect(
    plan: PacingPlan,
    statuses: Sequence[PaceStatus],
    stalled: Sequence[DealKey],
) -> list[Alert]:
    """Alerts for every status past a threshold, plus one per stalled deal."""
    alerts: list[Alert] = []
    for status in statuses:
        found = classify(status, plan.thresholds)
        if found is None:
            continue
        kind, severity = found
        word = "over" if kind is AlertKind.OVER_DELIVERY else "under"
        alerts.append(Alert(
            status.level, status.subject, kind, severity,
            f"{status.level.value} {status.subject} is {word}-delivering: spent "
            f"{from_micros(status.actual_micros):,.2f} of "
            f"{from_micros(status.expected_micros):,.2f} planned (ratio {status.ratio:.2f})",
            status.ratio,
        ))
    for key in stalled:
        alerts.append(Alert(
            Level.DEAL, deal_subject(key), AlertKind.STALLED, Severity.CRITICAL,
            f"deal {deal_subject(key)} delivered no new impressions in "
            f"{plan.thresholds.stall_window}",
        ))
    return alerts
