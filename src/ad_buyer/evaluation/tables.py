"""The eval's tables: checks per expectation, and decision scores beside the baselines."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rich.table import Table

from ad_buyer.evaluation.runner import Scorecard


def _num(value: Decimal | None, suffix: str = "%", places: int = 1) -> str:
    return "-" if value is None else f"{value:.{places}f}{suffix}"


def checks_table(card: Scorecard, title: str) -> Table:
    table = Table(title=title)
    for column in ("expectation", "passed", "checked", "score"):
        table.add_column(column, justify="left" if column == "expectation" else "right")
    for kind, (passed, checked) in card.by_kind().items():
        table.add_row(kind, str(passed), str(checked), f"{passed * 100 / checked:.0f}%")
    table.add_row("all", str(card.passed), str(card.checked),
                  f"{card.passed * 100 / card.checked:.0f}%" if card.checked else "-",
                  style="bold")
    return table


DECISION_COLUMNS = ("chooser", "checks", "price vs cheapest fill", "audience rank (best)",
                    "negotiation savings", "largest seller (mean / max)", "budget used")


def decision_row(card: Scorecard) -> list[str]:
    """One chooser's decision scores as table cells (see DECISION_COLUMNS)."""
    d = card.decisions()
    return [card.model, f"{card.passed}/{card.checked}", _num(d.price_vs_cheapest_pct),
            f"{_num(d.audience_rank, '', 2)} ({_num(d.best_audience_rank, '', 2)})",
            _num(d.savings_pct),
            f"{_num(d.mean_largest_share_pct)} / {_num(d.max_largest_share_pct)}",
            _num(d.budget_used_pct)]


def decisions_table(cards: Sequence[Scorecard], title: str) -> Table:
    table = Table(title=title)
    for column in DECISION_COLUMNS:
        table.add_column(column, justify="left" if column == "chooser" else "right")
    for card in cards:
        table.add_row(*decision_row(card))
    return table


def decisions_markdown(rows: Sequence[tuple[str, Scorecard]]) -> str:
    """``(set name, card)`` rows as a Markdown table for the README."""
    lines = ["| set | " + " | ".join(DECISION_COLUMNS) + " |",
             "| --- |" + " ---: |" * len(DECISION_COLUMNS)]
    lines += [f"| {name} | " + " | ".join(decision_row(card)) + " |" for name, card in rows]
    return "\n".join(lines)
