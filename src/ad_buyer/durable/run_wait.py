"""Waiting for a run's workflow in the process that runs it, and not forever.

The command that runs a workflow waits for its status to end. When the storage
fails under it (the disk is full, the database turned read-only, locked or gone),
the workflow's steps fail at their next write and the workflow ends without its
end recorded: the status it waits for can no longer change. So it also watches the
process's storage faults (:class:`~ad_buyer.storage.faults.FaultWatch`) and stops
waiting with :class:`~ad_buyer.storage.faults.StorageFailure` once a fault was
noted and the workflow ended here without its end recorded, or the fault is one
that does not clear by itself (full, read-only) and older than :data:`FAULT_GRACE_S`.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from ad_buyer.durable import workflows
from ad_buyer.storage.faults import LASTING, FaultWatch, StorageFailure, classify

# How often the waiting command looks at its run's workflow (a read of one row) while
# its run has not told it that it ended.
POLL_S = 0.1
# Between the workflow's return and its recorded result: a read of one row this often.
RESULT_POLL_S = 0.01
# While this process runs the workflow (it sets ``finished`` as it returns), its status is
# read this often only for a workflow that ends without running here.
STATUS_CHECK_S = 1.0
ENDED = frozenset({"SUCCESS", "ERROR", "CANCELLED", "MAX_RECOVERY_ATTEMPTS_EXCEEDED"})
# A workflow's end is written just after its function returns.
RECORD_END_S = 1.0
# How long a run still running after a storage fault that does not clear by itself may
# take to end on its own (its next step refuses to start: durable.steps).
FAULT_GRACE_S = 2.0


def wait_for_result(handle: Any, run_id: str, *, finished: threading.Event | None = None,
                    poll_s: float = POLL_S, status_every_s: float | None = None) -> Any:
    """The workflow's result, read as soon as this process's run of it ends (``finished``,
    set by the workflow as it returns) or, read every ``status_every_s`` (every
    ``poll_s`` without ``finished``), its status has ended elsewhere; raises
    :class:`StorageFailure` when the storage failed under it."""
    if finished is None:
        finished, status_every_s = threading.Event(), poll_s
    elif status_every_s is None:
        status_every_s = STATUS_CHECK_S
    status_read_at = time.monotonic()
    while True:
        returned = finished.wait(poll_s)
        if returned and FaultWatch.worst() is None:
            return handle.get_result(polling_interval_sec=RESULT_POLL_S)
        if returned or time.monotonic() - status_read_at >= status_every_s:
            status_read_at = time.monotonic()
            try:
                status = handle.get_status()
            except Exception as exc:
                fault = classify(exc)
                if fault is None:
                    raise
                raise StorageFailure(fault, run_id=run_id) from exc
            if status is not None and str(status.status) in ENDED:
                return handle.get_result(polling_interval_sec=RESULT_POLL_S)
        noted = FaultWatch.worst()
        if noted is not None:
            fault, since = noted
            ended = workflows.ended_here_s_ago(run_id)
            if (ended is not None and ended > RECORD_END_S) or (
                    fault.kind in LASTING and time.monotonic() - since > FAULT_GRACE_S):
                raise StorageFailure(fault, run_id=run_id)
        if returned:  # it returned with a fault noted: is its end recorded? look again soon
            time.sleep(poll_s)
