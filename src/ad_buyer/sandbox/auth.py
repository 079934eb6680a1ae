"""Who is calling: an API key makes an identity count; no key is public.

Each seller issues its own keys (``POST /auth/api-keys``, as the reference
seller does) and keeps only their SHA-256. A native-dialect seller is the
lenient demo of PROTOCOL.md's main sections: any key authenticates, and the
identity the buyer claims (body, else headers) sets the tier. A
reference-dialect seller answers 401 to a key it did not issue, and the key's
own identity is the buyer, whatever the body claims.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict
from starlette.requests import Request

from ad_buyer.sandbox.errors import SandboxError
from ad_buyer.sandbox.vocabulary import AccessTier, Dialect

IDENTITY_FIELDS = ("seat_id", "agency_id", "advertiser_id")


class Identity(BaseModel):
    """The ids a buyer revealed; the tier needs every id below it."""

    model_config = ConfigDict(frozen=True)

    seat_id: str | None = None
    agency_id: str | None = None
    advertiser_id: str | None = None

    @property
    def tier(self) -> AccessTier:
        revealed = 0
        for field in IDENTITY_FIELDS:
            if not getattr(self, field):
                break
            revealed += 1
        return list(AccessTier)[revealed]


@dataclass(frozen=True)
class Caller:
    authenticated: bool
    identity: Identity
    tier: AccessTier

    @property
    def party(self) -> str:
        """A stable key for the buyer (negotiations are per buyer)."""
        i = self.identity
        return f"{self.tier.value}:{i.seat_id}:{i.agency_id}:{i.advertiser_id}"


PUBLIC = Caller(False, Identity(), AccessTier.PUBLIC)


class KeyRecord(BaseModel):
    key_id: str
    key_hash: str
    identity: Identity
    label: str = ""


class KeyRing:
    """The API keys one seller issued (hashes only)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._by_hash: dict[str, KeyRecord] = {}

    @staticmethod
    def _hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def issue(self, identity: Identity, label: str = "") -> tuple[KeyRecord, str]:
        key = f"{self.prefix}{secrets.token_urlsafe(32)}"
        record = KeyRecord(key_id=f"key-{secrets.token_hex(4)}", key_hash=self._hash(key),
                           identity=identity, label=label)
        self._by_hash[record.key_hash] = record
        return record, key

    def identity_for(self, key: str) -> Identity | None:
        record = self._by_hash.get(self._hash(key))
        return record.identity if record else None

    def records(self) -> list[KeyRecord]:
        return list(self._by_hash.values())

    def restore(self, records: list[KeyRecord]) -> None:
        self._by_hash.update({r.key_hash: r for r in records})


def api_key(request: Request) -> str | None:
    key = request.headers.get("x-api-key")
    if key:
        return key
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer ") and auth[7:].strip():
        return auth[7:].strip()
    return None


def header_identity(request: Request) -> dict[str, str]:
    pairs = {"seat_id": "x-seat-id", "agency_id": "x-agency-id",
             "advertiser_id": "x-advertiser-id"}
    return {field: request.headers[h] for field, h in pairs.items() if request.headers.get(h)}


def _lowered(tier: AccessTier, claimed_tier: str | None) -> AccessTier:
    """A claimed tier can only lower what the revealed identity earns."""
    try:
        wanted = AccessTier(claimed_tier) if claimed_tier is not None else tier
    except ValueError:
        return tier
    return wanted if wanted.rank < tier.rank else tier


def resolve_caller(request: Request, keys: KeyRing, dialect: Dialect,
                   claimed: Mapping[str, str | None] | None = None, *,
                   demo_seat: str, demo_agency: str,
                   claimed_tier: str | None = None) -> Caller:
    """The caller's tier; see the module docstring for the two dialects.

    Native: a key with no claimed identity is the key's issued identity, else a
    demo agency (so the seed examples with "your-api-key" can negotiate). An
    agency or advertiser id claimed without a seat implies a seat.
    """
    key = api_key(request)
    if key is None:
        return PUBLIC
    issued = keys.identity_for(key)
    if dialect is Dialect.REFERENCE:
        if issued is None:
            raise SandboxError(401, "invalid_api_key", "Invalid or revoked API key.",
                               detail="Invalid or revoked API key")
        return Caller(True, issued, _lowered(issued.tier, claimed_tier))
    fields = {k: v for k, v in (claimed or {}).items() if v} or header_identity(request)
    known = {k: v for k, v in fields.items() if k in IDENTITY_FIELDS}
    if not known:
        identity = issued or Identity(seat_id=demo_seat, agency_id=demo_agency)
        return Caller(True, identity, _lowered(identity.tier, claimed_tier))
    if (known.get("agency_id") or known.get("advertiser_id")) and not known.get("seat_id"):
        known["seat_id"] = demo_seat
    if known.get("advertiser_id") and not known.get("agency_id"):
        known["agency_id"] = demo_agency
    identity = Identity(**known)
    return Caller(True, identity, _lowered(identity.tier, claimed_tier))
