"""Storage that stops working under a command: the disk is full, the database is
read-only, locked, or gone.

:func:`classify` reads a fault from an exception (SQLite's and Postgres's own
errors, wherever SQLAlchemy or DBOS wrapped them, and ``OSError`` numbers);
:class:`FaultWatch` notes the first fault any SQLAlchemy engine of the process hit
(the buyer's and DBOS's alike), so a command waiting on a run can see that the run
can no longer record anything and stop, instead of waiting for a status that will
not change. :class:`StorageFailure` carries the one line a command prints.
"""

from __future__ import annotations

import errno
import logging
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

logger = logging.getLogger(__name__)

# The exit code of a command stopped by its storage (EX_TEMPFAIL: try again later).
STORAGE_EXIT = 75
# How long a full or read-only database counts as still failing after its last error.
RECENT_S = 10.0


class FaultKind(StrEnum):
    FULL = "full"
    READ_ONLY = "read-only"
    LOCKED = "locked"
    GONE = "gone"


# Faults that do not clear by themselves (a lock may be released, a server come back).
LASTING = (FaultKind.FULL, FaultKind.READ_ONLY)
_CAUSE = {
    FaultKind.FULL: "the disk holding the database is full",
    FaultKind.READ_ONLY: "the database is read-only",
    FaultKind.LOCKED: "the database is locked by another process",
    FaultKind.GONE: "the database cannot be reached (its file or server is gone)",
}
_FIX = {
    FaultKind.FULL: "free space on that disk",
    FaultKind.READ_ONLY: "make the database and its folder writable",
    FaultKind.LOCKED: "let the other process finish or stop it",
    FaultKind.GONE: "bring the database back",
}
# SQLite's messages (sqlite3 carries no error code before Python 3.11's sqlite_errorcode,
# and SQLAlchemy rewraps it) and Postgres's SQLSTATEs.
_SQLITE = (
    ("database or disk is full", FaultKind.FULL),
    ("attempt to write a readonly database", FaultKind.READ_ONLY),
    ("readonly database", FaultKind.READ_ONLY),
    ("database is locked", FaultKind.LOCKED),
    ("database table is locked", FaultKind.LOCKED),
    ("unable to open database file", FaultKind.GONE),
    ("disk i/o error", FaultKind.GONE),
    ("file is not a database", FaultKind.GONE),
)
_SQLSTATE = {
    "53100": FaultKind.FULL,  # disk_full
    "53200": FaultKind.FULL,  # out_of_memory
    "25006": FaultKind.READ_ONLY,  # read_only_sql_transaction
    "55P03": FaultKind.LOCKED,  # lock_not_available
    "57P01": FaultKind.GONE,  # admin_shutdown
    "57P02": FaultKind.GONE,  # crash_shutdown
    "57P03": FaultKind.GONE,  # cannot_connect_now
    "3D000": FaultKind.GONE,  # invalid_catalog_name
}
_ERRNO = {
    errno.ENOSPC: FaultKind.FULL,
    errno.EDQUOT: FaultKind.FULL,
    errno.EROFS: FaultKind.READ_ONLY,
    errno.EACCES: FaultKind.READ_ONLY,
}


@dataclass(frozen=True)
class StorageFault:
    kind: FaultKind
    detail: str  # the database's own words, one line

    @property
    def cause(self) -> str:
        return _CAUSE[self.kind]

    @property
    def fix(self) -> str:
        return _FIX[self.kind]


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        todo += [current.__cause__, current.__context__,
                 orig if isinstance(orig, BaseException) else None]


def _one_of(exc: BaseException) -> StorageFault | None:
    if isinstance(exc, StorageFailure):
        return exc.fault
    first_line = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
    sqlstate = getattr(exc, "sqlstate", None)
    if isinstance(sqlstate, str):
        if sqlstate in _SQLSTATE:
            return StorageFault(_SQLSTATE[sqlstate], first_line)
        if sqlstate.startswith("08"):  # connection_exception
            return StorageFault(FaultKind.GONE, first_line)
    module = type(exc).__module__
    if module.startswith("sqlite3"):
        lowered = first_line.lower()
        for text, kind in _SQLITE:
            if text in lowered:
                return StorageFault(kind, first_line)
    if module.startswith("psycopg") and type(exc).__name__ == "OperationalError" \
            and sqlstate is None:
        return StorageFault(FaultKind.GONE, first_line)  # no server answered at all
    if isinstance(exc, OSError) and exc.errno in _ERRNO:
        return StorageFault(_ERRNO[exc.errno], first_line)
    return None


