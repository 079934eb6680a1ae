"""The run's negotiation lines say what was asked, offered, agreed and saved."""

from __future__ import annotations

from ad_buyer.events.models import Event, EventType
from ad_buyer.reporting.progress import describe_event


def _line(**payload: object) -> str:
    line = describe_event(Event(event_type=EventType.NEGOTIATION_COMPLETED, payload={
        "seller_url": "http://sandbox.local/sellers/omnicast", "rounds": 3, **payload}))
    assert line is not None
    return line


def test_an_agreed_negotiation_says_asked_offered_agreed_and_saved() -> None:
    line = _line(outcome="accepted", asked=28.54, offered=26.69, final_price=26.69)
    assert line == ("negotiation http://sandbox.local/sellers/omnicast: accepted after "
                    "3 round(s); asked CPM 28.54, we offered 26.69, agreed 26.69, "
                    "saved 1.85 CPM (6.5%)")


def test_a_walk_away_says_nothing_was_agreed() -> None:
    line = _line(outcome="walked_away", asked=30.0, offered=21.5, final_price=None)
    assert line.endswith("asked CPM 30.00, we offered 21.50, nothing agreed")


def test_a_negotiation_record_reads_the_same() -> None:
    from ad_buyer.reporting.progress import negotiation_terms

    record = {"ask": 20.55, "offered": 19.41, "final_price": 19.41, "outcome": "accepted",
              "rounds": 5, "walk_away": 20.55}
    assert negotiation_terms(record) == ("accepted after 5 round(s); asked CPM 20.55, "
                                         "we offered 19.41, agreed 19.41, saved 1.14 CPM "
                                         "(5.5%)")
