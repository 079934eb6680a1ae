from pathlib import Path

from ad_buyer.pacing.chart import PacingHistory, planned_series, reallocations
from ad_buyer.pacing.models import PacingPlan
from ad_buyer.pacing.state import Allocation, AllocationChange
from ad_buyer.reporting.pacing_chart import chart_svg, write_chart
from ad_buyer.reporting.pacing_view import pacing_view

from .helpers import A, C, day, deal, measured, plan

MOVED = 2_000_000_000


def _moved_on_day_4() -> list[AllocationChange]:
    """2,000 moved from a1 to c1 on day 4, when each had spent 4,000."""
    return [AllocationChange((A, "a1"), Allocation(8 * 10**9, 4 * 10**9, 0.4, day(4)), 10**10),
            AllocationChange((C, "c1"), Allocation(12 * 10**9, 4 * 10**9, 0.4, day(4)), 10**10)]


def test_reallocations_are_marked_once_per_time_with_the_amount_moved() -> None:
    assert reallocations(_moved_on_day_4()) == [(day(4), MOVED)]
    assert reallocations([]) == []


def test_the_plan_line_follows_budgets_as_they_stood() -> None:
    p = plan()
    before, after = planned_series(p, [day(2), day(7)], _moved_on_day_4(), [(C, "c1")])
    assert before[1] == 2 * 10**9  # booked 10,000 over ten days
    # From day 4, c1's 8,000 left of 12,000 is spread over the last six days.
    assert after[1] == 4 * 10**9 + 8 * 10**9 * 3 // 6


def test_png_and_svg_show_dates_sellers_money_and_reallocations(tmp_path: Path) -> None:
    p = plan()
    history = {d.key: [measured(d.seller_url, d.deal_id, day(n), n * 10**9) for n in (2, 4, 6)]
               for d in p.deals}
    data = PacingHistory(p, history, _moved_on_day_4())
    view = pacing_view(data, "Spring Sips")
    assert view.title == "Spring Sips: actual vs planned spend"
    assert [line.name for line in view.lines] == ["seller-a", "seller-b", "seller-c"]
    assert view.moved == [(day(4), MOVED)]
    png = write_chart(view, tmp_path / "c.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = chart_svg(view)
    assert svg.startswith('<svg id="pacing-chart"')
    for text in ("Spring Sips: actual vs planned spend", "Jan", "2026", "seller-a", "seller-b",
                 "seller-c", "10,000", "2,000 moved", "by seller"):
        assert text in svg, text


def test_too_many_sellers_are_drawn_by_channel() -> None:
    deals = tuple(deal(f"http://seller-{i}", f"d{i}", "ctv" if i % 2 else "display")
                  for i in range(10))
    p = PacingPlan(campaign_id="wide", budget_micros=sum(d.budget_micros for d in deals),
                   flight_start=deals[0].flight_start, flight_end=deals[0].flight_end,
                   deals=deals)
    view = pacing_view(PacingHistory(p, {}), "wide")
    assert view.grouped_by == "channel"
    assert [line.name for line in view.lines] == ["ctv", "display"]
    svg = chart_svg(view)
    assert "by channel" in svg
    assert "ctv" in svg
    assert "display" in svg
    assert "seller-3" not in svg