def _refined(fault: StorageFault, sqlite_path: str | None) -> StorageFault:
    """SQLite says "unable to open database file" (or "disk I/O error") for a file that is
    gone and for a folder it cannot write its journal in: the file system tells which."""
    if fault.kind is not FaultKind.GONE or not sqlite_path or sqlite_path == ":memory:":
        return fault
    folder = Path(sqlite_path).parent
    try:
        stats = os.statvfs(folder)
    except OSError:
        return fault  # the folder is gone
    if stats.f_flag & os.ST_RDONLY or not os.access(folder, os.W_OK):
        return StorageFault(FaultKind.READ_ONLY, fault.detail)
    if stats.f_bavail == 0:
        return StorageFault(FaultKind.FULL, fault.detail)
    return fault


def classify(exc: BaseException) -> StorageFault | None:
    """The storage fault behind ``exc`` (anywhere in its chain), if it is one."""
    for link in _chain(exc):
        fault = _one_of(link)
        if fault is not None:
            return fault
    return None


class StorageFailure(Exception):
    """A command cannot go on: its storage failed. ``line()`` is what it prints."""

    def __init__(self, fault: StorageFault, *, run_id: str | None = None) -> None:
        self.fault = fault
        self.run_id = run_id
        super().__init__(self.line())

    def line(self) -> str:
        if self.run_id:
            then = f"then continue the run with: ad-buyer resume {self.run_id}"
        else:
            then = "then run the command again"
        return (f"Storage failed: {self.fault.cause} ({self.fault.detail}). "
                f"Safe next: {self.fault.fix}, {then}.")


class QuietStorageFaults(logging.Filter):
    """Drops log records about a storage fault (its traceback, or a library's message
    quoting the database's words): the command ends with one line saying it. At debug
    level they are kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        if logging.getLogger().getEffectiveLevel() <= logging.DEBUG:
            return True
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and classify(error) is not None:
            return False
        message = record.getMessage().lower()
        return not any(text in message for text, _ in _SQLITE)


class FaultWatch:
    """The storage faults any SQLAlchemy engine of this process hit since :meth:`clear`,
    the latest of each kind (a lock that cleared on a retry is noted too: readers
    decide what a fault means for them)."""

    _lock = threading.Lock()
    # kind -> (the fault, first noted, last noted), in time.monotonic()
    _seen: dict[FaultKind, tuple[StorageFault, float, float]] = {}  # noqa: RUF012
    _installed = False

    @classmethod
    def install(cls) -> None:
        """Listen to every SQLAlchemy engine of the process, those made later included
        (done by :class:`~ad_buyer.storage.db.Database`)."""
        from sqlalchemy import Engine, event

        with cls._lock:
            if not cls._installed:
                event.listen(Engine, "handle_error", cls._on_error)
                cls._installed = True

    @classmethod
    def _on_error(cls, context: object) -> None:
        original = getattr(context, "original_exception", None)
        fault = classify(original) if isinstance(original, BaseException) else None
        if fault is None:
            return
        engine = getattr(context, "engine", None)
        url = getattr(engine, "url", None)
        if url is not None and url.get_backend_name() == "sqlite":
            fault = _refined(fault, url.database)
        now = time.monotonic()
        with cls._lock:
            if fault.kind not in cls._seen:
                logger.warning("storage fault: %s (%s)", fault.cause, fault.detail)
                cls._seen[fault.kind] = (fault, now, now)
            else:
                first = cls._seen[fault.kind]
                cls._seen[fault.kind] = (first[0], first[1], now)

    @classmethod
    def worst(cls) -> tuple[StorageFault, float] | None:
        """The fault that matters most (a lock only when nothing worse happened) and when
        (``time.monotonic()``) it was first noted."""
        with cls._lock:
            for kind in (FaultKind.FULL, FaultKind.READ_ONLY, FaultKind.GONE, FaultKind.LOCKED):
                if kind in cls._seen:
                    fault, first, _ = cls._seen[kind]
                    return fault, first
        return None

    @classmethod
    def lasting(cls, within_s: float = RECENT_S) -> StorageFault | None:
        """A fault that does not clear by itself (full, read-only) noted in the last
        ``within_s`` seconds: nothing written now would be recorded."""
        now = time.monotonic()
        with cls._lock:
            for kind in LASTING:
                if kind in cls._seen and now - cls._seen[kind][2] <= within_s:
                    return cls._seen[kind][0]
        return None

    @classmethod
    def clear(cls) -> None:
        with cls._lock:
            cls._seen.clear()
