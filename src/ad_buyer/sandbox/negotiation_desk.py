"""A seller's negotiations: opening, finding them by the id the buyer uses, limits.

Native sellers find a negotiation by its negotiation id, its proposal id, or
(per buyer) the quote id or ``quote-{package}`` alias it was opened on.
Reference sellers, like the IAB reference, key a negotiation by its *subject*:
the proposal id ``POST /proposals`` issued or the quote id it was opened on;
they cannot find one by the negotiation id they issued.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from ad_buyer.sandbox.auth import Caller
from ad_buyer.sandbox.config import PackageSpec, Persona
from ad_buyer.sandbox.context import SellerContext
from ad_buyer.sandbox.errors import SandboxError
from ad_buyer.sandbox.negotiation_engine import Negotiation
from ad_buyer.sandbox.pricing import quote_price_micros
from ad_buyer.sandbox.vocabulary import DealType

ALIAS_PREFIX = "quote-"
SUBJECT = ""  # the alias "party" under which reference sellers key subjects
_CENT = 10_000


@dataclass(frozen=True)
class QuoteRef:
    """What a negotiation opened on a quote id needs from that quote."""

    package_id: str
    deal_type: DealType
    impressions: int
    price_micros: int


QuoteLookup = Callable[[str], QuoteRef | None]


class NegotiationDesk:
    def __init__(self, ctx: SellerContext, quote_lookup: QuoteLookup) -> None:
        self.ctx = ctx
        self._quote_lookup = quote_lookup
        self.negotiations: dict[str, Negotiation] = {}
        self._by_proposal: dict[str, str] = {}
        self._aliases: dict[tuple[str, str], str] = {}

    def _package(self, package_id: str) -> PackageSpec:
        package = self.ctx.spec.package(package_id)
        if package is None:
            raise SandboxError(404, "product_not_found",
                               f"no package {package_id!r} at seller {self.ctx.seller_id}")
        return package

    def check_may_negotiate(self, caller: Caller) -> None:
        """Native sellers negotiate with agency and advertiser tiers only; the
        reference seller's engine negotiates with every tier (by its caps)."""
        if not self.ctx.reference and not caller.tier.can_negotiate:
            raise SandboxError(
                403, "negotiation_not_allowed",
                f"only agency and advertiser tiers may negotiate (caller is {caller.tier.value})",
            )

    def open(self, caller: Caller, package_id: str, deal_type: DealType, impressions: int,
             start_micros: int | None = None) -> Negotiation:
        """A new negotiation opening at the caller's tier price (or a quote's price)."""
        self.check_may_negotiate(caller)
        package = self._package(package_id)
        if start_micros is None:
            start_micros, _, _ = quote_price_micros(
                package.list_cpm_micros, caller.tier, impressions,
                package.volume_discounts_available)
        negotiation_id = self.ctx.new_id("neg")
        margin = self.ctx.rng("limit", negotiation_id).uniform(0.005, 0.03)
        limit = max(math.ceil(package.reservation_cpm_micros * (1 + margin) / _CENT) * _CENT,
                    package.floor_cpm_micros)
        if self.ctx.reference:  # its floor is its limit: a counter below gets the floor
            limit = package.floor_cpm_micros
        persona = self.ctx.spec.persona
        if not package.negotiation_enabled:
            persona, limit = Persona.FIRM, max(limit, start_micros)
        negotiation = Negotiation(
            negotiation_id=negotiation_id,
            proposal_id=self.ctx.new_id("prop"),
            package_id=package_id,
            tier=caller.tier,
            deal_type=deal_type,
            impressions=impressions,
            persona=persona,
            start_micros=max(start_micros, limit),
            floor_micros=package.floor_cpm_micros,
            reservation_micros=package.reservation_cpm_micros,
            limit_micros=limit,
        )
        self.negotiations[negotiation_id] = negotiation
        self._by_proposal[negotiation.proposal_id] = negotiation_id
        if self.ctx.reference:
            self._aliases[(SUBJECT, negotiation.proposal_id)] = negotiation_id
        return negotiation

    def aliases(self) -> list[tuple[str, str, str]]:
        """``(party, ref, negotiation_id)`` for every lazily opened negotiation."""
        return [(party, ref, nid) for (party, ref), nid in self._aliases.items()]

    def restore(self, negotiations: list[Negotiation],
                aliases: list[tuple[str, str, str]]) -> None:
        """Reload saved negotiations (proposal ids are rebuilt from them)."""
        for negotiation in negotiations:
            self.negotiations[negotiation.negotiation_id] = negotiation
            self._by_proposal[negotiation.proposal_id] = negotiation.negotiation_id
        for party, ref, negotiation_id in aliases:
            self._aliases[(party, ref)] = negotiation_id

    def get(self, ref: str) -> Negotiation | None:
        """By negotiation id or proposal id."""
        negotiation_id = self._by_proposal.get(ref, ref)
        return self.negotiations.get(negotiation_id)

    def agreed_on(self, quote_id: str) -> Negotiation | None:
        """A reference seller's accepted negotiation keyed by ``quote_id``."""
        negotiation_id = self._aliases.get((SUBJECT, quote_id))
        negotiation = self.negotiations.get(negotiation_id) if negotiation_id else None
        return negotiation if negotiation and negotiation.status == "accepted" else None

    def by_subject(self, ref: str) -> Negotiation | None:
        """A reference seller's negotiation on this proposal or quote id, if any."""
        negotiation_id = self._aliases.get((SUBJECT, ref))
        return self.negotiations.get(negotiation_id) if negotiation_id else None

    def lookup(self, ref: str, caller: Caller) -> Negotiation | None:
        """The negotiation ``ref`` names, opening nothing: a reference seller's by its
        subject; a native seller's by negotiation or proposal id, or the caller's alias."""
        if self.ctx.reference:
            return self.by_subject(ref)
        existing = self.get(ref)
        if existing is not None:
            return existing
        alias_id = self._aliases.get((caller.party, ref))
        return self.negotiations.get(alias_id) if alias_id else None

    def _find_or_open_subject(self, ref: str, caller: Caller) -> Negotiation:
        existing = self.by_subject(ref)
        if existing is not None:
            return existing
        quote = self._quote_lookup(ref)
        if quote is None:
            raise SandboxError(404, "proposal_not_found", "Proposal not found",
                               detail="Proposal not found")
        negotiation = self.open(caller, quote.package_id, quote.deal_type, quote.impressions,
                                start_micros=quote.price_micros)
        self._aliases[(SUBJECT, ref)] = negotiation.negotiation_id
        return negotiation

    def find_or_open(self, ref: str, caller: Caller) -> Negotiation:
        """Resolve the id a buyer uses, opening lazily on a quote id (or, native only,
        on a ``quote-{package}`` alias).

        Native: an alias whose negotiation has ended opens a fresh one, so a
        buyer can negotiate the same package again later. Reference: one
        negotiation per subject; once it has ended it stays ended.
        """
        if self.ctx.reference:
            return self._find_or_open_subject(ref, caller)
        existing = self.get(ref)
        if existing is not None:
            return existing
        alias = (caller.party, ref)
        alias_id = self._aliases.get(alias)
        if alias_id is not None and not self.negotiations[alias_id].closed:
            return self.negotiations[alias_id]
        quote = self._quote_lookup(ref)
        if quote is not None:
            negotiation = self.open(caller, quote.package_id, quote.deal_type,
                                    quote.impressions, start_micros=quote.price_micros)
        elif ref.startswith(ALIAS_PREFIX):
            negotiation = self.open(caller, ref[len(ALIAS_PREFIX):],
                                    DealType.PREFERRED_DEAL, 1_000_000)
        else:
            raise SandboxError(404, "proposal_not_found",
                               f"no proposal, negotiation or quote {ref!r} at this seller")
        self._aliases[alias] = negotiation.negotiation_id
        return negotiation
