"""``SellerCache``: the registry client's in-memory TTL cache.

Keys (seed 002, "Caching and Performance"):

- ``discover:{capabilities}``: a ``discover_sellers`` result; the capabilities
  are lower-cased, de-duplicated, sorted and comma-joined (``discover:ctv``,
  ``discover:ctv,video``). With no filter the key is ``discover:`` (the join
  of an empty list).
- ``card:{agent_url}``: one agent card, URL without a trailing slash. Cards
  returned by ``discover_sellers`` are cached here too.
- ``verify:{agent_url}``: a successful ``verify_agent`` answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any


def discover_key(capabilities: Iterable[str] | None) -> str:
    wanted = sorted({c.strip().lower() for c in capabilities or () if c.strip()})
    return "discover:" + ",".join(wanted)


def card_key(agent_url: str) -> str:
    return f"card:{agent_url.rstrip('/')}"


def verify_key(agent_url: str) -> str:
    return f"verify:{agent_url.rstrip('/')}"


class SellerCache:
    """Entries expire ``ttl_seconds`` after they were set; a TTL of 0 disables caching."""

    def __init__(
        self, ttl_seconds: float = 300.0, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if ttl_seconds < 0:
            raise ValueError("cache TTL must not be negative")
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        self._entries: dict[str, tuple[float, Any]] = {}

    def get(self, key: str) -> Any | None:
        """The live value for ``key``, or None (expired entries are dropped)."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires_at, value = entry
        if self._clock() >= expires_at:
            del self._entries[key]
            return None
        return value

    def set(self, key: str, value: Any, ttl_seconds: float | None = None) -> None:
        ttl = self.ttl_seconds if ttl_seconds is None else ttl_seconds
        if ttl <= 0:
            return
        self._entries[key] = (self._clock() + ttl, value)

    def invalidate(self, key: str) -> bool:
        """Drop one entry; True if it was there."""
        return self._entries.pop(key, None) is not None

    def clear(self) -> None:
        self._entries.clear()

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    def __len__(self) -> int:
        now = self._clock()
        return sum(1 for expires_at, _ in self._entries.values() if now < expires_at)
