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
    progress = RunProgress(Console(file=io.StringIO(), width=120), spinner=False,
                           specialists={"dooh": "DOOH Specialist"})
    progress("book", "dooh: booking dooh-proposal-1 within 17,142.86 USD")
    progress.on_event(discovered("dooh", "metroscreens"))
    progress("discover", "linear_tv: sellers in the registry")
    progress.on_event(discovered("linear_tv", "primetime"))
    progress.on_event(Event(event_type="unrelated.event"))
    assert progress.lines == [
        "book: dooh: booking dooh-proposal-1 within 17,142.86 USD  "
        "(DOOH Specialist → book_portfolio)",
        "  dooh: discover dooh: 1 seller(s) (metroscreens)",
        "discover: linear_tv: sellers in the registry  "
        "(linear TV specialist → discover_sellers)",
        "  linear_tv: discover linear_tv: 1 seller(s) (primetime)",
    ]


def test_a_planner_reads_the_stages_without_agent_tool_quote_or_proposal_names() -> None:
    progress = RunProgress(Console(file=io.StringIO(), width=80), spinner=False,
                           verbose=False)
    progress("allocation", "allocator: ctv 166,666.67, audio 83,333.33 USD")
    progress("channel", "ctv delegated (166,666.67 USD left): Buy ctv within its budget.")
    progress("quotes", "ctv: quoting 6 package(s)")
    progress.on_event(Event(event_type=EventType.QUOTE_RECEIVED, payload={
        "quotes_received": 3, "seller_ids_received": ["omnicast", "omnicast", "lumacast"]}))
    progress("negotiate", "ctv: ctv-Q6 toward 26.30")
    progress("negotiate", "ctv: omnicast ctv-Q6: accepted after 5 round(s); asked CPM 32.67, "
                          "we offered 30.79, agreed 30.79, saved 1.88 CPM (5.8%)")
    progress("channel", "ctv delegated (3,708.99 USD left): ctv-proposal-1 is approved: "
                        "book it as approved.")
    progress("book", "ctv: booking ctv-proposal-1 within 166,666.67 USD")
    progress("book", "ctv: 5 deal(s) committed, 162,957.68 USD")
    assert progress.lines == [
        "Budget split: ctv 166,666.67, audio 83,333.33 USD",
        "Buying CTV: USD 166,666.67 to spend",
        "Asking CTV sellers for quotes on 6 packages",
        "  3 quote(s) in from omnicast, lumacast",
        "Negotiating for CTV, aiming for 26.30 CPM",
        "Negotiated with omnicast: asked 32.67, offered 30.79, agreed 30.79, saved 1.88 CPM "
        "(5.8%) (accepted, 5 rounds)",
        "The CTV plan is approved: booking it",
        "Booking the CTV deals within USD 166,666.67",
        "Booked 5 CTV deals, USD 162,957.68",
    ]
