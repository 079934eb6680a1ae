"""Terminal rendering of pacing status: short subject labels and the status table.

Seller URLs are long and share a prefix, so at 80 columns they all truncate to
the same ``http://sa…``. The table shows a short, unambiguous label instead:
the seller id (the ``/sellers/<id>`` segment of a sandbox-style URL, else the
host) and ``seller_id/deal_id`` for deals; a legend maps seller ids back to
their URLs, and ``wide`` shows full URLs and cents.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlsplit

from rich import box
from rich.table import Table

from ad_buyer.models.money import from_micros
from ad_buyer.pacing.detection import Level, PaceStatus, classify, deal_subject
from ad_buyer.pacing.models import PacingPlan

_GROUP_TITLES = {Level.DEAL: "deals", Level.CHANNEL: "channels", Level.SELLER: "sellers",
                 Level.CAMPAIGN: "campaign"}
_SEVERITY_SHORT = {"info": "info", "warning": "warn", "critical": "crit"}


def seller_id(url: str) -> str:
    """The seller's short id: ``/sellers/<id>`` → ``<id>``; otherwise the host (with port)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) >= 2 and segments[-2] == "sellers":
        return segments[-1]
    return parts.netloc or url


def seller_labels(urls: Iterable[str]) -> dict[str, str]:
    """``{url: label}``, short where the short form is unique, else host+path, else the URL."""
    unique = sorted(set(urls))
    labels = {url: seller_id(url) for url in unique}
    for fallback in (_host_and_path, str):
        taken: dict[str, int] = {}
        for label in labels.values():
            taken[label] = taken.get(label, 0) + 1
        clashing = [url for url in unique if taken[labels[url]] > 1]
        if not clashing:
            break
        for url in clashing:
            labels[url] = fallback(url)
    return labels


def _host_and_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}".rstrip("/") or url


def subject_labels(plan: PacingPlan) -> dict[tuple[Level, str], str]:
    """``{(level, status subject): label}`` for the plan's deals and sellers."""
    sellers = seller_labels(d.seller_url for d in plan.deals)
    labels: dict[tuple[Level, str], str] = {
        (Level.SELLER, url): label for url, label in sellers.items()}
    for deal in plan.deals:
        labels[(Level.DEAL, deal_subject(deal.key))] = f"{sellers[deal.seller_url]}/{deal.deal_id}"
    return labels


def _amount(micros: int, wide: bool) -> str:
    value = from_micros(micros)
    if wide:
        return f"{value:,.2f}"
    return f"{value.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"


def _state(status: PaceStatus, plan: PacingPlan) -> str:
    if status.ratio is None:
        return "not started"
    found = classify(status, plan.thresholds)
    if found is None:
        return "on pace"
    kind, severity = found
    word = kind.value.removesuffix("_delivery")
    return f"{word} ({_SEVERITY_SHORT.get(severity.value, severity.value)})"


def status_table(plan: PacingPlan, statuses: Sequence[PaceStatus], title: str,
                 wide: bool = False) -> Table:
    """One line per row: an upper-case group row per level, then its subjects.

    Amounts are whole currency units unless ``wide`` (cents, full seller URLs).
    Only the subject column may shrink, never a number.
    """
    labels = {} if wide else subject_labels(plan)
    rows: list[tuple[Level, list[str]]] = [
        (s.level, [labels.get((s.level, s.subject), s.subject), _amount(s.budget_micros, wide),
                   _amount(s.expected_micros, wide), _amount(s.actual_micros, wide),
                   f"{s.ratio:.2f}" if s.ratio is not None else "-", _state(s, plan)])
        for s in statuses]
    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                  padding=(0, 1, 0, 0),
                  caption=None if wide else "amounts rounded to whole units; --wide for "
                  "cents and seller URLs")
    headers = ("subject", "budget", "planned", "actual", "ratio", "state")
    for i, header in enumerate(headers):
        fixed = max([len(header), *(len(cells[i]) for _, cells in rows)])
        table.add_column(header, no_wrap=True, overflow="ellipsis",
                         justify="left" if header in ("subject", "state") else "right",
                         min_width=None if header == "subject" else fixed)
    level: Level | None = None
    for row_level, cells in rows:
        if row_level is not level:
            level = row_level
            table.add_row(_GROUP_TITLES[level].upper(), style="bold")
        table.add_row(*cells)
    return table


def seller_legend(plan: PacingPlan) -> Table | None:
    """Seller id → URL, when any label differs from its URL."""
    labels = seller_labels(d.seller_url for d in plan.deals)
    rows = [(label, url) for url, label in sorted(labels.items(), key=lambda i: i[1])
            if label != url]
    if not rows:
        return None
    table = Table(title="Sellers", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("seller", no_wrap=True)
    table.add_column("url", overflow="fold")
    for label, url in rows:
        table.add_row(label, url)
    return table


def shorten_urls(text: str, plan: PacingPlan) -> str:
    """``text`` with the plan's seller URLs replaced by their short labels (for tables;
    the stored message keeps the full URL)."""
    labels = seller_labels(d.seller_url for d in plan.deals)
    for url in sorted(labels, key=len, reverse=True):  # longest first: no prefix clash
        text = text.replace(url, labels[url])
    return text
