"""The booked (or, in a dry run, planned) portfolio as lines, totals and a rich table.

Used by ``ad-buyer run`` and ``ad-buyer chat`` so both print the same report.
Money is summed in integer micros.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict
from rich.console import Group
from rich.table import Table
from rich.text import Text

from ad_buyer.crew.tooling import ChannelBuyResult
from ad_buyer.models.money import cost_micros, from_micros


class PortfolioLine(BaseModel):
    """One deal of the portfolio."""

    model_config = ConfigDict(frozen=True)

    channel: str
    seller: str
    seller_url: str
    package: str
    deal_id: str
    deal_type: str
    cpm_micros: int
    impressions: int
    cost_micros: int


def seller_label(seller_url: str) -> str:
    """A short seller name from its URL (the sandbox's ``/sellers/<id>`` or the host)."""
    parsed = urlparse(seller_url)
    path = [p for p in parsed.path.split("/") if p]
    return path[-1] if path else (parsed.netloc or seller_url or "unknown")


def _line(channel: str, raw: dict[str, Any]) -> PortfolioLine:
    cpm = int(raw.get("cpm_micros") or 0)
    impressions = int(raw.get("impressions") or 0)
    cost = raw.get("cost_micros")
    url = str(raw.get("seller_url") or "")
    return PortfolioLine(
        channel=channel, seller=str(raw.get("seller_name") or seller_label(url)), seller_url=url,
        package=str(raw.get("package_name") or raw.get("package_id") or raw.get("product_id")
                    or ""),
        deal_id=str(raw.get("deal_id") or ("(planned)" if raw.get("status") == "planned"
                                             else "")), deal_type=str(raw.get("deal_type") or ""),
        cpm_micros=cpm, impressions=impressions,
        cost_micros=int(cost) if cost is not None else cost_micros(cpm, impressions))


def portfolio_lines(results: Sequence[ChannelBuyResult]) -> list[PortfolioLine]:
    return [_line(r.channel.value, raw) for r in results for raw in r.booked]


class PortfolioTotals(BaseModel):
    model_config = ConfigDict(frozen=True)

    budget_micros: int
    spend_micros: int

    @property
    def remaining_micros(self) -> int:
        return self.budget_micros - self.spend_micros


def portfolio_totals(results: Sequence[ChannelBuyResult], budget_micros: int) -> PortfolioTotals:
    return PortfolioTotals(budget_micros=budget_micros,
                           spend_micros=sum(r.committed_micros for r in results))


def _money(micros: int) -> str:
    return f"{from_micros(micros):,.2f}"


def portfolio_renderable(results: Sequence[ChannelBuyResult], *, budget_micros: int,
                         currency: str, run_id: str, dry_run: bool = False) -> Group:
    """The portfolio table, the not-booked reasons, the totals and the run id."""
    lines = portfolio_lines(results)
    title = "Planned portfolio (dry run: planned, not booked)" if dry_run else "Booked portfolio"
    table = Table(title=title, show_footer=False)
    for name, justify in (("channel", "left"), ("seller", "left"), ("package", "left"),
                          ("deal id", "left"), ("deal type", "left"),
                          (f"CPM {currency}", "right"), ("impressions", "right"),
                          (f"cost {currency}", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for line in lines:
        table.add_row(line.channel, line.seller, line.package, line.deal_id, line.deal_type,
                      _money(line.cpm_micros), f"{line.impressions:,}", _money(line.cost_micros))
    totals = portfolio_totals(results, budget_micros)
    verb = "planned" if dry_run else "spend"
    parts: list[Any] = [table if lines else Text(
        "No deals planned." if dry_run else "No deals booked.", style="bold yellow")]
    for result in results:
        for why in result.not_booked:
            parts.append(Text(f"  not booked ({result.channel.value}): {why}", style="dim"))
    parts.append(Text(f"total {verb}: {currency} {_money(totals.spend_micros)}   "
                      f"remaining budget: {currency} {_money(totals.remaining_micros)} of "
                      f"{_money(budget_micros)}", style="bold"))
    if dry_run:
        parts.append(Text("DRY RUN: planned, not booked. No seller holds a deal from this run.",
                          style="bold yellow"))
    parts.append(Text(f"run id: {run_id}", style="bold"))
    return Group(*parts)
