"""Validation of a seller's delivery report before it may enter the books.

A report that contradicts what we already hold is rejected with a reason; the
caller keeps the last good measurement and raises an alert. Nothing here
corrects a seller's numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ad_buyer.models.deals import DeliveryReport
from ad_buyer.pacing.detection import AlertKind
from ad_buyer.pacing.models import DealKey, PacingPlan
from ad_buyer.pacing.state import Allocation, Measurement, as_utc

# Sellers round spend per impression batch; a cent over the booked value is rounding.
SPEND_TOLERANCE_MICROS = 10_000


@dataclass(frozen=True)
class Problem:
    kind: AlertKind
    message: str


def to_measurement(seller_url: str, report: DeliveryReport) -> Measurement:
    return Measurement((seller_url, report.deal_id), as_utc(report.as_of),
                       report.impressions_delivered, report.spend.amount_micros)


def validate_report(
    plan: PacingPlan,
    allocations: Mapping[DealKey, Allocation],
    last_good: Measurement | None,
    seller_url: str,
    requested_deal_id: str,
    report: DeliveryReport,
) -> Problem | None:
    """Why this report must not be booked, or None if it is good."""
    key = (seller_url, report.deal_id)
    subject = f"{seller_url}#{report.deal_id}"
    if report.deal_id != requested_deal_id or plan.deal(key) is None:
        return Problem(AlertKind.UNKNOWN_DEAL,
                       f"delivery report for {subject} (asked for {requested_deal_id}): "
                       f"the deal is not part of campaign {plan.campaign_id}")
    if report.spend.currency != plan.currency:
        return Problem(AlertKind.OVERSPEND,
                       f"{subject} reported spend in {report.spend.currency}, the campaign "
                       f"is in {plan.currency}")
    if report.impressions_delivered < 0 or report.spend.amount_micros < 0:
        return Problem(AlertKind.DELIVERY_REGRESSED, f"{subject} reported negative delivery")
    if last_good is not None:
        if as_utc(report.as_of) < last_good.as_of:
            return Problem(AlertKind.DELIVERY_REGRESSED,
                           f"{subject} report as of {report.as_of.isoformat()} is older than "
                           f"the last good one ({last_good.as_of.isoformat()})")
        if (report.impressions_delivered < last_good.impressions
                or report.spend.amount_micros < last_good.spend_micros):
            return Problem(AlertKind.DELIVERY_REGRESSED,
                           f"{subject} delivery went backwards: {report.impressions_delivered} "
                           f"impressions / {report.spend.amount_micros} micros after "
                           f"{last_good.impressions} / {last_good.spend_micros}")
    booked = allocations[key].budget_micros
    if report.spend.amount_micros > booked + SPEND_TOLERANCE_MICROS:
        return Problem(AlertKind.OVERSPEND,
                       f"{subject} reported spend {report.spend.amount_micros} micros above its "
                       f"booked {booked} micros")
    return None
