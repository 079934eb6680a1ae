"""A seller's negotiation answers, in every shape seed 004 and the sellers use.

A round's answer comes in two documented shapes, on either route, flat or nested
under ``round``:

- ``{"seller_price": 32, "action": "counter"}`` (seed 004's counters; the
  reference seller's proposals form adds ``status``, ``rounds_remaining``; the
  messages form nests them under ``round`` with Money prices);
- ``{"status": "accepted", "deal_price": 28}`` (a seller confirming the deal;
  ``{"status": "declined"}`` ending it), the IAB reference buyer's own tests.

:func:`read_reply` reads all of them into one :class:`Reply`. With no
``action``, the status says it: ``accepted`` is an accept, a closed status a
reject, anything else a counter. A price may be a number or Money; a counter
without a price is malformed. An accept with no price confirms the price we
accepted at.

:func:`read_state` reads ``GET /proposals/{id}/negotiation`` (the reference
seller's negotiation status): where a negotiation stands, for a resumed run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ad_buyer.models.money import Money, micros_to_float

CLOSED_STATUSES = frozenset({"rejected", "declined", "closed", "walked_away", "cancelled"})
ACCEPTED_STATUSES = frozenset({"accepted", "agreed", "confirmed", "deal_confirmed"})
SELLER_ACTIONS = frozenset({"counter", "final_offer", "accept", "reject"})
_PRICE_FIELDS = ("seller_price", "deal_price", "current_price", "final_price",
                 "proposed_price")


class ReplyError(ValueError):
    """The answer is not a negotiation reply in any known shape."""


@dataclass(frozen=True, slots=True)
class Reply:
    """One seller answer, whichever wire form and shape carried it."""

    negotiation_id: str
    round_number: int
    action: str
    seller_price: float
    rounds_remaining: int
    reason: str
    status: str = ""

    @property
    def closes(self) -> bool:
        return self.action == "reject" or self.status in CLOSED_STATUSES


def _price(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dict):
        try:
            return micros_to_float(Money.model_validate(value).amount_micros)
        except ValueError as exc:
            raise ReplyError(f"unreadable price {value!r}") from exc
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError as exc:
            raise ReplyError(f"unreadable price {value!r}") from exc
    raise ReplyError(f"unreadable price {value!r}")


def _flat(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ReplyError(f"expected a JSON object, got {type(body).__name__}")
    nested = body.get("round")
    counter_terms = body.get("counter_terms")
    flat = dict(body)
    for inner in (counter_terms, nested):
        if isinstance(inner, dict):
            flat.update({k: v for k, v in inner.items() if v is not None})
    return flat


def _action(flat: dict[str, Any], status: str) -> str:
    action = str(flat.get("action") or "").lower()
    if action in SELLER_ACTIONS:
        return action
    if action in ("accepted", "confirmed"):
        return "accept"
    if action in ("decline", "declined", "rejected", "walk_away"):
        return "reject"
    if action:
        raise ReplyError(f"unknown seller action {action!r}")
    if status in ACCEPTED_STATUSES:
        return "accept"
    if status in CLOSED_STATUSES:
        return "reject"
    return "counter"


def read_reply(body: Any, *, sent_price: float | None, last_seller_price: float) -> Reply:
    """The seller's answer to a message in which we offered (or accepted) ``sent_price``."""
    flat = _flat(body)
    status = str(flat.get("status") or "").lower()
    action = _action(flat, status)
    price = next((p for p in (_price(flat.get(f)) for f in _PRICE_FIELDS) if p is not None),
                 None)
    if price is None:
        if action == "accept" and sent_price is not None:
            price = sent_price  # the seller confirms the price we accepted
        elif action == "reject":
            price = last_seller_price
        else:
            raise ReplyError(f"a {action} with no seller_price")
    if price <= 0 and action != "reject":
        raise ReplyError(f"a {action} at a non-positive price {price}")
    try:
        round_number = int(flat.get("round_number") or 0)
        remaining = int(flat.get("rounds_remaining") or 0)
    except (TypeError, ValueError) as exc:
        raise ReplyError(f"unreadable round numbers: {exc}") from exc
    return Reply(negotiation_id=str(flat.get("negotiation_id") or ""),
                 round_number=round_number, action=action, seller_price=price,
                 rounds_remaining=remaining,
                 reason=str(flat.get("reason") or flat.get("rationale") or ""), status=status)


@dataclass(frozen=True)
class NegotiationState:
    """Where a negotiation stands at the seller (``GET /proposals/{id}/negotiation``)."""

    status: str
    rounds: int
    negotiation_id: str | None = None
    agreed_price: float | None = None

    @property
    def accepted(self) -> bool:
        return self.status in ACCEPTED_STATUSES

    @property
    def ended(self) -> bool:
        return self.status in CLOSED_STATUSES


def read_state(body: Any) -> NegotiationState:
    """The negotiation status: accepted ones carry the price of their last round (the
    reference seller books a negotiated quote at exactly that price)."""
    if not isinstance(body, dict):
        raise ReplyError(f"expected a JSON object, got {type(body).__name__}")
    status = str(body.get("status") or "").lower()
    listed = body.get("rounds")
    rounds: list[Any] = listed if isinstance(listed, list) else []
    agreed: float | None = None
    if status in ACCEPTED_STATUSES:
        agreed = _price(body.get("deal_price")) or _price(body.get("final_price"))
        if agreed is None and rounds and isinstance(rounds[-1], dict):
            agreed = _price(rounds[-1].get("seller_price"))
        if agreed is None:
            raise ReplyError("an accepted negotiation without its agreed price")
    total = body.get("total_rounds")
    return NegotiationState(status=status, rounds=int(total) if isinstance(total, int)
                            else len(rounds),
                            negotiation_id=body.get("negotiation_id"), agreed_price=agreed)
