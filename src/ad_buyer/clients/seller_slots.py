"""At most N requests in flight per seller, across every process sharing a database.

A campaign run talks to many sellers, and several runs (in several workers, on
several machines) may talk to the same seller at once. The limit is on what a
seller sees: how many requests from this buyer it is serving at the same time.
Every request :class:`~ad_buyer.clients.http.JsonHttp` sends holds one of its
seller's N slots while it is in flight.

A slot is a lock that is freed by whoever holds the other end when its holder
dies, so a crashed worker never keeps a seller's slot:

- Postgres: a session advisory lock (``pg_try_advisory_lock``), on one
  connection per process; the server frees it when the connection drops.
- SQLite (one machine): ``flock`` on a file next to the database file; the
  kernel frees it when the process exits.

A process installs the gate for its database (:func:`installed`; the durable
engine does, so ``ad-buyer run``, ``resume`` and ``worker`` all count); with no
gate installed (a library call, a test) requests are not limited. Every process
must use the same limit (``AD_BUYER_SELLER_CONCURRENCY``): a process with a
larger N may take slots the others never look at.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import random
import threading
from collections.abc import AsyncIterator, Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from ad_buyer.clients.credentials import KeyStoreError, seller_base

logger = logging.getLogger(__name__)

SELLER_CONCURRENCY_ENV = "AD_BUYER_SELLER_CONCURRENCY"
DEFAULT_PER_SELLER = 4
_FIRST_WAIT_S = 0.005
_LONGEST_WAIT_S = 0.1


class SlotBackend(Protocol):
    """Cross-process locks named by (seller, slot index)."""

    def try_lock(self, seller: str, index: int) -> bool: ...

    def unlock(self, seller: str, index: int) -> None: ...

    def close(self) -> None: ...


def _digest(seller: str, index: int) -> bytes:
    return hashlib.blake2b(f"{seller}#{index}".encode(), digest_size=8,
                           person=b"adb-seller-slot").digest()


class PostgresSlots:
    """Session advisory locks on one connection (serialized: the session is shared)."""

    def __init__(self, url: str) -> None:
        self._engine = create_engine(url, poolclass=NullPool)
        self._connection: Connection | None = None
        self._lock = threading.Lock()

    @staticmethod
    def key(seller: str, index: int) -> int:
        return int.from_bytes(_digest(seller, index), "big", signed=True)

    def _session(self) -> Connection:
        if self._connection is None or self._connection.closed:
            self._connection = self._engine.connect().execution_options(
                isolation_level="AUTOCOMMIT")
        return self._connection

    def _call(self, sql: str, seller: str, index: int) -> bool:
        with self._lock:
            try:
                return bool(self._session().execute(
                    text(sql), {"key": self.key(seller, index)}).scalar())
            except SQLAlchemyError:
                # A dropped session has dropped its locks too: start a new one.
                logger.warning("seller slot lock failed; reconnecting", exc_info=True)
                self._drop()
                return False

    def _drop(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(SQLAlchemyError):
                self._connection.close()
            self._connection = None

    def try_lock(self, seller: str, index: int) -> bool:
        return self._call("SELECT pg_try_advisory_lock(:key)", seller, index)

    def unlock(self, seller: str, index: int) -> None:
        if not self._call("SELECT pg_advisory_unlock(:key)", seller, index):
            logger.warning("seller slot %s#%d was not held at unlock", seller, index)

    def close(self) -> None:
        with self._lock:
            self._drop()
        self._engine.dispose()


class FileSlots:
    """``flock`` on one file per (seller, slot) in ``folder``."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._open: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def try_lock(self, seller: str, index: int) -> bool:
        import fcntl

        path = self.folder / f"{_digest(seller, 0).hex()}-{index}.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        with self._lock:
            self._open[(seller, index)] = fd
        return True

    def unlock(self, seller: str, index: int) -> None:
        import fcntl

        with self._lock:
            fd = self._open.pop((seller, index))
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def close(self) -> None:
        with self._lock:
            held = list(self._open.values())
            self._open.clear()
        for fd in held:
            os.close(fd)


