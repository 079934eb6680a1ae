"""Pick the media-kit packages worth quoting, from structured fields only.

A package is a candidate for a channel when every check passes:

- channel: its tags name the channel (``CHANNEL_TAGS``); or, when its tags name
  no known channel at all, its ad formats and device types fit the channel.
  Either way its declared ad formats must include one the channel runs, and
  declared device types must include one of the channel's (when the channel
  has a device list).
- geo: with brief countries, a declared ``geo_targets`` entry equal to one of
  them (or an ISO 3166-2 subdivision of one, ``US-NY``); packages declaring
  no geo are kept (not restricted). With brief DMAs, a package whose
  placements declare ``dma_codes`` must share one; packages without placement
  DMAs are kept but rank below verified ones.
- price: the exact price (authenticated detail) or the low end of the public
  ``price_range`` is at or under the max CPM; an unparseable price is kept
  (the quote is screened against the cap anyway) and ranks last on price.
- negotiation: required only when ``require_negotiation`` is set; otherwise a
  negotiable package ranks above an equal one that is not.
- audience: with the brief's audience, :func:`~ad_buyer.orchestration.audience_fit.audience_fit`
  excludes packages that cannot reach it (and, for kids, every package the
  kids' safety rules refuse), with the rule and reason in the rejection.

Ranking per seller: DMA-verified first, then the audience fit (fits, partial,
declares nothing), then the lower expected CPM, then negotiable, then
featured, then package id (deterministic). At most
``max_per_seller`` packages per seller are kept (default
:data:`MAX_PACKAGES_PER_SELLER`). Names and descriptions are seller-written
text and are never read here: they cannot steer selection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ad_buyer.media_kit.models import PackageDetail, PackageSummary
from ad_buyer.models.brief import AudienceSpec
from ad_buyer.models.money import to_micros
from ad_buyer.orchestration.audience_fit import AudienceFit, Fit, audience_fit

MAX_PACKAGES_PER_SELLER = 2
NEUTRAL_FIT = AudienceFit(Fit.FITS)  # no audience stated: every package fits alike

# Tags that name a channel (lower case). Generic tags such as "video" or
# "premium" are deliberately absent: they do not say which channel.
CHANNEL_TAGS: dict[str, frozenset[str]] = {
    "ctv": frozenset({"ctv", "connected_tv", "ott"}),
    "online_video": frozenset({"online_video", "olv", "instream", "outstream"}),
    "display": frozenset({"display", "banner"}),
    "mobile_app": frozenset({"mobile_app", "in-app", "in_app", "app"}),
    "performance": frozenset({"performance"}),
    "audio": frozenset({"audio", "podcast", "streaming_audio"}),
    "dooh": frozenset({"dooh", "digital_out_of_home", "outdoor"}),
    "linear_tv": frozenset({"linear_tv", "linear", "broadcast"}),
}
CHANNEL_FORMATS: dict[str, frozenset[str]] = {
    "ctv": frozenset({"video"}),
    "online_video": frozenset({"video"}),
    "display": frozenset({"display", "banner", "native"}),
    "mobile_app": frozenset({"display", "banner", "video", "native"}),
    "performance": frozenset({"display", "banner", "video", "native"}),
    "audio": frozenset({"audio"}),
    "dooh": frozenset({"display", "video"}),
    "linear_tv": frozenset({"video"}),
}
# OpenRTB device types: 1 mobile/tablet, 2 PC, 3 connected TV, 4 phone,
# 5 tablet, 6 connected device, 7 set-top box. Absent: any device.
CHANNEL_DEVICES: dict[str, frozenset[int]] = {
    "ctv": frozenset({3, 7}),
    "linear_tv": frozenset({3, 7}),
    "online_video": frozenset({1, 2, 4, 5}),
    "mobile_app": frozenset({1, 4, 5}),
    "dooh": frozenset({6}),
}
_ALL_CHANNEL_TAGS = frozenset().union(*CHANNEL_TAGS.values())
_PRICE = re.compile(r"\$?\s*(\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class PackageCriteria:
    """What the brief asks of a package. ``max_cpm_micros`` None: no price cap."""

    channel: str
    countries: Sequence[str] = ()
    dmas: Sequence[str] = ()
    max_cpm_micros: int | None = None
    require_negotiation: bool = False
    max_per_seller: int = MAX_PACKAGES_PER_SELLER
    audience: AudienceSpec | None = None

    def __post_init__(self) -> None:
        if self.channel not in CHANNEL_TAGS:
            raise ValueError(f"unknown channel {self.channel!r}; "
                             f"expected one of {sorted(CHANNEL_TAGS)}")
        if self.max_per_seller < 1:
            raise ValueError("max_per_seller must be at least 1")


@dataclass(frozen=True)
class PackageCandidate:
    """A package chosen for quoting; ``key`` is seller URL plus package id."""

    seller_url: str
    package: PackageSummary
    expected_cpm_micros: int | None
    dma_verified: bool
    negotiable: bool
    rank: int = 0
    audience: AudienceFit = NEUTRAL_FIT

    @property
    def package_id(self) -> str:
        return self.package.package_id

    @property
    def product_id(self) -> str | None:
        """The catalog product a seller quotes for the package, when its placements name one."""
        return self.package.product_id if isinstance(self.package, PackageDetail) else None

    @property
    def key(self) -> str:
        return package_key(self.seller_url, self.package.package_id)


@dataclass
class PackageSelection:
    candidates: list[PackageCandidate] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)

    @property
    def audience_rejections(self) -> list[dict[str, str]]:
        """Rejections for the brief's audience (each with its rule and reason)."""
        return [r for r in self.rejected if r.get("rule")]


