"""The worker's console: every line it prints starts with the time (UTC), so a
worker's log says when it took a run, when it took over a dead worker's runs, and
when it stopped."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rich.console import Console


class StampedConsole(Console):
    def print(self, *objects: Any, **kwargs: Any) -> None:
        stamp = f"[dim]{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}[/dim]"
        super().print(stamp, *objects, **kwargs)
