"""Facts a report needs, read back out of a run's rationale log.

The channel buys are rebuilt as :class:`ChannelBuyResult` from the log's booking
entries, so the HTML report and ``log show`` print the same portfolio lines
and totals as ``ad-buyer run`` (:mod:`ad_buyer.reporting.portfolio`).
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from ad_buyer.events.log import LogEntry, RunRecord
from ad_buyer.models.brief import Channel
from ad_buyer.models.money import from_micros, to_micros
from ad_buyer.orchestration.desk.models import ChannelBuyResult
from ad_buyer.pacing.report import seller_labels
from ad_buyer.reporting.portfolio import (
    PortfolioLine,
    PortfolioTotals,
    portfolio_lines,
    portfolio_totals,
)

logger = logging.getLogger(__name__)

OFFLINE_MARK = "offline"
NO_VALUE = "—"
_DELEGATE = re.compile(r"^delegate (\S+) to ")
# The run's closing note on a channel that ended with nothing committed.
_NOT_BOUGHT = re.compile(r"^(\w+) not bought$")


def money(micros: int, currency: str, places: int = 2) -> str:
    """``USD 1,234.56`` from integer micros."""
    return f"{currency} {from_micros(micros):,.{places}f}"


def price(value: Any, currency: str) -> str:
    """A CPM from the log (float, str or micros-free number) as money, or ``—``."""
    if value is None or value == "":
        return NO_VALUE
    try:
        return money(to_micros(value), currency)
    except (ArithmeticError, ValueError, TypeError):
        return str(value)


def is_offline(model: str) -> bool:
    return model.strip().lower().startswith(OFFLINE_MARK)


def is_model_call(entry: LogEntry) -> bool:
    """Entries that carry a model's usage (tokens or cost), or are model calls."""
    return bool(entry.prompt_tokens or entry.completion_tokens or entry.cost_micros
                or entry.kind == "llm_call")


def currency_of(run: RunRecord) -> str:
    return str(run.brief.get("currency") or "USD")


def _is_channel_buy(entry: LogEntry) -> bool:
    return (entry.kind == "booking" and "event_type" not in entry.data
            and isinstance(entry.data.get("booked"), list))


def _channel(entry: LogEntry, by_id: dict[int, LogEntry]) -> Channel | None:
    candidates = [entry.data.get("channel"), entry.summary.split(":", 1)[0].split(" ", 1)[0]]
    parent = by_id.get(entry.parent_id) if entry.parent_id is not None else None
    if parent is not None and (found := _DELEGATE.match(parent.summary)):
        candidates.append(found.group(1))
    for candidate in candidates:
        try:
            return Channel(str(candidate))
        except ValueError:
            continue
    return None


def channel_results(run: RunRecord) -> list[ChannelBuyResult]:
    """Every guarded channel buy of the run, in log order, and each channel the run
    closed with nothing bought (no deals; its reason as ``not_booked``)."""
    by_id = {e.id: e for e in run.entries}
    results = []
    for entry in run.entries:
        unbought = _NOT_BOUGHT.match(entry.summary) if entry.kind == "decision" else None
        if unbought is not None and unbought.group(1) in Channel.__members__.values():
            results.append(ChannelBuyResult(channel=Channel(unbought.group(1)),
                                            committed_micros=0, not_booked=[entry.rationale]))
            continue
        if not _is_channel_buy(entry):
            continue
        channel = _channel(entry, by_id)
        if channel is None:
            logger.warning("run %s entry %d: booking without a known channel", run.id, entry.id)
            continue
        data = dict(entry.data)
        booked = [b for b in data.get("booked", []) if isinstance(b, dict)]
        data.update(channel=channel.value, booked=booked)
        if data.get("committed_micros") is None:
            data["committed_micros"] = sum(int(b.get("cost_micros") or 0) for b in booked)
        try:
            results.append(ChannelBuyResult.model_validate(data))
        except ValidationError:
            logger.warning("run %s entry %d: unreadable booking record", run.id, entry.id,
                           exc_info=True)
    return results


def is_dry_run(run: RunRecord) -> bool:
    if any(e.kind == "decision" and e.summary.startswith("dry run") for e in run.entries):
        return True
    lines = [b for r in channel_results(run) for b in r.booked]
    return bool(lines) and all(b.get("status") == "planned" for b in lines)


@dataclass(frozen=True)
class Portfolio:
    """The run's deals and totals, as ``ad-buyer run`` printed them."""

    lines: list[PortfolioLine]
    totals: PortfolioTotals
    not_booked: list[tuple[str, str]]
    dry_run: bool
    currency: str

    @property
    def sellers(self) -> dict[str, str]:
        """``{seller_url: short label}`` for the sellers holding deals."""
        return seller_labels(x.seller_url for x in self.lines if x.seller_url)

    def by_seller(self) -> dict[str, int]:
        """Committed micros per seller URL, largest first."""
        totals: dict[str, int] = defaultdict(int)
        for line in self.lines:
            if line.seller_url:
                totals[line.seller_url] += line.cost_micros
        return dict(sorted(totals.items(), key=lambda i: -i[1]))


def portfolio(run: RunRecord) -> Portfolio:
    results = channel_results(run)
    budget = int(run.brief.get("budget_micros") or 0)
    return Portfolio(
        lines=portfolio_lines(results), totals=portfolio_totals(results, budget),
        not_booked=[(r.channel.value, why) for r in results for why in r.not_booked],
        dry_run=is_dry_run(run), currency=currency_of(run))


def models_used(run: RunRecord) -> list[str]:
    """Manager, specialist and any other model that made a logged call, each once."""
    seen = [run.manager_model, run.specialist_model,
            *(e.model for e in run.entries if is_model_call(e))]
    return list(dict.fromkeys(m for m in seen if m))


def model_cost(entry: LogEntry) -> str:
    """What a model call cost, or ``""`` when the entry made none."""
    if not is_model_call(entry):
        return ""
    if is_offline(entry.model) and not entry.cost_micros:
        return "offline (no cost)"
    return f"USD {from_micros(entry.cost_micros):,.4f}"


def share(part: int, whole: int) -> str:
    if whole <= 0:
        return NO_VALUE
    return f"{Decimal(part * 100) / Decimal(whole):.1f}%"


def _urls_in(value: Any, found: set[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "seller_url" and isinstance(item, str) and item:
                found.add(item)
            else:
                _urls_in(item, found)
    elif isinstance(value, list):
        for item in value:
            _urls_in(item, found)


def run_sellers(run: RunRecord) -> dict[str, str]:
    """``{seller_url: short label}`` for every seller the run's log names."""
    found: set[str] = set()
    for entry in run.entries:
        _urls_in(entry.data, found)
    return seller_labels(found)
