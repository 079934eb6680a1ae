"""What `ad-buyer runs` calls a run, from its log status and its DBOS workflow's."""

from __future__ import annotations

import os
import socket
from types import SimpleNamespace

import pytest

from ad_buyer.durable.queues import HERE_QUEUE_PREFIX
from ad_buyer.durable.run_states import run_state

HOST = socket.gethostname()
ALIVE = f"{HOST}:{os.getpid()}"
DEAD = f"{HOST}:999999999"  # beyond any pid the kernel hands out


def workflow(status: str, executor: str = ALIVE, queue: str | None = None,
             output: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(status=status, executor_id=executor, queue_name=queue,
                           output=output)


@pytest.mark.parametrize(("logged", "flow", "state"), [
    ("running", None, "not started"),  # logged, but its process never started the workflow
    ("completed", None, "completed"),
    ("running", workflow("PENDING"), "running"),
    ("running", workflow("PENDING", DEAD), "interrupted"),  # its process is gone
    ("interrupted", workflow("CANCELLED"), "interrupted"),
    ("running", workflow("ENQUEUED", queue="ad-buyer-campaigns"), "queued"),
    # A resume waiting on its own process's queue: running while that process lives,
    # interrupted (and resumable again) once it is gone.
    ("running", workflow("ENQUEUED", queue=HERE_QUEUE_PREFIX + ALIVE), "running"),
    ("running", workflow("ENQUEUED", queue=HERE_QUEUE_PREFIX + DEAD), "interrupted"),
    ("running", workflow("ERROR"), "failed"),
    ("unresolved", workflow("SUCCESS"), "unresolved"),
    # Ended, with the "running" a resume set still logged (before the resumed end was
    # written back): how its run ended, as its workflow returned it.
    ("running", workflow("SUCCESS", output='{"status": "over_budget"}'), "over_budget"),
    ("running", workflow("SUCCESS", output='{"status": "completed"}'), "completed"),
    ("running", workflow("SUCCESS", output="not json"), "running"),
    ("running", workflow("SUCCESS"), "running"),  # no result read
])
def test_run_state(logged: str, flow: SimpleNamespace | None, state: str) -> None:
    assert run_state(logged, flow) == state


def test_a_run_back_on_the_queue_after_it_bought_is_requeued_not_queued() -> None:
    from ad_buyer.durable.run_states import shown_state

    assert shown_state("queued", 0) == "queued"
    assert shown_state("queued", 1_000_000) == "requeued"
    assert shown_state("running", 1_000_000) == "running"
