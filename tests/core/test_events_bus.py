import logging

from ad_buyer.events.bus import InMemoryEventBus, emit
from ad_buyer.events.models import Event, EventType


async def test_events_are_kept_in_order_and_fanned_out():
    bus = InMemoryEventBus()
    seen: list[str] = []
    bus.subscribe(lambda e: seen.append(e.event_type))

    async def only_deals(event: Event) -> None:
        seen.append("async:" + event.payload["deal_id"])

    bus.subscribe(only_deals, EventType.DEAL_BOOKED)
    await emit(bus, EventType.INVENTORY_DISCOVERED, sellers_found=2)
    await emit(bus, EventType.DEAL_BOOKED, run_id="r1", deal_id="d1")
    assert seen == ["inventory.discovered", "deal.booked", "async:d1"]
    assert [e.event_type for e in bus.of_type(EventType.DEAL_BOOKED)] == ["deal.booked"]
    assert bus.events[1].run_id == "r1"


async def test_failing_subscriber_is_logged_and_does_not_break_the_flow(caplog):
    bus = InMemoryEventBus()
    after: list[Event] = []

    def broken(_: Event) -> None:
        raise RuntimeError("subscriber down")

    bus.subscribe(broken)
    bus.subscribe(after.append)
    with caplog.at_level(logging.WARNING):
        await emit(bus, EventType.QUOTE_RECEIVED, quotes_received=1)
    assert len(after) == 1
    assert "subscriber" in caplog.text


async def test_failing_bus_is_logged_not_raised(caplog):
    class DownBus:
        async def publish(self, event: Event) -> None:
            raise ConnectionError("bus unreachable")

    with caplog.at_level(logging.WARNING):
        await emit(DownBus(), EventType.DEAL_BOOKED, deal_id="d")
    assert "failed to publish deal.booked" in caplog.text
    await emit(None, EventType.DEAL_BOOKED)  # no bus: nothing to do
