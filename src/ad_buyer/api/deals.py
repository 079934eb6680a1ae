"""A run's deals as the API shows them: the portfolio report's lines, with the status
each seller gave its deal."""

from __future__ import annotations

from typing import Any

from ad_buyer.api.models import PlannedDeal


def deals_of(results: list[Any]) -> list[PlannedDeal]:
    """The lines of channel results, as the portfolio report shows them, with status."""
    from ad_buyer.reporting.portfolio import portfolio_lines

    raws = [raw for r in results for raw in r.booked]
    return [PlannedDeal(**line.model_dump(), status=str(raw.get("status") or "booked"),
                        quote_expires_at=raw.get("quote_expires_at"),
                        audience_fit=str(raw.get("audience_fit") or ""),
                        why=str(raw.get("why") or ""))
            for line, raw in zip(portfolio_lines(results), raws, strict=True)]
