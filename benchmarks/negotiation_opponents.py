"""Seller negotiation tactics the project did not write, served over HTTP.

Written for the benchmark, from the literature and from PROTOCOL.md, sharing
no code with ``ad_buyer`` (its sandbox personas included). Every seller has
its own private reservation price, opening ask and deadline; none of them
reads anything about the buyer but the offers it receives.

- **Time-dependent tactics** (Faratin, Sierra & Jennings 1998, "Negotiation
  decision functions for autonomous agents"): the seller's offer at round t of
  a deadline T is ``res + (1 - alpha(t)) (open - res)`` with
  ``alpha(t) = kappa + (1 - kappa) (t / T) ** (1 / e)``; ``e < 1`` is
  Boulware (holds, then concedes late), ``e > 1`` Conceder, ``e = 1`` linear.
- **Tit-for-tat** (the same paper's behaviour-dependent tactics, delta = 1):
  *relative* scales its last offer by the buyer's last relative concession,
  *absolute* concedes as much as the buyer's last move; both open with a small
  step before the buyer has moved twice, and stay within [res, open].
- **Tier concession schedule** (PROTOCOL.md, the reference seller): concede at
  most a per-round share of the opening ask, never more than a total share,
  never below the floor: public 3 rounds / 3% / 8%, seat 4 / 4% / 12%,
  agency 5 / 5% / 15%, advertiser 6 / 6% / 20%.

Acceptance (Faratin's rule, for every tactic): the seller accepts an offer at
least as good as the counter it would make next. Its last counter before the
deadline is a ``final_offer``; one more offer below its next ask ends the
negotiation (``reject``).

The HTTP form is the reference seller's: ``POST /proposals/{id}/counter``
with ``{buyer_price}`` (or ``{action: accept}`` / ``{action: decline}``),
answered ``{negotiation_id, round_number, action, seller_price, status,
rounds_remaining, reason}``. The newer messages route answers 405, as a
seller that does not serve it would.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

CENT = 0.01


def cents(price: float) -> float:
    return round(price + 1e-9, 2)


class Tactic(Protocol):
    name: str
    reservation: float
    opening: float
    deadline: int  # the most offers the seller takes

    @property
    def lowest(self) -> float:
        """The lowest price the seller would ever agree to."""

    def ask_after(self, offers: list[float], asks: list[float]) -> float:
        """The counter after the buyer's offers so far (asks[0] is the opening ask)."""


@dataclass
class TimeDependent:
    name: str
    reservation: float
    opening: float
    deadline: int
    e: float
    kappa: float = 0.0

    @property
    def lowest(self) -> float:
        return self.reservation  # its offer at the deadline

    def ask_after(self, offers: list[float], asks: list[float]) -> float:
        t = min(len(offers), self.deadline) / self.deadline
        alpha = self.kappa + (1 - self.kappa) * t ** (1 / self.e)
        return self.reservation + (1 - alpha) * (self.opening - self.reservation)


@dataclass
class TitForTat:
    name: str
    reservation: float
    opening: float
    deadline: int
    relative: bool
    first_step: float = 0.03  # share of (open - res) conceded before the buyer has moved

    @property
    def lowest(self) -> float:
        return self.reservation

    def ask_after(self, offers: list[float], asks: list[float]) -> float:
        last = asks[-1]
        if len(offers) < 2:
            ask = last - self.first_step * (self.opening - self.reservation)
        elif self.relative:
            ask = last * offers[-2] / offers[-1] if offers[-1] > 0 else last
        else:
            ask = last - (offers[-1] - offers[-2])
        return min(max(ask, self.reservation), self.opening)


@dataclass
class TierSchedule:
    name: str
    reservation: float  # the floor
    opening: float
    deadline: int
    per_round: float
    total: float

    @property
    def lowest(self) -> float:
        return max(self.reservation, self.opening * (1 - self.total))

    def ask_after(self, offers: list[float], asks: list[float]) -> float:
        return max(self.reservation, asks[-1] - self.per_round * self.opening,
                   self.opening * (1 - self.total))


TIERS = {"public": (3, 0.03, 0.08), "seat": (4, 0.04, 0.12), "agency": (5, 0.05, 0.15),
         "advertiser": (6, 0.06, 0.20)}


@dataclass
class _Negotiation:
    tactic: Tactic
    offers: list[float] = field(default_factory=list)
    asks: list[float] = field(default_factory=list)
    status: str = "negotiating"
    agreed: float | None = None


class Sellers:
    """Negotiating sellers on one mock network: ``http://<name>.bench``, one proposal each."""

    def __init__(self) -> None:
        self._open: dict[str, _Negotiation] = {}

    def add(self, proposal_id: str, tactic: Tactic) -> None:
        self._open[proposal_id] = _Negotiation(tactic, asks=[cents(tactic.opening)])

    def agreed(self, proposal_id: str) -> float | None:
        return self._open[proposal_id].agreed

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        parts = request.url.path.strip("/").split("/")
        if request.method != "POST" or len(parts) != 3 or parts[0] != "proposals" \
                or parts[2] != "counter":
            return httpx.Response(405, json={"detail": "method not allowed"})
        negotiation = self._open.get(parts[1])
        if negotiation is None:
            return httpx.Response(404, json={"detail": {"error": "proposal_not_found",
                                                        "message": parts[1]}})
        if negotiation.status != "negotiating":
            return httpx.Response(409, json={"detail": {"error": "negotiation_closed",
                                                        "message": negotiation.status}})
        return httpx.Response(200, json=self._answer(negotiation, parts[1],
                                                     json.loads(request.content or b"{}")))

    def _answer(self, n: _Negotiation, proposal_id: str, body: dict[str, Any]
                ) -> dict[str, Any]:
        tactic = n.tactic
        action = body.get("action")
        round_number = len(n.offers) + 1
        ask = n.asks[-1]

        def reply(kind: str, price: float, reason: str) -> dict[str, Any]:
            remaining = 0 if n.status != "negotiating" else tactic.deadline - len(n.offers)
            return {"negotiation_id": f"neg-{proposal_id}", "round_number": round_number,
                    "action": kind, "seller_price": price, "status": n.status,
                    "rounds_remaining": max(0, remaining), "reason": reason}

        if action == "decline":
            n.status = "declined"
            return reply("reject", ask, "buyer declined")
        if action == "accept" and (body.get("buyer_price") is None
                                   or float(body["buyer_price"]) >= ask):
            n.status, n.agreed = "accepted", ask
            return reply("accept", ask, "buyer accepted our ask")
        price = cents(float(body.get("buyer_price", body.get("price", 0.0))))
        n.offers.append(price)
        next_ask = cents(max(tactic.ask_after(n.offers, n.asks), tactic.reservation))
        if price >= next_ask and price >= tactic.reservation:
            n.status, n.agreed = "accepted", price
            return reply("accept", price, "offer accepted")
        if len(n.offers) >= tactic.deadline:
            n.status = "rejected"
            return reply("reject", ask, "no agreement by our deadline")
        n.asks.append(min(next_ask, ask))
        kind = "final_offer" if len(n.offers) == tactic.deadline - 1 else "counter"
        return reply(kind, n.asks[-1], "counter-offer")
