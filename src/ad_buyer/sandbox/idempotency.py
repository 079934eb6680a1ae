"""Idempotency keys: a replay returns the first result; a changed body is 409."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from ad_buyer.sandbox.errors import SandboxError


def fingerprint(body: dict[str, Any]) -> str:
    """Hash of the request body without its idempotency key."""
    rest = {k: v for k, v in body.items() if k != "idempotency_key"}
    canonical = json.dumps(rest, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class StoredResult:
    fingerprint: str
    status_code: int
    body: Any


class IdempotencyStore:
    def __init__(self) -> None:
        self._results: dict[tuple[str, str], StoredResult] = {}

    def lookup(self, scope: str, key: str, body: dict[str, Any]) -> StoredResult | None:
        """The stored result for a replay, None for a new key; 409 on a changed body."""
        stored = self._results.get((scope, key))
        if stored is None:
            return None
        if stored.fingerprint != fingerprint(body):
            raise SandboxError(
                409, "idempotency_conflict",
                f"idempotency_key {key!r} was already used with a different request body",
            )
        return stored

    def save(self, scope: str, key: str, body: dict[str, Any], status_code: int,
             result: Any) -> None:
        self._results[(scope, key)] = StoredResult(fingerprint(body), status_code, result)

    def items(self) -> list[tuple[str, str, StoredResult]]:
        """Every stored result as ``(scope, key, result)`` (for persistence)."""
        return [(scope, key, stored) for (scope, key), stored in self._results.items()]

    def restore(self, scope: str, key: str, stored: StoredResult) -> None:
        self._results[(scope, key)] = stored


def require_key(body: dict[str, Any]) -> str:
    key = body.get("idempotency_key")
    if not isinstance(key, str) or len(key) < 8:
        raise SandboxError(422, "idempotency_key_required",
                           "idempotency_key (a string of at least 8 characters) is required")
    return key
