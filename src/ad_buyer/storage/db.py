"""One SQLAlchemy database for the buyer: a SQLite file by default, any URL.

Each component declares its tables on :class:`Base` in its own module and
calls :meth:`Database.ensure_tables` when it opens a store, which creates
whatever is missing (idempotent).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from ad_buyer.storage.home import home_dir

DEFAULT_DB_ENV = "AD_BUYER_DATABASE_URL"


class Base(DeclarativeBase):
    pass


def default_database_url() -> str:
    """``$AD_BUYER_DATABASE_URL``, else ``<home>/ad_buyer.db``."""
    url = os.environ.get(DEFAULT_DB_ENV)
    if url:
        return url
    return f"sqlite:///{home_dir() / 'ad_buyer.db'}"


class Database:
    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_database_url()
        if self.url.startswith("sqlite:///") and not self.url.startswith("sqlite:///:memory:"):
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.ensure_tables()

    def ensure_tables(self) -> None:
        """Create every table declared so far that the database lacks."""
        Base.metadata.create_all(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
