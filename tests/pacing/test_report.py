"""The pacing status table: short unambiguous subjects, one line per row at 80 columns."""

from __future__ import annotations

from io import StringIO

import pytest
from rich.console import Console
from rich.table import Table

from ad_buyer.pacing.detection import pace_statuses
from ad_buyer.pacing.models import PacingPlan
from ad_buyer.pacing.report import (
    seller_id,
    seller_labels,
    seller_legend,
    status_table,
    subject_labels,
)
from ad_buyer.pacing.state import Allocation

from .helpers import CPM, day, deal, measured, plan

SANDBOX = "http://sandbox.local/sellers/"
PRIMETIME, STREAMWAVE = SANDBOX + "primetime", SANDBOX + "streamwave"


def _render(table: Table, width: int = 80) -> list[str]:
    console = Console(width=width, file=StringIO(), color_system=None)
    console.print(table)
    return console.file.getvalue().splitlines()  # type: ignore[attr-defined]


def _sandbox_plan() -> PacingPlan:
    return plan(deal(PRIMETIME, "deal-primetime-00001", "ctv", impressions=90_000_000),
                deal(PRIMETIME, "deal-primetime-00002", "ctv"),
                deal(STREAMWAVE, "deal-streamwave-00001", "online_video"))


def _table(p: PacingPlan, wide: bool = False) -> Table:
    allocations = {d.key: Allocation(d.budget_micros) for d in p.deals}
    latest = {d.key: measured(d.seller_url, d.deal_id, day(5), d.budget_micros // 3)
              for d in p.deals[:-1]}  # the last deal has not delivered yet
    return status_table(p, pace_statuses(p, allocations, latest, day(5)), "Pacing", wide=wide)


@pytest.mark.parametrize(("url", "expected"), [
    (PRIMETIME, "primetime"),
    ("http://127.0.0.1:8080/sellers/primetime/", "primetime"),
    ("https://ads.example.com/a2a/v1", "ads.example.com"),
    ("https://ads.example.com:8443", "ads.example.com:8443"),
])
def test_seller_id(url: str, expected: str) -> None:
    assert seller_id(url) == expected


def test_clashing_short_ids_fall_back_to_host_and_path() -> None:
    a, b = "http://one.example/sellers/x", "http://two.example/sellers/x"
    assert seller_labels([a, b, PRIMETIME]) == {
        a: "one.example/sellers/x", b: "two.example/sellers/x", PRIMETIME: "primetime"}
    assert seller_labels(["http://h.example/a", "https://h.example/a"]) == {
        "http://h.example/a": "http://h.example/a", "https://h.example/a": "https://h.example/a"}


def test_deal_and_seller_labels() -> None:
    labels = set(subject_labels(_sandbox_plan()).values())
    assert labels == {"primetime", "streamwave", "primetime/deal-primetime-00001",
                      "primetime/deal-primetime-00002", "streamwave/deal-streamwave-00001"}


def test_status_table_is_one_line_per_row_at_80_columns() -> None:
    p = _sandbox_plan()
    lines = _render(_table(p))
    assert max(len(line) for line in lines) <= 80
    assert not any("…" in line for line in lines), "\n".join(lines)
    rows = {line.split()[0]: line.split()[1:] for line in lines if line.strip()}
    # 3 deals + 2 channels + 2 sellers + campaign, each on exactly one line
    for label in ("primetime/deal-primetime-00001", "primetime/deal-primetime-00002",
                  "streamwave/deal-streamwave-00001", "ctv", "online_video", "primetime",
                  "streamwave", "camp-1"):
        assert label in rows, "\n".join(lines)
    big = rows["primetime/deal-primetime-00001"]
    assert big[0] == f"{90_000 * CPM // 1_000_000:,}"  # 900,000: whole units, untruncated
    assert rows["streamwave/deal-streamwave-00001"][-3:] == ["0.00", "under", "(crit)"]
    assert "http://" not in "\n".join(lines)
    assert {"DEALS", "CHANNELS", "SELLERS", "CAMPAIGN"} <= set(rows)


def test_numbers_never_truncate_when_the_terminal_is_narrow() -> None:
    lines = _render(_table(_sandbox_plan()), width=60)
    assert any(line.split()[1:2] == ["900,000"] for line in lines if line.strip())


def test_wide_table_shows_urls_and_cents() -> None:
    lines = _render(_table(_sandbox_plan(), wide=True), width=160)
    text = "\n".join(lines)
    assert f"{PRIMETIME}#deal-primetime-00002" in text
    assert f"{STREAMWAVE} " in text
    assert "900,000.00" in text


def test_legend_maps_seller_ids_to_urls() -> None:
    legend = seller_legend(_sandbox_plan())
    assert legend is not None
    text = "\n".join(_render(legend))
    assert "primetime" in text
    assert PRIMETIME in text
    assert seller_legend(plan(deal("seller-without-scheme", "d1", "ctv"))) is None


def test_messages_name_sellers_by_short_label() -> None:
    from ad_buyer.pacing.report import shorten_urls

    text = (f"move 2,688.52 from {PRIMETIME}/deal-primetime-00001 to "
            f"{STREAMWAVE}/deal-streamwave-00001 (over-delivering)")
    assert shorten_urls(text, _sandbox_plan()) == (
        "move 2,688.52 from primetime/deal-primetime-00001 to "
        "streamwave/deal-streamwave-00001 (over-delivering)")
