from datetime import UTC, datetime

from ad_buyer.models.deals import DeliveryReport
from ad_buyer.models.money import Money
from ad_buyer.pacing.detection import AlertKind
from ad_buyer.pacing.ingest import validate_report
from ad_buyer.pacing.state import initial_allocations

from .helpers import A, B, day, measured, plan


def _report(deal_id: str = "a1", impressions: int = 100_000, spend: int = 1_000_000_000,
            at: datetime | None = None, currency: str = "USD") -> DeliveryReport:
    return DeliveryReport(deal_id=deal_id, as_of=at or day(3), impressions_delivered=impressions,
                          spend=Money(amount_micros=spend, currency=currency),
                          booked_impressions=1_000_000)


def _check(report: DeliveryReport, last=None, seller=A, asked="a1"):  # type: ignore[no-untyped-def]
    p = plan()
    return validate_report(p, initial_allocations(p), last, seller, asked, report)


def test_good_report_passes() -> None:
    assert _check(_report()) is None
    assert _check(_report(), last=measured(A, "a1", day(2), 500_000_000)) is None


def test_regressed_delivery_is_rejected() -> None:
    last = measured(A, "a1", day(2), 2_000_000_000)
    problem = _check(_report(), last=last)
    assert problem is not None
    assert problem.kind is AlertKind.DELIVERY_REGRESSED
    assert "went backwards" in problem.message


def test_older_report_is_rejected() -> None:
    last = measured(A, "a1", day(4), 500_000_000)
    problem = _check(_report(at=datetime(2026, 1, 2, tzinfo=UTC)), last=last)
    assert problem is not None
    assert problem.kind is AlertKind.DELIVERY_REGRESSED


def test_spend_above_booked_is_rejected() -> None:
    problem = _check(_report(spend=10_100_000_000))
    assert problem is not None
    assert problem.kind is AlertKind.OVERSPEND


def test_unknown_deal_is_rejected() -> None:
    problem = _check(_report(deal_id="zz"), asked="zz")
    assert problem is not None
    assert problem.kind is AlertKind.UNKNOWN_DEAL
    swapped = _check(_report(deal_id="b1"), seller=B, asked="a1")
    assert swapped is not None
    assert swapped.kind is AlertKind.UNKNOWN_DEAL


def test_currency_mismatch_is_rejected() -> None:
    problem = _check(_report(currency="EUR"))
    assert problem is not None
    assert "EUR" in problem.message
