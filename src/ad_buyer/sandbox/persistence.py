"""Durable sandbox state: sellers' quotes, deals, negotiations and change requests.

One JSON file per world, written atomically (temp file + ``os.replace``). The
file carries a schema version and a fingerprint of the world's configuration
(seed, sellers, packages); a file from another world or schema is set aside
and the network starts fresh rather than mixing worlds.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, ValidationError

from ad_buyer.sandbox.auth import KeyRecord
from ad_buyer.sandbox.config import SandboxConfig, SellerSpec
from ad_buyer.sandbox.idempotency import StoredResult
from ad_buyer.sandbox.negotiation_engine import Negotiation
from ad_buyer.sandbox.trading import StoredDeal, StoredQuote
from ad_buyer.sandbox.wire.native import ChangeAnswer
from ad_buyer.storage.home import home_dir

if TYPE_CHECKING:
    from ad_buyer.sandbox.seller_app import SandboxSeller

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2
STATE_FILE = "sandbox-state.json"


class IdempotencyRecord(BaseModel):
    scope: str
    key: str
    fingerprint: str
    status_code: int
    body: Any


class AliasRecord(BaseModel):
    party: str
    ref: str
    negotiation_id: str


class SellerState(BaseModel):
    """Everything a seller has been told or has decided since the world began."""

    counters: dict[str, int] = Field(default_factory=dict)
    idempotency: list[IdempotencyRecord] = Field(default_factory=list)
    quotes: list[StoredQuote] = Field(default_factory=list)
    deals: list[StoredDeal] = Field(default_factory=list)
    negotiations: list[Negotiation] = Field(default_factory=list)
    aliases: list[AliasRecord] = Field(default_factory=list)
    change_requests: list[ChangeAnswer] = Field(default_factory=list)
    api_keys: list[KeyRecord] = Field(default_factory=list)


class SandboxState(BaseModel):
    schema_version: int = SCHEMA_VERSION
    fingerprint: str
    # One id per world's life: a fresh state (no file, or a file set aside) is a new
    # world, whose sellers know none of the keys they issued before.
    world_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    sellers: dict[str, SellerState] = Field(default_factory=dict)


def default_state_path(home: Path | str | None = None) -> Path:
    return home_dir(home) / STATE_FILE


def config_fingerprint(config: SandboxConfig, specs: list[SellerSpec]) -> str:
    """What makes a world: seed, quote TTL, sellers and packages (faults excluded)."""
    world = {
        "seed": config.seed,
        "quote_ttl_seconds": config.quote_ttl_seconds,
        "dialect": config.dialect,
        "sellers": [s.model_dump(mode="json", exclude={"faults"}) for s in specs],
    }
    canonical = json.dumps(world, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def capture(seller: SandboxSeller) -> SellerState:
    trading = seller.trading
    return SellerState(
        counters=dict(seller.ctx.counters),
        idempotency=[IdempotencyRecord(scope=scope, key=key, fingerprint=r.fingerprint,
                                       status_code=r.status_code, body=r.body)
                     for scope, key, r in seller.ctx.idempotency.items()],
        quotes=list(trading.quotes.values()),
        deals=list(trading.deals.values()),
        negotiations=list(trading.negotiations.negotiations.values()),
        aliases=[AliasRecord(party=p, ref=r, negotiation_id=n)
                 for p, r, n in trading.negotiations.aliases()],
        change_requests=list(seller.operations.change_requests.values()),
        api_keys=seller.ctx.keys.records(),
    )


def restore(seller: SandboxSeller, state: SellerState) -> None:
    ctx, trading = seller.ctx, seller.trading
    ctx.counters.update(state.counters)
    for record in state.idempotency:
        ctx.idempotency.restore(record.scope, record.key, StoredResult(
            record.fingerprint, record.status_code, record.body))
    trading.quotes.update({q.quote_id: q for q in state.quotes})
    trading.deals.update({d.deal.deal_id: d for d in state.deals})
    trading.negotiations.restore(state.negotiations,
                                 [(a.party, a.ref, a.negotiation_id) for a in state.aliases])
    seller.operations.change_requests.update(
        {c.change_request_id: c for c in state.change_requests})
    ctx.keys.restore(state.api_keys)


def dump(state: SandboxState) -> str:
    return state.model_dump_json()


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a reader sees the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(path: Path, fingerprint: str) -> SandboxState | None:
    """The saved state of this world, or None (missing, unreadable or another world).

    An unusable file is renamed to ``<name>.stale`` so nothing is silently lost.
    """
    if not path.exists():
        return None
    problem: str | None = None
    state: SandboxState | None = None
    try:
        state = SandboxState.model_validate_json(path.read_bytes())
    except (OSError, ValidationError) as exc:
        problem = f"unreadable ({exc.__class__.__name__})"
    if state is not None and state.schema_version != SCHEMA_VERSION:
        problem = f"schema version {state.schema_version}, expected {SCHEMA_VERSION}"
    elif state is not None and state.fingerprint != fingerprint:
        problem = "it belongs to a sandbox with another seed or seller configuration"
    if problem is None:
        return state
    stale = path.with_name(path.name + ".stale")
    logger.warning("sandbox state %s ignored: %s; starting fresh (old file kept as %s)",
                   path, problem, stale)
    os.replace(path, stale)
    return None
