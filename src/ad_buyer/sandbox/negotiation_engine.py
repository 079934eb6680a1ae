"""One seller-side negotiation: tier caps, persona asks, accept and reject rules.

Prices are integer micros. The seller never agrees below its reservation price:
every ask is clamped to a private limit at or above it, and an offer is only
accepted when it reaches both the next ask and the reservation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from ad_buyer.sandbox.config import Persona
from ad_buyer.sandbox.money import round_to_cent
from ad_buyer.sandbox.personas import PersonaInput, persona_ask
from ad_buyer.sandbox.vocabulary import AccessTier, DealType

Action = Literal["counter", "final_offer", "accept", "reject"]
Status = Literal["negotiating", "accepted", "rejected", "declined"]


@dataclass(frozen=True)
class TierRules:
    max_rounds: int
    per_round_pct: Decimal
    total_pct: Decimal


TIER_RULES: dict[AccessTier, TierRules] = {
    AccessTier.PUBLIC: TierRules(3, Decimal("3"), Decimal("8")),
    AccessTier.SEAT: TierRules(4, Decimal("4"), Decimal("12")),
    AccessTier.AGENCY: TierRules(5, Decimal("5"), Decimal("15")),
    AccessTier.ADVERTISER: TierRules(6, Decimal("6"), Decimal("20")),
}


class NegotiationClosedError(Exception):
    """The negotiation already ended; no more rounds."""


@dataclass(frozen=True)
class RoundRecord:
    round_number: int
    buyer_micros: int | None
    seller_micros: int
    action: Action


@dataclass(frozen=True)
class Reply:
    round_number: int
    action: Action
    seller_micros: int
    status: Status
    rounds_remaining: int
    reason: str


@dataclass
class Negotiation:
    negotiation_id: str
    proposal_id: str
    package_id: str
    tier: AccessTier
    deal_type: DealType
    impressions: int
    persona: Persona
    start_micros: int
    floor_micros: int
    reservation_micros: int
    limit_micros: int
    seller_prices: list[int] = field(default_factory=list)
    buyer_offers: list[int] = field(default_factory=list)
    rounds: list[RoundRecord] = field(default_factory=list)
    status: Status = "negotiating"
    agreed_micros: int | None = None
    final_offered: bool = False

    def __post_init__(self) -> None:
        if not self.seller_prices:
            self.seller_prices.append(self.start_micros)

    @property
    def rules(self) -> TierRules:
        return TIER_RULES[self.tier]

    @property
    def closed(self) -> bool:
        return self.status != "negotiating"

    @property
    def current_ask(self) -> int:
        return self.seller_prices[-1]

    @property
    def lowest_ask(self) -> int:
        """The lowest this negotiation can ever ask: limit, tier cap and floor."""
        total_cap = round_to_cent(Decimal(self.start_micros) * (100 - self.rules.total_pct) / 100)
        return max(self.limit_micros, total_cap, self.floor_micros)

    def next_ask(self, round_number: int) -> int:
        wanted = persona_ask(self.persona, PersonaInput(
            start_micros=self.start_micros,
            limit_micros=self.lowest_ask,
            round_number=round_number,
            max_rounds=self.rules.max_rounds,
            seller_prices=tuple(self.seller_prices),
            buyer_offers=tuple(self.buyer_offers),
        ))
        per_round = round_to_cent(Decimal(self.start_micros) * self.rules.per_round_pct / 100)
        ask = max(wanted, self.current_ask - per_round, self.lowest_ask)
        return min(round_to_cent(ask), self.current_ask)

    def _reply(self, round_number: int, action: Action, seller: int, reason: str) -> Reply:
        remaining = 0 if self.closed else max(1, self.rules.max_rounds - round_number)
        if action == "final_offer":
            remaining = 1
        return Reply(round_number, action, seller, self.status, remaining, reason)

    def offer(self, buyer_micros: int, *, buyer_final: bool = False) -> Reply:
        """The buyer offers a price; the seller accepts, counters or ends it."""
        if self.closed:
            raise NegotiationClosedError(f"negotiation {self.negotiation_id} is {self.status}")
        round_number = len(self.rounds) + 1
        self.buyer_offers.append(buyer_micros)
        ask = self.next_ask(round_number)
        if buyer_micros >= ask and buyer_micros >= self.reservation_micros:
            self.status = "accepted"
            self.agreed_micros = buyer_micros
            self.rounds.append(RoundRecord(round_number, buyer_micros, buyer_micros, "accept"))
            return self._reply(round_number, "accept", buyer_micros, "offer accepted")
        if (self.final_offered or buyer_final or round_number >= self.rules.max_rounds):
            self.status = "rejected"
            self.rounds.append(RoundRecord(round_number, buyer_micros, self.current_ask,
                                           "reject"))
            return self._reply(round_number, "reject", self.current_ask,
                               "no agreement within the negotiation's rounds")
        last_chance = round_number >= self.rules.max_rounds - 1 or ask <= self.lowest_ask
        action: Action = "final_offer" if last_chance else "counter"
        self.final_offered = last_chance
        self.seller_prices.append(ask)
        self.rounds.append(RoundRecord(round_number, buyer_micros, ask, action))
        reason = ("offer is below the seller's floor" if buyer_micros < self.floor_micros
                  else "counter-offer")
        return self._reply(round_number, action, ask, reason)

    def accept(self, buyer_micros: int | None = None) -> Reply:
        """The buyer accepts the current ask (an accept below it is an offer)."""
        if self.closed:
            raise NegotiationClosedError(f"negotiation {self.negotiation_id} is {self.status}")
        if buyer_micros is not None and buyer_micros < self.current_ask:
            return self.offer(buyer_micros)
        round_number = len(self.rounds) + 1
        self.status = "accepted"
        self.agreed_micros = self.current_ask
        self.rounds.append(RoundRecord(round_number, self.current_ask, self.current_ask,
                                       "accept"))
        return self._reply(round_number, "accept", self.current_ask, "buyer accepted")

    def decline(self) -> Reply:
        if self.closed:
            raise NegotiationClosedError(f"negotiation {self.negotiation_id} is {self.status}")
        round_number = len(self.rounds) + 1
        self.status = "declined"
        self.rounds.append(RoundRecord(round_number, None, self.current_ask, "reject"))
        return self._reply(round_number, "reject", self.current_ask, "buyer declined")
