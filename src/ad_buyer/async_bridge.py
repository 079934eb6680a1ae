"""Synchronous tool code awaits the buyer's coroutines on one long-lived event loop.

CrewAI calls tools synchronously, sometimes from inside a running loop. The seller
clients keep HTTP connection pools bound to the loop that first used them, so a
fresh ``asyncio.run`` per tool call would leave the next call holding connections
of a closed loop ("Event loop is closed"). Every coroutine a tool awaits therefore
runs on one background loop that lives as long as the process.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Awaitable
from typing import Any, TypeVar

T = TypeVar("T")


class BackgroundLoop:
    """An event loop on a daemon thread; ``run`` blocks the caller until a result."""

    def __init__(self, name: str = "ad-buyer-async") -> None:
        self._name = name
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def _ensure(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._thread is None or not self._thread.is_alive():
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name=self._name,
                                          daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    def run(self, awaitable: Awaitable[T]) -> T:
        loop = self._ensure()
        if threading.current_thread() is self._thread:
            if inspect.iscoroutine(awaitable):
                awaitable.close()  # never scheduled: close it rather than leak a warning
            raise RuntimeError("run() called from the background loop itself: await instead")
        return asyncio.run_coroutine_threadsafe(_await(awaitable), loop).result()


async def _await(awaitable: Awaitable[T]) -> T:
    return await awaitable


_LOOP = BackgroundLoop()


def run_sync(value: Any) -> Any:
    """Await ``value`` if it is awaitable (on the shared loop), else return it."""
    if not inspect.isawaitable(value):
        return value
    return _LOOP.run(value)