_holding: ContextVar[frozenset[str]] = ContextVar("ad_buyer_seller_slots", default=frozenset())


def seller_key(seller_url: str) -> str:
    """The seller a request counts against: its canonical base URL."""
    try:
        return seller_base(seller_url)
    except KeyStoreError:
        return seller_url.strip().rstrip("/")


class SellerSlots:
    """At most ``per_seller`` requests in flight per seller, through ``backend``."""

    def __init__(self, backend: SlotBackend, per_seller: int) -> None:
        if per_seller < 1:
            raise ValueError("per_seller must be at least 1")
        self.backend = backend
        self.per_seller = per_seller
        self._held: set[tuple[str, int]] = set()
        self._lock = threading.Lock()

    def _try(self, seller: str) -> int | None:
        # This process's own slots are checked here: a Postgres session re-enters its
        # own advisory locks, so the backend alone would let two local requests share one.
        with self._lock:
            for index in range(self.per_seller):
                if (seller, index) in self._held:
                    continue
                if self.backend.try_lock(seller, index):
                    self._held.add((seller, index))
                    return index
        return None

    def _release(self, seller: str, index: int) -> None:
        with self._lock:
            self._held.discard((seller, index))
            self.backend.unlock(seller, index)

    async def acquire(self, seller: str) -> int:
        """Wait for a free slot of ``seller``; returns its index."""
        wait = _FIRST_WAIT_S
        while True:
            index = await asyncio.to_thread(self._try, seller)
            if index is not None:
                return index
            await asyncio.sleep(wait * random.uniform(0.5, 1.5))
            wait = min(wait * 1.5, _LONGEST_WAIT_S)

    @contextlib.asynccontextmanager
    async def hold(self, seller_url: str) -> AsyncIterator[None]:
        """One slot of the request's seller, for the body (re-entrant within a task)."""
        seller = seller_key(seller_url)
        held = _holding.get()
        if seller in held:
            yield
            return
        index = await self.acquire(seller)
        token = _holding.set(held | {seller})
        try:
            yield
        finally:
            _holding.reset(token)
            await asyncio.to_thread(self._release, seller, index)

    def close(self) -> None:
        self.backend.close()


def per_seller_limit(env: Mapping[str, str] | None = None) -> int:
    """``$AD_BUYER_SELLER_CONCURRENCY``, else the default."""
    raw = (env if env is not None else os.environ).get(SELLER_CONCURRENCY_ENV)
    if raw is None or not raw.strip():
        return DEFAULT_PER_SELLER
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(f"{SELLER_CONCURRENCY_ENV} must be a whole number, got {raw!r}") \
            from exc
    if value < 1:
        raise ValueError(f"{SELLER_CONCURRENCY_ENV} must be at least 1, got {value}")
    return value


def backend_for(db_url: str) -> SlotBackend:
    """Advisory locks for a Postgres database, lock files beside a SQLite file."""
    if db_url.startswith(("postgresql", "postgres")):
        return PostgresSlots(db_url)
    if db_url.startswith("sqlite:///") and not db_url.startswith("sqlite:///:memory:"):
        file = Path(db_url.removeprefix("sqlite:///"))
        return FileSlots(file.with_name(f"{file.stem}.seller-slots"))
    raise ValueError(f"seller slots need a Postgres database or a SQLite file, not {db_url!r}")


_installed: SellerSlots | None = None


@contextlib.contextmanager
def installed(db_url: str, per_seller: int) -> Iterator[SellerSlots]:
    """Limit this process's seller requests through ``db_url``'s slots for the body."""
    global _installed
    gate = SellerSlots(backend_for(db_url), per_seller)
    previous, _installed = _installed, gate
    try:
        yield gate
    finally:
        _installed = previous
        gate.close()


@contextlib.asynccontextmanager
async def seller_slot(seller_url: str) -> AsyncIterator[None]:
    """Hold a slot of ``seller_url``'s seller if this process limits them."""
    gate = _installed
    if gate is None:
        yield
        return
    async with gate.hold(seller_url):
        yield
