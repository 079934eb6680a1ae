"""Booking journal: intents written before the call, outcomes after, durable."""

from __future__ import annotations

import pytest

from ad_buyer.booking.journal import BookingJournal, IntentStatus, RunStatus
from ad_buyer.storage.db import Database


def test_intent_is_durable_and_idempotent(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'j.db'}"
    journal = BookingJournal(Database(url))
    journal.start_run("run-1", mode="best_effort", currency="USD", budget_micros=10,
                      plan={"plan": []})
    first = journal.record_intent("run-1", seller_url="http://a", seller_id="a", quote_id="q1",
                                  agreed_cpm_micros=20_000_000, cost_micros=5)
    again = journal.record_intent("run-1", seller_url="http://a", seller_id="a", quote_id="q1",
                                  agreed_cpm_micros=20_000_000, cost_micros=5)
    assert first.idempotency_key == again.idempotency_key
    assert first.status == IntentStatus.PENDING

    reopened = BookingJournal(Database(url))  # a new process sees what the old one wrote
    assert reopened.intent_for("run-1", "http://a", "q1") == first
    reopened.record_booked(first.idempotency_key, deal_id="d1", deal={"deal_id": "d1"})
    second = reopened.record_intent("run-1", seller_url="http://b", seller_id="b",
                                    quote_id="q1", agreed_cpm_micros=1, cost_micros=1)
    reopened.record_failed(second.idempotency_key, "409 refused")
    intents = reopened.intents("run-1")
    assert [(i.status, i.seq) for i in intents] == [(IntentStatus.BOOKED, 0),
                                                    (IntentStatus.FAILED, 1)]
    assert intents[0].deal == {"deal_id": "d1"}
    reopened.finish_run("run-1", RunStatus.COMPLETED)
    run = reopened.get_run("run-1")
    assert run is not None
    assert run.status == RunStatus.COMPLETED


def test_run_ids_are_unique(journal: BookingJournal) -> None:
    journal.start_run("r", mode="best_effort", currency="USD", budget_micros=1, plan={})
    with pytest.raises(ValueError, match="already exists"):
        journal.start_run("r", mode="best_effort", currency="USD", budget_micros=1, plan={})
    assert journal.get_run("missing") is None
