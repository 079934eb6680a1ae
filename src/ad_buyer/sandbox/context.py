"""What every part of one sandbox seller shares: spec, clock, ids, keys, RNG seeds."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from ad_buyer.sandbox.auth import Caller, KeyRing, resolve_caller
from ad_buyer.sandbox.config import SandboxConfig, SellerSpec
from ad_buyer.sandbox.errors import SandboxError, summarize, validation_list
from ad_buyer.sandbox.faults import FaultInjector
from ad_buyer.sandbox.idempotency import IdempotencyStore
from ad_buyer.sandbox.vocabulary import Dialect

Clock = Callable[[], datetime]
ModelT = TypeVar("ModelT", bound=BaseModel)

KEY_PREFIX = {Dialect.NATIVE: "sbx_", Dialect.REFERENCE: "ask_live_"}


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class SellerContext:
    spec: SellerSpec
    config: SandboxConfig
    url: str
    faults: FaultInjector
    clock: Clock = utc_now
    peer_ids: list[str] = field(default_factory=list)
    idempotency: IdempotencyStore = field(default_factory=IdempotencyStore)
    counters: dict[str, int] = field(default_factory=dict)  # last id issued per prefix
    keys: KeyRing = field(default_factory=lambda: KeyRing("sbx_"))

    def __post_init__(self) -> None:
        self.keys.prefix = KEY_PREFIX[self.dialect]

    @property
    def seller_id(self) -> str:
        return self.spec.seller_id

    @property
    def dialect(self) -> Dialect:
        return self.spec.dialect

    @property
    def reference(self) -> bool:
        return self.spec.dialect is Dialect.REFERENCE

    def new_id(self, prefix: str) -> str:
        number = self.counters.get(prefix, 0) + 1
        self.counters[prefix] = number
        return f"{prefix}-{self.seller_id}-{number:05d}"

    def rng(self, *parts: object) -> random.Random:
        """A seeded RNG for one decision, e.g. ``rng("deal", deal_id)``."""
        return random.Random(":".join(str(p) for p in (self.config.seed, self.seller_id,
                                                       *parts)))

    def caller(self, request: Request, claimed: dict[str, Any] | None = None,
               claimed_tier: str | None = None) -> Caller:
        return resolve_caller(request, self.keys, self.dialect, claimed,
                              demo_seat=self.config.demo_seat_id,
                              demo_agency=self.config.demo_agency_id,
                              claimed_tier=claimed_tier)

    def validate(self, model: type[ModelT], body: Any) -> ModelT:
        """Parse a request body; 422 in this seller's dialect, naming the fields."""
        try:
            return model.model_validate(body)
        except ValidationError as exc:
            problems = exc.errors()
            detail = validation_list(problems) if self.reference else None
            raise SandboxError(422, "validation_error", summarize(problems),
                               detail=detail) from exc


async def json_body(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError as exc:
        raise SandboxError(400, "invalid_json", "request body is not valid JSON") from exc
    if not isinstance(body, dict):
        raise SandboxError(422, "validation_error", "request body must be a JSON object")
    return body
