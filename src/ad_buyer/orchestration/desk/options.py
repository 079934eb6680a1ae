"""What the specialists are shown to choose from: a seller's package as a
:class:`PackageOption`, a screened quote as a :class:`QuoteOption` (with the
negotiation limits the desk allows), a chosen quote as a :class:`ProposalLine`."""

from __future__ import annotations

from decimal import Decimal

from ad_buyer.booking.quote_normalizer import NormalizedQuote
from ad_buyer.media_kit.models import PackageDetail, PackageSummary
from ad_buyer.models.buyer_identity import AccessTier
from ad_buyer.orchestration.desk.models import DeskState, PackageOption, ProposalLine, QuoteOption
from ad_buyer.orchestration.package_selection import PackageCandidate, expected_cpm_micros
from ad_buyer.registry.models import AgentCard

NEGOTIABLE_TIERS = frozenset({AccessTier.AGENCY.value, AccessTier.ADVERTISER.value})
# A negotiation target below this share of the ask is not a serious opening.
TARGET_FLOOR_SHARE = Decimal("0.70")
CENT_MICROS = 10_000


def quote_option(ref: str, package_ref: str, q: NormalizedQuote, *, negotiation_on: bool,
                 max_cpm_micros: int | None) -> QuoteOption:
    """A screened quote; when it can be negotiated, the target range a specialist may
    pick from (a floor at 70% of the ask, a ceiling at the ask or the brief's max CPM)."""
    assert q.quote is not None
    negotiable = negotiation_on and q.quote.buyer_tier in NEGOTIABLE_TIERS
    ceiling = q.raw_cpm_micros
    if max_cpm_micros is not None:
        ceiling = min(ceiling, max_cpm_micros)
    # In whole cents, rounded up, so the shown limit is one a model can send back.
    floor = -(-int(Decimal(q.raw_cpm_micros) * TARGET_FLOOR_SHARE) // CENT_MICROS) \
        * CENT_MICROS
    return QuoteOption(
        ref=ref, package_ref=package_ref, seller_id=q.seller_id, seller_url=q.seller_url,
        quote_id=q.quote_id, product_id=q.quote.product.product_id,
        deal_type=q.deal_type, impressions=q.impressions, cpm_micros=q.raw_cpm_micros,
        effective_cpm_micros=q.effective_cpm_micros, cost_micros=q.cost_micros,
        fill_rate=q.fill_rate, score=round(q.score, 2), tier=q.quote.buyer_tier,
        negotiable=negotiable, seller_reliability=_reliability(q),
        target_floor_micros=floor if negotiable else None,
        target_ceiling_micros=ceiling if negotiable else None)


def _reliability(q: NormalizedQuote) -> float | None:
    score = q.score_breakdown.get("reliability")
    return None if score is None else round(score / 100, 3)


def misfit_reason(rejection: dict[str, str]) -> str:
    """The failed check, with the audience rule and its reason when that was it."""
    if rejection.get("rule"):
        return f"{rejection['reason']}: {rejection['rule']}: {rejection.get('detail', '')}"
    return rejection["reason"]


def package_option(ref: str, card: AgentCard, package: PackageSummary,
                   misfit: str, audience_fit: str) -> PackageOption:
    """A package from a seller's media kit, with why it fails the brief (if it does)."""
    detail = package if isinstance(package, PackageDetail) else None
    audience = list(detail.audience_segment_ids) if detail else []
    return PackageOption(
        ref=ref, seller_id=card.agent_id, seller_url=card.url.rstrip("/"),
        package_id=package.package_id,
        product_id=(detail.product_id if detail else None) or package.package_id,
        name=package.name, description=package.description or "",
        formats=list(package.ad_formats), geo=list(package.geo_targets),
        categories=list(package.cat), audience=audience,
        expected_cpm_micros=expected_cpm_micros(package), price_range=package.price_range,
        negotiable=bool(detail and detail.negotiation_enabled), fits=not misfit,
        misfit=misfit, audience_fit=audience_fit)


def package_candidate(option: PackageOption, summary: PackageSummary | None) -> PackageCandidate:
    """The shown package back as the candidate the quoting code sizes and quotes."""
    package = summary or PackageSummary(package_id=option.package_id, name=option.name)
    return PackageCandidate(seller_url=option.seller_url, package=package,
                            expected_cpm_micros=option.expected_cpm_micros,
                            dma_verified=False, negotiable=option.negotiable)


def quote_audience_fit(state: DeskState, quote_ref: str) -> str:
    """How the audience of the package a quote is for fits the brief ("" if unknown)."""
    quote = state.quotes.get(quote_ref)
    package = state.packages.get(quote.package_ref) if quote is not None else None
    return package.audience_fit if package is not None else ""


def proposal_line(ref: str, q: NormalizedQuote, *, why: str = "", audience_fit: str = ""
                  ) -> ProposalLine:
    assert q.quote is not None
    return ProposalLine(quote_ref=ref, seller_id=q.seller_id, seller_url=q.seller_url,
                        product_id=q.quote.product.product_id,
                        product_name=q.quote.product.name, deal_type=q.deal_type,
                        impressions=q.impressions, cpm_micros=q.raw_cpm_micros,
                        cost_micros=q.cost_micros, quote_expires_at=q.quote.expires_at,
                        audience_fit=audience_fit, why=f"score {q.score:.0f}; {why}" if why else "")
