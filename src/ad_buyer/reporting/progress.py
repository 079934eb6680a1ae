"""Live progress for a run: stage lines from the crew, seller lines from the event bus.

``RunProgress`` is both the crew's stage listener (``progress(stage, detail)``,
called by :func:`ad_buyer.crew.run.run_campaign`) and an event-bus subscriber
(seller discovery, quotes, negotiations, bookings). It prints one status line
per step with rich, and keeps a spinner on a terminal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.status import Status

from ad_buyer.events.models import Event, EventType
from ad_buyer.reporting.progress_words import (
    agent_and_tool,
    negotiation_terms,
    planner_event,
    planner_stage,
)

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


def negotiation_line(p: dict[str, Any]) -> str:
    return f"negotiation {p.get('seller_url', '?')}: {negotiation_terms(p)}"


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
                 prefix: str = "", compact: bool = False, verbose: bool = True,
                 specialists: Mapping[str, str] | None = None) -> None:
        """``prefix`` starts every line (a worker's run id); ``compact`` keeps the first
        line of each detail only (a worker prints many runs' lines interleaved);
        ``verbose`` prints each stage as the crew states it, with the agent and tool
        behind it (``specialists``: each channel's specialist's role), else in a
        planner's words."""
        self.console = console
        self.verbose = verbose
        self.specialists = dict(specialists or {})
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

    def _emit(self, tag: str, text: str, style_of: str = "") -> None:
        """``tag`` and ``text``; an empty tag prints the text alone (a planner's line),
        styled as the stage ``style_of``."""
        if self.compact:
            text = text.strip().splitlines()[0] if text.strip() else ""
        line = f"{tag}: {text}" if tag else text
        with self._lock:
            self.lines.append(line)
            style = _STAGE_STYLE.get(tag or style_of, "white")
            lead = f"[dim]{escape(self.prefix)}[/dim] " if self.prefix else ""
            shown = (f"[{style}]{escape(tag)}[/{style}] {escape(text)}" if tag
                     else f"[{style}]{escape(text)}[/{style}]")
            self.console.print(lead + shown, soft_wrap=True, highlight=False)
            if self._status is not None:
                self._status.update(escape(line))

    def __call__(self, stage: str, detail: str) -> None:
        """Stage listener: ``intake``, ``channel``, a desk stage, ``pacing``, ``done``..."""
        if stage in DESK_STAGES:
            self._channel = detail.split(":", 1)[0]
        elif stage == "channel":
            self._channel = detail.split(" ", 1)[0]
        if stage in ("intake", "read as"):  # the brief as read: the same either way
            self._emit(stage, detail)
        elif self.verbose:
            who = agent_and_tool(stage, self._channel, self.specialists)
            self._emit(stage, f"{detail}  {who}" if who else detail)
        else:
            self._emit("", planner_stage(stage, detail), stage)

    def on_event(self, event: Event) -> None:
        """Event-bus subscriber for seller-side steps (shown under the current channel)."""
        if not self.verbose:
            words = planner_event(event, self._channel)
            if words is not None:
                self._emit("", f"  {words}", "negotiate")
            return
        text = describe_event(event)
        if text is not None:
            self._emit(f"  {self._channel}" if self._channel else "  seller", text)
