"""Event buses. Publishing is best-effort: a failing subscriber is logged and
never breaks the flow that emitted the event."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from ad_buyer.events.models import Event

logger = logging.getLogger(__name__)

Subscriber = Callable[[Event], Awaitable[None] | None]


class EventBus(Protocol):
    async def publish(self, event: Event) -> None: ...


class InMemoryEventBus:
    """Keeps every event in order and fans it out to subscribers."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._subscribers: list[tuple[str | None, Subscriber]] = []

    def subscribe(self, handler: Subscriber, event_type: str | None = None) -> None:
        """Call ``handler`` for events of ``event_type`` (all events if None)."""
        self._subscribers.append((event_type, handler))

    async def publish(self, event: Event) -> None:
        self.events.append(event)
        for wanted, handler in self._subscribers:
            if wanted is not None and wanted != event.event_type:
                continue
            try:
                outcome = handler(event)
                if inspect.isawaitable(outcome):
                    await outcome
            except Exception:
                logger.warning(
                    "event subscriber %r failed on %s", handler, event.event_type, exc_info=True
                )

    def of_type(self, event_type: str) -> list[Event]:
        return [e for e in self.events if e.event_type == event_type]


async def emit(bus: EventBus | None, event_type: str, run_id: str | None = None,
               **payload: Any) -> None:
    """Publish on a bus if there is one; a bus that raises is logged, not fatal."""
    if bus is None:
        return
    try:
        await bus.publish(Event(event_type=event_type, payload=payload, run_id=run_id))
    except Exception:
        logger.warning("event bus failed to publish %s", event_type, exc_info=True)
