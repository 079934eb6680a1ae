"""The booked (or, in a dry run, planned) portfolio as lines, totals and a rich table.

Used by ``ad-buyer run`` and ``ad-buyer chat`` so both print the same report.
Money is summed in integer micros.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text

from ad_buyer.models.money import cost_micros, from_micros
from ad_buyer.orchestration.desk.lines import confirmation
from ad_buyer.orchestration.desk.models import ChannelBuyResult
from ad_buyer.reporting.progress_words import channel_words


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
    seller_status: str = ""  # the deal's status as its seller states it

    @property
    def shown_id(self) -> str:
        """The deal id, with the seller's status: ``deal-1 [proposed]``."""
        return f"{self.deal_id} [{self.seller_status}]" if self.seller_status else self.deal_id


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
                                             else ""))
        + (" (HELD)" if raw.get("status") == "held" and not raw.get("outcome_unknown")
           else "(HELD: outcome unknown)" if raw.get("status") == "held" else ""),
        seller_status=str(raw.get("seller_status") or "").replace("unknown", ""),
        deal_type=str(raw.get("deal_type") or ""),
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


# Below this width the deals are listed, not tabled: a deal in three wrapped lines.
WIDE_TABLE_COLUMNS = 120


class PortfolioTable:
    """The deals: a table from 120 columns (long text wraps in its cell), and below it
    a list, a deal in three wrapped lines, so an 80-column terminal or a pipe cuts
    nothing. CPM, impressions and cost stay on one line: the numbers a buyer checks.
    """

    def __init__(self, lines: Sequence[PortfolioLine], *, currency: str, title: str) -> None:
        self.lines = list(lines)
        self.currency = currency
        self.title = title

    def _numbers(self, line: PortfolioLine) -> tuple[str, str, str]:
        return _money(line.cpm_micros), f"{line.impressions:,}", _money(line.cost_micros)

    def table(self, width: int) -> Table | Group:
        return self._wide() if width >= WIDE_TABLE_COLUMNS else self._narrow()

    def _wide(self) -> Table:
        table = Table(title=self.title)
        for name in ("channel", "seller", "package", "deal id"):
            table.add_column(name, overflow="fold", min_width=3)
        table.add_column("deal type", no_wrap=True)
        for name in (f"CPM {self.currency}", "impressions", f"cost {self.currency}"):
            table.add_column(name, justify="right", no_wrap=True)
        for line in self.lines:
            table.add_row(*map(_one_line, (line.channel, line.seller, line.package,
                                           line.shown_id)), line.deal_type, *self._numbers(line))
        return table

    def _narrow(self) -> Group:
        """A deal in three lines (who and which deal; the package; the numbers), each
        wrapped at the terminal's width: nothing is cut."""
        parts: list[Text] = [Text(self.title, style="bold italic")]
        channel = None
        for line in self.lines:
            if line.channel != channel:
                channel = line.channel
                parts.append(Text(channel_words(channel), style="bold"))
            cpm, impressions, cost = self._numbers(line)
            parts.append(Text(f"  {line.seller}  {line.shown_id}  {line.deal_type}",
                              overflow="fold"))
            parts.append(Text(f"    {' '.join(line.package.split())}", style="dim",
                              overflow="fold"))
            parts.append(Text(f"    CPM {cpm} {self.currency} · {impressions} impressions · "
                              f"cost {cost} {self.currency}", overflow="fold"))
        return Group(*parts)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table(options.max_width)


def _one_line(text: str) -> Text:
    # A narrowed column wraps its text (at words, else anywhere): nothing is cut.
    return Text(" ".join(text.split()), overflow="fold")


def portfolio_renderable(results: Sequence[ChannelBuyResult], *, budget_micros: int,
                         currency: str, run_id: str, dry_run: bool = False) -> Group:
    """The portfolio table, the not-booked reasons, the totals and the run id."""
    lines = portfolio_lines(results)
    title = "Planned portfolio (dry run: planned, not booked)" if dry_run else "Booked portfolio"
    totals = portfolio_totals(results, budget_micros)
    verb = "planned" if dry_run else "spend"
    parts: list[Any] = [PortfolioTable(lines, currency=currency, title=title) if lines else Text(
        "No deals planned." if dry_run else "No deals booked.", style="bold yellow")]
    for result in results:
        for why in result.not_booked:
            parts.append(Text(f"  not booked ({channel_words(result.channel)}): {why}",
                              style="dim"))
    sold = [raw for r in results for raw in r.booked if raw.get("seller_status")]
    if sold and not dry_run:  # the deal status as each seller states it
        parts.append(Text(f"seller status: {confirmation(sold)}", style="bold"))
    parts.append(Text(f"total {verb}: {currency} {_money(totals.spend_micros)}   "
                      f"remaining budget: {currency} {_money(totals.remaining_micros)} of "
                      f"{_money(budget_micros)}", style="bold"))
    if dry_run:
        parts.append(Text("DRY RUN: planned, not booked. No seller holds a deal from this run.",
                          style="bold yellow"))
    parts.append(Text(f"run id: {run_id}", style="bold"))
    return Group(*parts)
