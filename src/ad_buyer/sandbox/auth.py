"""Who is calling: an API key makes the claimed identity count; no key is public."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from starlette.requests import Request

from ad_buyer.models.buyer_identity import AccessTier, BuyerIdentity


@dataclass(frozen=True)
class Caller:
    authenticated: bool
    identity: BuyerIdentity
    tier: AccessTier

    @property
    def party(self) -> str:
        """A stable key for the buyer (negotiations are per buyer)."""
        i = self.identity
        return f"{self.tier.value}:{i.seat_id}:{i.agency_id}:{i.advertiser_id}"


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


def resolve_caller(request: Request, claimed: Mapping[str, str | None] | None = None, *,
                   demo_seat: str, demo_agency: str,
                   claimed_tier: str | None = None) -> Caller:
    """The caller's tier. ``claimed`` is a body identity; headers fill it when absent.

    A key with no claimed identity is a demo agency (so the seed examples with
    "your-api-key" can negotiate). An agency or advertiser id claimed without a
    seat implies a seat: the tier is what the buyer revealed.
    """
    if api_key(request) is None:
        return Caller(False, BuyerIdentity(), AccessTier.PUBLIC)
    fields = {k: v for k, v in (claimed or {}).items() if v} or header_identity(request)
    known = {k: v for k, v in fields.items() if k in BuyerIdentity.model_fields}
    if not known:
        known = {"seat_id": demo_seat, "agency_id": demo_agency}
    if (known.get("agency_id") or known.get("advertiser_id")) and not known.get("seat_id"):
        known["seat_id"] = demo_seat
    if known.get("advertiser_id") and not known.get("agency_id"):
        known["agency_id"] = demo_agency
    identity = BuyerIdentity(**known)
    tier = identity.get_access_tier()
    if claimed_tier is not None:
        try:
            wanted = AccessTier(claimed_tier)
        except ValueError:
            wanted = tier
        # A claimed tier can only lower what the revealed identity earns.
        if wanted.rank < tier.rank:
            tier = wanted
    return Caller(True, identity, tier)
