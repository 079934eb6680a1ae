"""A run's review (:mod:`ad_buyer.reporting.review`) for the terminal, with rich: the
negotiations (asked, offered, agreed, saved, and why a price is above the rival's),
the total saved, and the budgets left unspent. Lines wrap; nothing is cut."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from ad_buyer.reporting.review import RunReview


def saved_line(review: RunReview) -> str:
    return (f"negotiation saved {review.negotiations.saved_text} against the sellers' "
            f"opening asks, on the impressions {'planned' if review.book.dry_run else 'booked'}")


def negotiations_renderable(review: RunReview) -> Group:
    parts: list[Text] = []
    rows = review.negotiations.rows
    if rows:
        parts.append(Text("Negotiations", style="bold italic"))
        parts.extend(Text(f"  {row.line}", overflow="fold") for row in rows)
        parts.append(Text(saved_line(review), style="bold"))
    return Group(*parts)


def shortfalls_renderable(review: RunReview) -> Group:
    return Group(*(Text(line, style="yellow", overflow="fold") for line in review.shortfalls))
