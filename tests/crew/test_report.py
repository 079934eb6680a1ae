"""The portfolio at 80 and 160 columns: each deal's numbers on one line, and nothing a
planner needs (seller, package, deal id) cut off."""

from __future__ import annotations

import pytest
from rich.console import Console

from ad_buyer.models.brief import Channel
from ad_buyer.models.money import cost_micros
from ad_buyer.orchestration.desk.models import ChannelBuyResult
from ad_buyer.reporting.portfolio import portfolio_renderable


def _deal(seller: str, name: str, package: str, number: int, cpm: int,
          impressions: int) -> dict[str, object]:
    return {"status": "booked", "seller_url": f"http://sandbox.local/sellers/{seller}",
            "seller_name": name, "deal_id": f"deal-{seller}-{number:05d}",
            "package_name": package, "deal_type": "PG", "impressions": impressions,
            "cpm_micros": cpm, "cost_micros": cost_micros(cpm, impressions)}


DEALS = [
    (Channel.ONLINE_VIDEO, _deal("primetimeplus", "PrimeTime Plus Streaming Network",
                                 "PrimeTime Plus Streaming Network Premium Sports Live "
                                 "Weekend Takeover", 1, 44_990_000, 2_834_467)),
    (Channel.ONLINE_VIDEO, _deal("omnicast", "OmniCast Media", "OmniCast Media Run of "
                                 "Network Video", 2, 31_500_000, 1_212_834_467)),
    (Channel.AUDIO, _deal("podwave", "PodWave Audio Group", "PodWave Top Podcasts", 3,
                          12_000_000, 1_234_567)),
]


def _results() -> list[ChannelBuyResult]:
    out: dict[Channel, ChannelBuyResult] = {}
    for channel, deal in DEALS:
        result = out.setdefault(channel, ChannelBuyResult(channel=channel, committed_micros=0))
        result.booked.append(deal)
        result.committed_micros += int(deal["cost_micros"])  # type: ignore[call-overload]
    return list(out.values())


def _render(width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(portfolio_renderable(_results(), budget_micros=60_000_000_000_000,
                                       currency="USD", run_id="run-1"))
    return console.export_text().splitlines()


def _money(micros: int) -> str:
    return f"{micros / 1_000_000:,.2f}"


@pytest.mark.parametrize("width", [80, 160])
def test_one_line_per_deal_with_numbers_never_cut(width: int) -> None:
    lines = _render(width)
    assert all(len(line) <= width for line in lines)
    for _channel, deal in DEALS:
        numbers = (_money(int(deal["cpm_micros"])),  # type: ignore[call-overload]
                   f"{deal['impressions']:,}", _money(int(deal["cost_micros"])))  # type: ignore[call-overload]
        rows = [line for line in lines if numbers[2] in line]
        assert len(rows) == 1, (width, numbers, lines)  # the deal is one line...
        assert all(n in rows[0] for n in numbers)  # ...carrying its numbers in full
        # and no other line holds a wrapped piece of it
        seller = str(deal["seller_url"]).rsplit("/", 1)[1]
        assert sum(seller[:6] in line for line in lines) == 1


def test_narrow_terminal_lists_every_deal_whole() -> None:
    lines = _render(80)
    text = "\n".join(lines)
    assert "…" not in text  # wrapped, never cut
    for _channel, deal in DEALS:
        assert any(str(deal["deal_id"]) in line for line in lines)  # whole, on one line
        assert str(deal["package_name"]) in text
        assert str(deal["seller_name"]) in text
    assert "\nonline video\n" in text  # the channel, in a planner's words
    assert "audio" in text
    assert "1,212,834,467" in text


def test_wide_terminal_shows_names_and_full_deal_ids() -> None:
    text = "\n".join(_render(160))
    assert "channel" in text
    assert "deal type" in text
    for _channel, deal in DEALS:
        assert str(deal["deal_id"]) in text
    assert "OmniCast Media" in text  # names, not ids, when there is room
    assert "PrimeTime Plus Streaming" in text
    assert "…" not in text  # a long package wraps in its cell
