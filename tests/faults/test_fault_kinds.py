"""The storage faults are read from the databases' real errors (issue #18): locked and
gone SQLite files, an unreachable Postgres server, an OS error; others are not faults."""

from __future__ import annotations

import errno
import socket
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from ad_buyer.storage.faults import FaultKind, StorageFailure, classify


def test_a_locked_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN EXCLUSIVE")
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.1})
    with pytest.raises(OperationalError) as raised, engine.begin() as connection:
        connection.execute(text("INSERT INTO t VALUES (1)"))
    holder.execute("ROLLBACK")
    fault = classify(raised.value)
    assert fault is not None
    assert fault.kind is FaultKind.LOCKED
    assert StorageFailure(fault, run_id="r1").line() == (
        "Storage failed: the database is locked by another process (database is locked). "
        "Safe next: let the other process finish or stop it, then continue the run with: "
        "ad-buyer resume r1.")


def test_a_gone_sqlite_file(tmp_path: Path) -> None:
    with pytest.raises(sqlite3.OperationalError) as raised:
        sqlite3.connect(f"file:{tmp_path / 'gone' / 'x.db'}?mode=rw", uri=True)
    fault = classify(raised.value)
    assert fault is not None
    assert fault.kind is FaultKind.GONE


def test_an_unreachable_postgres_server() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = create_engine(f"postgresql+psycopg://nobody@127.0.0.1:{port}/x",
                           connect_args={"connect_timeout": 2})
    with pytest.raises(OperationalError) as raised:
        engine.connect()
    fault = classify(raised.value)
    assert fault is not None
    assert fault.kind is FaultKind.GONE


def test_os_errors_and_non_faults() -> None:
    full = classify(OSError(errno.ENOSPC, "No space left on device"))
    assert full is not None
    assert full.kind is FaultKind.FULL
    read_only = classify(OSError(errno.EROFS, "Read-only file system"))
    assert read_only is not None
    assert read_only.kind is FaultKind.READ_ONLY
    assert classify(ValueError("database or disk is full")) is None  # not from a database
    assert classify(sqlite3.IntegrityError("UNIQUE constraint failed: t.x")) is None
