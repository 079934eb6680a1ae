"""Idempotency keys for the API's POSTs that can move money.

A request sent again with the same ``Idempotency-Key`` (and the same method, path
and body) gets the first answer back and does nothing more. The same key with a
different request is refused (422); a key whose first request is still in flight is
answered 409. Keys are stored hashed, in the buyer's database.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import DateTime, Integer, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from ad_buyer.storage.db import Base, Database

IN_FLIGHT = -1


class IdempotencyRow(Base):
    __tablename__ = "api_idempotency_keys"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer, default=IN_FLIGHT)
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class KeyReused(Exception):
    """The key was used for a different request."""


class KeyInFlight(Exception):
    """The key's first request has not finished."""


def _sha(text: str | bytes) -> str:
    return hashlib.sha256(text if isinstance(text, bytes) else text.encode()).hexdigest()


class IdempotencyStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        db.ensure_tables()

    def begin(self, key: str, method: str, path: str, body: bytes) -> tuple[int, str] | None:
        """Reserve ``key`` for this request: None if it is new (go ahead), or the stored
        (status, body) of the first answer. Raises KeyReused or KeyInFlight."""
        key_hash = _sha(key)
        request_hash = _sha(f"{method} {path} ".encode() + body)
        try:
            with self.db.session() as s:
                s.add(IdempotencyRow(key_hash=key_hash, request_hash=request_hash,
                                     created_at=datetime.now(UTC)))
            return None
        except IntegrityError:
            pass
        with self.db.session() as s:
            row = s.scalars(select(IdempotencyRow).where(
                IdempotencyRow.key_hash == key_hash)).one()
            if row.request_hash != request_hash:
                raise KeyReused(key)
            if row.status_code == IN_FLIGHT:
                raise KeyInFlight(key)
            return row.status_code, row.body

    def finish(self, key: str, status_code: int, body: str) -> None:
        with self.db.session() as s:
            row = s.get(IdempotencyRow, _sha(key))
            if row is not None:
                row.status_code, row.body = status_code, body

    def release(self, key: str) -> None:
        """Forget a key whose request failed before doing anything (it may be retried)."""
        with self.db.session() as s:
            row = s.get(IdempotencyRow, _sha(key))
            if row is not None:
                s.delete(row)
