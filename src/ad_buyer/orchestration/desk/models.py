"""What a channel desk knows and what each of its steps returns.

A channel desk (:mod:`ad_buyer.orchestration.desk.channel_desk`) shops one channel of one
run step by step: discover sellers, read their media kits, quote chosen
packages, negotiate chosen quotes, propose a portfolio, book it. Each step is
an *effect* (seller calls) returning one of the result models below, and
:class:`DeskState` applies that result. Keeping the two apart lets a durable
runner record a step's result and, on a resume, apply the recorded result
instead of calling the sellers again.

Everything the models see is keyed by short refs (``ctv-P3`` for a package,
``ctv-Q2`` for a quote, ``ctv-proposal-1``) that carry the channel, so a ref
from another channel never resolves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ad_buyer.booking.quote_normalizer import NormalizedQuote
from ad_buyer.media_kit.models import PackageSummary
from ad_buyer.models.brief import Channel
from ad_buyer.models.money import from_micros
from ad_buyer.orchestration.misfit_words import why_no_package_fits
from ad_buyer.registry.models import AgentCard

ProposalStatus = Literal["proposed", "approved", "revise", "rejected", "booked", "planned"]


def money_text(micros: int | None) -> str | None:
    """Micros as a two-decimal string for a model to read (never parsed back)."""
    return None if micros is None else f"{from_micros(micros):.2f}"


class PackageOption(BaseModel):
    """A media-kit package and how it fits the brief (every check by Python)."""

    model_config = ConfigDict(frozen=True)

    ref: str
    seller_id: str
    seller_url: str
    package_id: str
    product_id: str
    name: str
    description: str = ""
    formats: list[str] = Field(default_factory=list)
    geo: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    audience: list[str] = Field(default_factory=list)
    expected_cpm_micros: int | None = None
    price_range: str = ""
    negotiable: bool = False
    fits: bool
    misfit: str = Field(default="", description="the first check the package fails")
    audience_fit: str = Field(default="", description="how it reaches the brief's audience")


class QuoteOption(BaseModel):
    """A quote as the specialist sees it; the priced object stays in the desk."""

    model_config = ConfigDict(frozen=True)

    ref: str
    package_ref: str
    seller_id: str
    seller_url: str
    quote_id: str
    product_id: str
    deal_type: str
    impressions: int
    cpm_micros: int
    effective_cpm_micros: int
    cost_micros: int
    fill_rate: float
    score: float
    tier: str
    negotiable: bool
    # The seller's booking and delivery record over earlier runs (0-1), when tracked.
    seller_reliability: float | None = None
    negotiated: bool = False
    target_floor_micros: int | None = None
    target_ceiling_micros: int | None = None


class QuoteProblem(BaseModel):
    """A package that could not be quoted, or a quote the guards refused."""

    model_config = ConfigDict(frozen=True)

    package_ref: str
    seller_url: str
    reason: str


class ProposalLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    quote_ref: str
    seller_id: str
    seller_url: str
    product_id: str
    product_name: str
    deal_type: str
    impressions: int
    cpm_micros: int
    cost_micros: int
    # Until when the seller holds the quote's price, if it says (a dry run reports it).
    quote_expires_at: datetime | None = None
    audience_fit: str = ""  # how the package reaches the brief's audience
    why: str = ""  # why the optimizer chose it, in a line


class Proposal(BaseModel):
    """A portfolio the optimizer checked and completed against the channel budget."""

    model_config = ConfigDict(frozen=False)

    proposal_id: str
    channel: str
    budget_micros: int
    lines: list[ProposalLine] = Field(default_factory=list)
    dropped: list[dict[str, str]] = Field(default_factory=list)
    solver: str = ""
    optimal: bool = False
    status: ProposalStatus = "proposed"
    specialist_rationale: str = ""
    review_rationale: str = ""
    share_cap_note: str = ""  # what the per-seller share cap cost this selection
    package_cap_note: str = ""  # what the per-package share cap cost it, after the seller cap

    @property
    def cost_micros(self) -> int:
        return sum(line.cost_micros for line in self.lines)

    @property
    def budget_use(self) -> Decimal:
        return (Decimal(self.cost_micros) / Decimal(self.budget_micros)
                if self.budget_micros else Decimal(0))


class ChannelBuyResult(BaseModel):
    """What one booking of a channel committed (integer micros) and what it could not.

    ``booked`` lines carry ``status`` "booked" (or "planned" in a dry run), or
    "held": live (or, with ``outcome_unknown``, maybe live) at the seller without
    being accepted, and counted in ``committed_micros``.
    """

    channel: Channel
    committed_micros: int = Field(ge=0)
    booked: list[dict[str, Any]] = Field(default_factory=list)
    not_booked: list[str] = Field(default_factory=list)
    negotiations: list[dict[str, Any]] = Field(default_factory=list)
    summary: str = ""
    proposal_id: str | None = None
    dry_run: bool = False


class SellerFacts(BaseModel):
    """What discovery learnt about one seller, kept in the run's durable record (the
    discovery step's result) so a resumed run meets the seller as discovery did."""

    dialect: Literal["native", "reference"] = "native"
    key_held: bool = Field(default=False, description="the buyer held an API key for it "
                           "(the key, and so the tier, stays in the key store)")


class DiscoveryResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    cards: list[AgentCard]
    warnings: list[str] = Field(default_factory=list, description="sellers skipped, and why")
    facts: dict[str, SellerFacts] = Field(default_factory=dict,
                                          description="by seller URL (no trailing slash)")


class MediaKitResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    packages: list[PackageOption]
    summaries: dict[str, PackageSummary] = Field(default_factory=dict)
    unreachable: list[str] = Field(default_factory=list)


class QuoteResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    quotes: list[QuoteOption]
    priced: dict[str, NormalizedQuote] = Field(default_factory=dict)
    problems: list[QuoteProblem] = Field(default_factory=list)


class QuoteNegotiationResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    quote_ref: str
    outcome: str
    target_micros: int
    agreed_cpm_micros: int | None = None
    record: dict[str, Any] = Field(default_factory=dict)
    repriced: NormalizedQuote | None = None


class ProposalResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    proposal: Proposal
    priced: dict[str, NormalizedQuote] = Field(default_factory=dict)


@dataclass
class DeskState:
    """Everything one channel desk has learnt in a run; changed only by ``apply_*``."""

    channel: str
    sellers: dict[str, AgentCard] = field(default_factory=dict)
    packages: dict[str, PackageOption] = field(default_factory=dict)
    summaries: dict[str, PackageSummary] = field(default_factory=dict)
    quotes: dict[str, QuoteOption] = field(default_factory=dict)
    priced: dict[str, NormalizedQuote] = field(default_factory=dict)
    negotiations: list[dict[str, Any]] = field(default_factory=list)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    unreachable: list[str] = field(default_factory=list)
    problems: list[QuoteProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    facts: dict[str, SellerFacts] = field(default_factory=dict)

    @property
    def cards_by_url(self) -> dict[str, AgentCard]:
        """The discovered sellers by base URL (no trailing slash)."""
        return {card.url.rstrip("/"): card for card in self.sellers.values()}

    def apply_discovery(self, result: DiscoveryResult) -> None:
        for card in result.cards:
            self.sellers[card.agent_id] = card
        self.facts.update(result.facts)
        self.warnings = list(dict.fromkeys([*self.warnings, *result.warnings]))

    def apply_media_kits(self, result: MediaKitResult) -> None:
        for option in result.packages:
            self.packages[option.ref] = option
        self.summaries.update(result.summaries)
        self.unreachable = sorted({*self.unreachable, *result.unreachable})

    def apply_quotes(self, result: QuoteResult) -> None:
        for option in result.quotes:
            self.quotes[option.ref] = option
        self.priced.update(result.priced)
        self.problems.extend(result.problems)

    def why_nothing(self) -> str:
        """Why this desk has no booking, in one line of facts."""
        if not self.sellers:
            return f"no sellers found for {self.channel}" + (
                f" ({'; '.join(self.warnings)})" if self.warnings else "")
        fitting = [p for p in self.packages.values() if p.fits]
        if self.packages and not fitting:
            counts: dict[str, int] = {}
            for p in self.packages.values():
                reason = p.misfit.split(":", 1)[0]
                counts[reason] = counts.get(reason, 0) + 1
            return why_no_package_fits(str(self.channel), counts)
        if not self.quotes and self.problems:
            shown = "; ".join(f"{p.reason}" for p in self.problems[:3])
            return f"no fitting package could be quoted for {self.channel} ({shown})"
        if not self.proposals:
            return (f"no proposal: {len(self.sellers)} seller(s), {len(fitting)} fitting "
                    f"package(s), {len(self.quotes)} quote(s)")
        last = list(self.proposals.values())[-1]
        return f"last proposal {last.proposal_id} is {last.status}"

    def _reprice(self, ref: str, quote: NormalizedQuote, **update: Any) -> None:
        self.priced[ref] = quote
        self.quotes[ref] = self.quotes[ref].model_copy(update={
            "quote_id": quote.quote_id, "cpm_micros": quote.raw_cpm_micros,
            "effective_cpm_micros": quote.effective_cpm_micros,
            "cost_micros": quote.cost_micros, "impressions": quote.impressions, **update})

    def apply_negotiation(self, result: QuoteNegotiationResult) -> None:
        self.negotiations.append({"quote_ref": result.quote_ref, **result.record})
        # One negotiation per quote, whatever its outcome: the limits are spent.
        closed = {"negotiated": True, "target_floor_micros": None,
                  "target_ceiling_micros": None}
        if result.repriced is not None and result.agreed_cpm_micros is not None:
            self._reprice(result.quote_ref, result.repriced, **closed)
        elif result.quote_ref in self.quotes:
            self.quotes[result.quote_ref] = self.quotes[result.quote_ref].model_copy(
                update=closed)

    def apply_proposal(self, result: ProposalResult) -> None:
        self.proposals[result.proposal.proposal_id] = result.proposal
        for ref, quote in result.priced.items():
            self._reprice(ref, quote)

    def committed_micros(self) -> int:
        return sum(p.cost_micros for p in self.proposals.values() if p.status == "booked")
