"""Is the process that owns a run's workflow still running?

DBOS records which executor runs a workflow, not whether it is alive. Each process's
executor id is ``host/token:pid`` (:func:`process_token`: random, new in every
process, kept nowhere), so two processes never share one, even containers started
under one ``--hostname`` each as pid 1. On Postgres every durable process holds a
session advisory lock named after its executor id for as long as it runs
(:func:`executor_lease`), and the server frees it when the process dies, so any
process, on any host or in any container, can test it: that lease is the answer.
A SQLite database lives on one machine: there a process on this host is checked by
its pid, and an executor on another host cannot be using it. Ids without a token
(``host:pid``, from earlier versions) are checked as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import socket
import uuid
from collections.abc import Iterator

from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

logger = logging.getLogger(__name__)


_tokens: dict[int, str] = {}


def process_token() -> str:
    """This process's random token (a forked child gets its own)."""
    pid = os.getpid()
    if pid not in _tokens:
        _tokens[pid] = uuid.uuid4().hex[:12]
    return _tokens[pid]


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
                # Ids carry a random token per process: this is not expected.
                logger.warning("another live process uses executor id %s", executor)
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
    host, _, token = host.partition("/")
    if token:
        if token == process_token() and pid == str(os.getpid()):
            return True  # this process
        if _is_postgres(db_url):
            assert db_url is not None
            return _holds_lease(db_url, executor)
        if host != socket.gethostname() or pid == str(os.getpid()):
            return False  # another machine's, or a process gone whose pid is now ours
    elif host != socket.gethostname():
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
