"""Is the process that owns a run's workflow still running?

DBOS records which executor (``host:pid``) runs a workflow, not whether it is
alive. A process on this host is checked by its pid. A process on another host
can only be checked through the database they share: on Postgres every durable
process holds a session advisory lock named after its executor id for as long as
it runs (:func:`executor_lease`), and the server frees it when the process dies,
so another process can test it. A SQLite database lives on one machine: an
executor on another host cannot be using it.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import socket
from collections.abc import Iterator

from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

logger = logging.getLogger(__name__)


def _is_postgres(db_url: str | None) -> bool:
    return bool(db_url) and str(db_url).startswith(("postgresql", "postgres"))


def lease_key(executor: str) -> int:
    digest = hashlib.blake2b(executor.encode(), digest_size=8, person=b"adb-executor").digest()
    return int.from_bytes(digest, "big", signed=True)


@contextlib.contextmanager
def executor_lease(db_url: str, executor: str) -> Iterator[None]:
    """Hold ``executor``'s lease on a Postgres database for the body (no-op elsewhere)."""
    if not _is_postgres(db_url):
        yield
        return
    engine = create_engine(db_url, poolclass=NullPool)
    key = {"key": lease_key(executor)}
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as session:
            held = session.execute(text("SELECT pg_try_advisory_lock(:key)"), key).scalar()
            if not held:
                # Two live processes with one host:pid (containers sharing a hostname):
                # each still runs, but they cannot be told apart.
                logger.warning("another live process uses executor id %s: give each "
                               "machine or container its own hostname", executor)
            try:
                yield
            finally:
                # Released now, not when the server notices the closed session.
                with contextlib.suppress(SQLAlchemyError):
                    session.execute(text("SELECT pg_advisory_unlock(:key)"), key)
    finally:
        engine.dispose()


def _holds_lease(db_url: str, executor: str) -> bool:
    engine = create_engine(db_url, poolclass=NullPool)
    key = {"key": lease_key(executor)}
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as session:
            free = bool(session.execute(text("SELECT pg_try_advisory_lock(:key)"), key).scalar())
            if free:
                session.execute(text("SELECT pg_advisory_unlock(:key)"), key)
            return not free
    except SQLAlchemyError:
        logger.warning("cannot check whether executor %s is alive", executor, exc_info=True)
        return True  # unknown: never report a run someone may be running as interrupted
    finally:
        engine.dispose()


def executor_alive(executor: str | None, db_url: str | None = None) -> bool:
    """Is the process that owns a workflow still running?"""
    if not executor or ":" not in executor:
        return False
    host, _, pid = executor.rpartition(":")
    if host != socket.gethostname():
        return db_url is not None and _is_postgres(db_url) and _holds_lease(db_url, executor)
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