def package_key(seller_url: str, package_id: str) -> str:
    return f"{seller_url.rstrip('/')}|{package_id}"


def parse_price_range(text: str) -> tuple[int, int] | None:
    """``"$24-$36 CPM"`` -> (24, 36) in micros; ``"$30 CPM"`` -> (30, 30); else None."""
    found = _PRICE.findall(text or "")
    if not found or len(found) > 2:
        return None
    try:
        values = [to_micros(Decimal(v)) for v in found]
    except InvalidOperation:
        return None
    low, high = min(values), max(values)
    return (low, high) if low > 0 else None


def expected_cpm_micros(package: PackageSummary) -> int | None:
    """The exact price when shown (authenticated), else the range's low end."""
    if isinstance(package, PackageDetail) and package.exact_price is not None \
            and package.exact_price > 0:
        return to_micros(package.exact_price)
    parsed = parse_price_range(package.price_range)
    return parsed[0] if parsed else None


def matches_channel(package: PackageSummary, channel: str) -> bool:
    tags = {t.strip().lower() for t in package.tags}
    formats = {f.strip().lower() for f in package.ad_formats}
    named = tags & _ALL_CHANNEL_TAGS
    if named and not tags & CHANNEL_TAGS[channel]:
        return False
    if formats and not formats & CHANNEL_FORMATS[channel]:
        return False
    devices = CHANNEL_DEVICES.get(channel)
    if devices and package.device_types and not set(package.device_types) & devices:
        return False
    if named:
        return True
    # No channel tag: the formats (and devices, when the channel has any) must say so.
    return bool(formats) and (devices is None or bool(package.device_types))


def geo_overlaps(package: PackageSummary, countries: Iterable[str]) -> bool:
    wanted = {c.upper() for c in countries}
    if not wanted or not package.geo_targets:
        return True
    for target in package.geo_targets:
        code = target.strip().upper()
        if code in wanted or code.split("-", 1)[0] in wanted:
            return True
    return False


def placement_dmas(package: PackageSummary) -> set[str]:
    if not isinstance(package, PackageDetail):
        return set()
    return {str(d).strip() for p in package.placements for d in p.dma_codes}


def _check(package: PackageSummary, criteria: PackageCriteria,
           fit: AudienceFit) -> tuple[str | None, bool]:
    """(reason to reject or None, DMA verified)."""
    if not matches_channel(package, criteria.channel):
        return "channel_mismatch", False
    if not geo_overlaps(package, criteria.countries):
        return "geo_mismatch", False
    if fit.excluded:
        return "audience_mismatch", False
    dma_verified = False
    if criteria.dmas:
        declared = placement_dmas(package)
        if declared:
            if not declared & {d.strip() for d in criteria.dmas}:
                return "dma_mismatch", False
            dma_verified = True
    price = expected_cpm_micros(package)
    if criteria.max_cpm_micros is not None and price is not None \
            and price > criteria.max_cpm_micros:
        return "over_max_cpm", dma_verified
    negotiable = isinstance(package, PackageDetail) and package.negotiation_enabled
    if criteria.require_negotiation and not negotiable:
        return "not_negotiable", dma_verified
    return None, dma_verified


def _rank_key(c: PackageCandidate) -> tuple[bool, int, int, bool, bool, str]:
    price = c.expected_cpm_micros if c.expected_cpm_micros is not None else 2**62
    return (not c.dma_verified, c.audience.rank, price, not c.negotiable,
            not c.package.is_featured, c.package_id)


def prefilter(packages: Iterable[PackageSummary], criteria: PackageCriteria,
              ) -> list[PackageSummary]:
    """Packages passing the checks public summaries can answer (channel, geo)."""
    return [p for p in packages if matches_channel(p, criteria.channel)
            and geo_overlaps(p, criteria.countries)
            and not audience_fit(criteria.audience, p).excluded]


def select_packages(packages: Iterable[PackageSummary], criteria: PackageCriteria,
                    ) -> PackageSelection:
    """Candidates per seller, best first, capped at ``criteria.max_per_seller``.

    Every package must carry ``seller_url`` (``MediaKitClient`` sets it); a
    package id repeated by one seller is considered once.
    """
    out = PackageSelection()
    by_seller: dict[str, list[PackageCandidate]] = {}
    seen: set[str] = set()
    for package in packages:
        if not package.seller_url:
            raise ValueError(f"package {package.package_id} has no seller_url")
        url = package.seller_url.rstrip("/")
        key = package_key(url, package.package_id)
        if key in seen:
            continue
        seen.add(key)
        fit = audience_fit(criteria.audience, package)
        reason, dma_verified = _check(package, criteria, fit)
        if reason is not None:
            rejection = {"seller_url": url, "package_id": package.package_id, "reason": reason}
            if reason == "audience_mismatch":
                rejection.update(rule=fit.rule or "", detail="; ".join(fit.reasons))
            out.rejected.append(rejection)
            continue
        by_seller.setdefault(url, []).append(PackageCandidate(
            seller_url=url, package=package, expected_cpm_micros=expected_cpm_micros(package),
            dma_verified=dma_verified,
            negotiable=isinstance(package, PackageDetail) and package.negotiation_enabled,
            audience=fit))
    for url, cands in by_seller.items():
        cands.sort(key=_rank_key)
        for rank, cand in enumerate(cands):
            if rank < criteria.max_per_seller:
                out.candidates.append(PackageCandidate(
                    cand.seller_url, cand.package, cand.expected_cpm_micros,
                    cand.dma_verified, cand.negotiable, rank, cand.audience))
            else:
                out.rejected.append({"seller_url": url, "package_id": cand.package_id,
                                     "reason": "over_per_seller_cap"})
    return out
