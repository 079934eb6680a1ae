"""Live progress for a run: stage lines from the crew, seller lines from the event bus.

``RunProgress`` is both the crew's stage listener (``progress(stage, detail)``,
called by :func:`ad_buyer.crew.run.run_campaign`) and an event-bus subscriber
(seller discovery, quotes, negotiations, bookings). It prints one status line
per step with rich, and keeps a spinner on a terminal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.status import Status

from ad_buyer.events.models import Event, EventType

StageListener = Callable[[str, str], None]

_STAGE_STYLE = {"intake": "cyan", "read as": "bold cyan", "allocation": "green",
                "channel": "bold magenta", "discover": "blue", "media kits": "blue",
                "quotes": "blue", "negotiate": "blue", "proposal": "magenta", "book": "magenta",
                "pacing": "blue", "done": "bold green", "stopped": "bold red"}
# Desk stages: their detail starts with the channel, and seller events that follow
# belong to it.
DESK_STAGES = frozenset({"discover", "media kits", "quotes", "negotiate", "proposal", "book"})


def _sellers(ids: Any) -> str:
    return ", ".join(str(i) for i in ids) if isinstance(ids, list) and ids else "none"


def _cpm(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01")) if value is not None else None
    except ArithmeticError:
        return None


def negotiation_line(p: dict[str, Any]) -> str:
    return f"negotiation {p.get('seller_url', '?')}: {negotiation_terms(p)}"


def negotiation_terms(p: dict[str, Any]) -> str:
    """What the seller asked, what we offered last, what was agreed and what it saved
    (``asked`` or ``ask``, ``offered``, ``final_price``, ``outcome``, ``rounds``)."""
    asked, offered, agreed = _cpm(p.get("asked", p.get("ask"))), _cpm(p.get("offered")), \
        _cpm(p.get("final_price"))
    line = f"{p.get('outcome', '?')} after {p.get('rounds', '?')} round(s)"
    line += f"; asked CPM {asked:,}" if asked is not None else ""
    line += f", we offered {offered:,}" if offered is not None else ""
    line += f", agreed {agreed:,}" if agreed is not None else ", nothing agreed"
    if asked and agreed is not None:
        pct = ((asked - agreed) * 100 / asked).quantize(Decimal("0.1"))
        line += f", saved {asked - agreed:,} CPM ({pct}%)"
    return line


def describe_event(event: Event) -> str | None:
    """One readable line per seller-side event, or None for events not shown."""
    p = event.payload
    kind = event.event_type
    if kind == EventType.INVENTORY_DISCOVERED:
        return (f"discover {p.get('media_type', '?')}: {p.get('sellers_found', 0)} seller(s) "
                f"({_sellers(p.get('seller_ids'))})")
    if kind == EventType.QUOTE_RECEIVED:
        failed = p.get("seller_ids_failed") or []
        line = (f"quotes: {p.get('quotes_received', 0)} received "
                f"({_sellers(p.get('seller_ids_received'))})")
        return line + (f"; failed: {_sellers(failed)}" if failed else "")
    if kind == EventType.QUOTE_REJECTED:
        return f"quote rejected: {p.get('seller_url') or p.get('seller_id', '?')}: " \
               f"{p.get('reason', '?')}"
    if kind == EventType.NEGOTIATION_COMPLETED:
        return negotiation_line(p)
    if kind == EventType.DEAL_BOOKED:
        return (f"booked {p.get('seller_id', '?')}: deal {p.get('deal_id', '?')} "
                f"({p.get('deal_type', '?')}) at CPM {p.get('final_cpm', '?')}")
    if kind == EventType.DEAL_BOOKING_FAILED:
        return f"booking failed {p.get('seller_url') or p.get('seller_id', '?')}: " \
               f"{p.get('error', '?')}"
    if kind == EventType.GUARD_REJECTED:
        return f"guard rejected {p.get('seller_url') or p.get('seller_id', '')}: " \
               f"{p.get('reason', '?')}"
    if kind == EventType.DEAL_CANCELLED:
        return f"deal cancelled {p.get('seller_url', '?')}: {p.get('reason', '?')}"
    return None


class RunProgress:
    """Prints the run's stages and seller steps as they happen."""

    def __init__(self, console: Console, *, spinner: bool | None = None,
                 prefix: str = "", compact: bool = False) -> None:
        """``prefix`` starts every line (a worker's run id); ``compact`` keeps the first
        line of each detail only (a worker prints many runs' lines interleaved)."""
        self.console = console
        self.prefix = prefix
        self.compact = compact
        self.lines: list[str] = []
        self._lock = threading.Lock()
        self._channel = ""
        use_spinner = console.is_terminal if spinner is None else spinner
        self._status: Status | None = (console.status("starting the run")
                                       if use_spinner else None)

    def __enter__(self) -> RunProgress:
        if self._status is not None:
            self._status.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._status is not None:
            self._status.stop()

    def _emit(self, tag: str, text: str) -> None:
        if self.compact:
            text = text.strip().splitlines()[0] if text.strip() else ""
        line = f"{tag}: {text}"
        with self._lock:
            self.lines.append(line)
            style = _STAGE_STYLE.get(tag, "white")
            lead = f"[dim]{escape(self.prefix)}[/dim] " if self.prefix else ""
            self.console.print(f"{lead}[{style}]{escape(tag)}[/{style}] {escape(text)}",
                               soft_wrap=True, highlight=False)
            if self._status is not None:
                self._status.update(escape(line))

    def __call__(self, stage: str, detail: str) -> None:
        """Stage listener: ``intake``, ``channel``, a desk stage, ``pacing``, ``done``..."""
        if stage in DESK_STAGES:
            self._channel = detail.split(":", 1)[0]
        self._emit(stage, detail)

    def on_event(self, event: Event) -> None:
        """Event-bus subscriber for seller-side steps (shown under the current channel)."""
        text = describe_event(event)
        if text is not None:
            self._emit(f"  {self._channel}" if self._channel else "  seller", text)
