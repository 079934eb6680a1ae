"""A durable step that wrote its log entry and was killed before DBOS recorded the
step's result runs again on the resume: its entry is written once, not twice (the
crash soak saw a booking summary twice, so the run's deals were on two lines)."""

from __future__ import annotations

from pathlib import Path

from ad_buyer.durable_steps import current_step_key
from ad_buyer.events.log import EntryKind, RationaleLog
from ad_buyer.storage.db import Database


def test_an_entry_written_again_by_its_step_is_written_once(tmp_path: Path) -> None:
    log = RationaleLog(Database(f"sqlite:///{tmp_path / 'log.db'}"))
    run_id = log.start_run(name="resumed")
    first = log.record(run_id, EntryKind.BOOKING, summary="audio: committed 39999.98 USD",
                       data={"booked": [{"deal_id": "deal-1"}]}, step_key="wf-1:7")
    again = log.record(run_id, EntryKind.BOOKING, summary="audio: committed 39999.98 USD",
                       data={"booked": [{"deal_id": "deal-1"}]}, step_key="wf-1:7")
    other = log.record(run_id, EntryKind.BOOKING, summary="display: committed 10.00 USD",
                       step_key="wf-1:8")
    plain = log.record(run_id, EntryKind.EVENT, summary="no step")
    assert again == first
    assert len({first, other, plain}) == 3
    summaries = [e.summary for e in log.get_run(run_id).entries]
    assert summaries.count("audio: committed 39999.98 USD") == 1
    assert current_step_key() is None  # outside a durable step there is no key

