"""One SQLAlchemy database for the buyer: a SQLite file by default, any URL.

Each component declares its tables on :class:`Base` in its own module and
calls :meth:`Database.ensure_tables` when it opens a store, which creates
whatever is missing (idempotent). Several runs (a worker's) may open the
database at once: table creation is serialized within a process, across
processes on Postgres with a transaction-scoped advisory lock and on SQLite with
the database's write lock (``BEGIN IMMEDIATE``), taken before looking at what exists.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from ad_buyer.storage.faults import FaultWatch
from ad_buyer.storage.home import home_dir

logger = logging.getLogger(__name__)

DEFAULT_DB_ENV = "AD_BUYER_DATABASE_URL"
# pg_advisory_xact_lock key under which ad-buyer creates its tables ("adbuyer1" in ASCII).
_DDL_LOCK_KEY = 0x6164627579657231
_ddl_lock = threading.Lock()


class Base(DeclarativeBase):
    pass


def default_database_url() -> str:
    """``$AD_BUYER_DATABASE_URL``, else ``<home>/ad_buyer.db``."""
    url = os.environ.get(DEFAULT_DB_ENV)
    if url:
        return url
    return f"sqlite:///{home_dir() / 'ad_buyer.db'}"


def with_driver(url: str) -> str:
    """A Postgres URL without a driver gets psycopg (3), the driver ad-buyer ships with."""
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    return url


class Database:
    def __init__(self, url: str | None = None) -> None:
        self.url = with_driver(url or default_database_url())
        if self.url.startswith("sqlite:///") and not self.url.startswith("sqlite:///:memory:"):
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        FaultWatch.install()  # storage faults of this and every later engine are noted
        self.engine: Engine = create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._ensured: frozenset[str] = frozenset()
        self.ensure_tables()

    def ensure_tables(self) -> None:
        """Create every table declared so far that the database lacks (checked once per
        table per ``Database``), under a lock that spans processes: a Postgres advisory lock,
        SQLite's write lock."""
        declared = frozenset(Base.metadata.tables)
        if declared <= self._ensured:
            return
        with _ddl_lock, self.engine.begin() as connection:
            if self.engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                   {"key": _DDL_LOCK_KEY})
            elif self.engine.dialect.name == "sqlite":
                # The write lock first: another process creating the tables is waited
                # for, and its tables are then seen and skipped (SQLite's DDL is
                # transactional).
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            Base.metadata.create_all(connection)
        self._ensured = declared

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


WAL_SWITCH_TRIES = 100


def _switch_to_wal(cursor: Any) -> None:
    import sqlite3
    import time

    # Several processes opening a fresh file at once all switch it to WAL, an exclusive
    # lock the busy timeout does not always wait for: a locked switch is tried again.
    for attempt in range(WAL_SWITCH_TRIES):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WAL_SWITCH_TRIES - 1:
                raise
            time.sleep(0.05)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def use_wal(url: str) -> None:
    """Put the SQLite file at ``url`` (created if missing) in WAL mode, which the file
    keeps for every later connection; other URLs are left alone.

    A commit in the default rollback journal writes, syncs and deletes a journal file
    and waits on every reader; in WAL it appends and syncs once (``synchronous`` stays
    FULL, so a commit is as durable as before) and readers do not block it. A file that
    cannot be switched now (another process holds it) keeps working as it is.
    """
    import sqlite3

    if not url.startswith("sqlite:///") or url.startswith("sqlite:///:memory:"):
        return
    path = Path(url.removeprefix("sqlite:///"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=5.0)
        try:
            _switch_to_wal(connection.cursor())
        finally:
            connection.close()
    except (OSError, sqlite3.Error) as exc:
        logger.debug("could not put %s in WAL mode (%s); it keeps its journal", path, exc)
