"""Live progress lines: seller steps are shown under the channel they belong to."""

from __future__ import annotations

import io

from rich.console import Console

from ad_buyer.events.models import Event, EventType
from ad_buyer.reporting.progress import RunProgress


def discovered(media_type: str, *ids: str) -> Event:
    return Event(event_type=EventType.INVENTORY_DISCOVERED,
                 payload={"media_type": media_type, "sellers_found": len(ids),
                          "seller_ids": list(ids)})


def test_desk_stages_set_the_channel_of_the_seller_lines() -> None:
    progress = RunProgress(Console(file=io.StringIO(), width=120), spinner=False)
    progress("book", "dooh: booking dooh-proposal-1 within 17,142.86 USD")
    progress.on_event(discovered("dooh", "metroscreens"))
    progress("discover", "linear_tv: sellers in the registry")
    progress.on_event(discovered("linear_tv", "primetime"))
    progress.on_event(Event(event_type="unrelated.event"))
    assert progress.lines == [
        "book: dooh: booking dooh-proposal-1 within 17,142.86 USD",
        "  dooh: discover dooh: 1 seller(s) (metroscreens)",
        "discover: linear_tv: sellers in the registry",
        "  linear_tv: discover linear_tv: 1 seller(s) (primetime)",
    ]
