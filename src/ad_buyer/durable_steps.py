"""One way to make a side effect durable: ``durable(label, fn)``.

Inside a DBOS workflow, ``durable`` runs ``fn`` as a DBOS step: its result is
recorded in the system database, and when the workflow is resumed after a
crash or an interrupt, the recorded result is returned instead of running
``fn`` again. Outside a workflow (a library call, a test) it simply calls
``fn``.

Every call a run makes that leaves the process (a seller call, a model call,
a write to the rationale log) goes through here, so a resumed run replays
what was done and carries on from the last completed step. The label is
recorded with the result and checked on replay: a run whose code took a
different path than the recorded one stops with :class:`ReplayMismatch`
rather than applying another step's result. While the storage is full or
read-only (:class:`~ad_buyer.storage.faults.FaultWatch`), no new step starts: its
result could not be recorded, and a seller call would move money unrecorded.
"""

from __future__ import annotations

import logging
import pickle
import threading
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from dbos import DBOS

from ad_buyer.storage.faults import FaultWatch, StorageFailure

logger = logging.getLogger(__name__)

T = TypeVar("T")
STEP_NAME = "ad_buyer.durable_step"

_calls: dict[str, Callable[[], Any]] = {}
_lock = threading.Lock()
_executed: set[str] = set()
# Workflow id -> whether its last step was replayed from the record (not run).
_replaying: dict[str, bool] = {}


class ReplayMismatch(RuntimeError):
    """A resumed run reached a recorded step with another label: it cannot continue."""


class StepFailed(RuntimeError):
    """A step raised an error that cannot be recorded as it is; its type and message."""


def _recordable(exc: BaseException) -> BaseException:
    """The exception itself if it survives a round trip through pickle, else StepFailed."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return StepFailed(f"{type(exc).__name__}: {exc}")
    return exc


@DBOS.step(name=STEP_NAME)
def _durable_step(label: str, key: str) -> tuple[str, Any]:
    with _lock:
        call = _calls[key]
        _executed.add(key)
    try:
        return label, call()
    except Exception as exc:
        recordable = _recordable(exc)
        if recordable is exc:
            raise
        raise recordable from exc


def in_workflow() -> bool:
    return DBOS.workflow_id is not None


def current_step_key() -> str | None:
    """``workflow id:step id`` of the durable step running now (None outside one): the
    same when a step killed before its result was recorded runs again on the resume."""
    workflow_id, step_id = DBOS.workflow_id, DBOS.step_id
    if workflow_id is None or step_id is None:
        return None
    return f"{workflow_id}:{step_id}"


def watch_replay(workflow_id: str) -> None:
    """Start following whether ``workflow_id`` replays recorded steps. Until its first
    step says otherwise it counts as replaying: a fresh run's first step runs at once,
    a resumed run's first steps come back from the record."""
    with _lock:
        _replaying[workflow_id] = True


def stop_watching_replay(workflow_id: str) -> None:
    with _lock:
        _replaying.pop(workflow_id, None)


def replaying() -> bool:
    """Is the current workflow still going through steps it recorded before (a resume
    catching up), rather than running new ones?"""
    workflow_id = DBOS.workflow_id
    with _lock:
        return workflow_id is not None and _replaying.get(workflow_id, False)


def durable(label: str, fn: Callable[[], T]) -> T:
    """``fn()`` as a recorded step inside a workflow, a plain call outside one."""
    if not in_workflow():
        return fn()
    fault = FaultWatch.lasting()
    if fault is not None:
        # Its result could not be recorded: a seller call would move money unrecorded.
        raise StorageFailure(fault)
    key = uuid.uuid4().hex
    with _lock:
        _calls[key] = fn
    try:
        recorded, value = _durable_step(label, key)
    finally:
        with _lock:
            _calls.pop(key, None)
            ran = key in _executed
            _executed.discard(key)
            _replaying[str(DBOS.workflow_id)] = not ran
    if recorded != label:
        raise ReplayMismatch(f"workflow {DBOS.workflow_id}: the recorded step is {recorded!r} "
                             f"but the run reached {label!r}; it cannot resume safely")
    result: T = value
    return result
