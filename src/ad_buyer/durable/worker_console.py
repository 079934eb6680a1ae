"""The worker's console: every line it prints starts with the time (UTC), so a
worker's log says when it took a run, when it took over a dead worker's runs, and
when it stopped. :func:`stamp_log_lines` does the same for log records (the
library's and DBOS's)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from rich.console import Console


class StampedConsole(Console):
    def print(self, *objects: Any, **kwargs: Any) -> None:
        stamp = f"[dim]{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}[/dim]"
        kwargs.setdefault("soft_wrap", True)  # a log line stays one line
        super().print(stamp, *objects, **kwargs)


class _UtcFormatter(logging.Formatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stamp_log_lines() -> None:
    """Put the UTC time in front of every log line of this process."""
    from ad_buyer.durable import engine

    for handler in logging.getLogger().handlers:
        handler.setFormatter(_UtcFormatter("%(asctime)s %(name)s: %(message)s"))
    engine.DBOS_LOG_FORMATTER = _UtcFormatter("%(asctime)s %(levelname)s dbos: %(message)s")
