"""Scores for the choices a run made, each against a reference from the same market.

The guards make some outcomes true whoever decides (no deal over the CPM cap,
nothing over budget). These scores measure what depends on the choices, per
channel, from what the run's own desks saw:

- **price against the cheapest fill**: what the booked deals cost, against the
  cheapest way to buy the same impressions from the packages that fit the
  brief, each at the price its media kit quotes this buyer and up to the
  impressions the seller's catalog holds (the seller's own numbers). Below
  100% means negotiation beat the kit prices; above, dearer packages were
  bought.
- **audience rank**: the impression-weighted rank of what was bought (0 a full
  audience fit, 1 partial, 2 none declared), against the best rank the same
  impressions could have had from the fitting packages.
- **largest seller's share** of the money committed (measured, not enforced).
- **negotiation savings**: the booked deals' cost against their opening asks
  (the quotes before any negotiation).
- **budget used**: committed against the brief's budget.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal

from ad_buyer.crew.policy.choosers import audience_rank
from ad_buyer.evaluation.recording import DeskRecord, line_key
from ad_buyer.models.money import cost_micros
from ad_buyer.orchestration.desk.models import PackageOption
from ad_buyer.sandbox.network import SandboxNetwork


@dataclass(frozen=True)
class Offer:
    """A fitting package as the reference sees it: price, capacity, audience rank."""

    cpm_micros: int
    capacity: int
    rank: int


@dataclass(frozen=True)
class DecisionScore:
    """One run's choices and their references; sums, so briefs add up."""

    budget_micros: int = 0
    committed_micros: int = 0
    paid_micros: int = 0
    priced_paid_micros: int = 0  # paid in channels whose fitting packages fill the reference
    cheapest_fill_micros: int = 0
    impressions: int = 0
    rank_impressions: int = 0
    best_rank_impressions: int = 0
    opening_micros: int = 0
    largest_seller_micros: int = 0

    def __add__(self, other: DecisionScore) -> DecisionScore:
        return DecisionScore(*(a + b for a, b in zip(self.values(), other.values(),
                                                     strict=True)))

    def values(self) -> tuple[int, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))


def _pct(part: int, whole: int) -> Decimal | None:
    return Decimal(part) * 100 / whole if whole else None


@dataclass(frozen=True)
class DecisionSummary:
    """Scores over many runs: totals, and the largest seller's share brief by brief."""

    total: DecisionScore
    seller_shares: tuple[Decimal, ...]

    @property
    def price_vs_cheapest_pct(self) -> Decimal | None:
        return _pct(self.total.priced_paid_micros, self.total.cheapest_fill_micros)

    @property
    def audience_rank(self) -> Decimal | None:
        t = self.total
        return Decimal(t.rank_impressions) / t.impressions if t.impressions else None

    @property
    def best_audience_rank(self) -> Decimal | None:
        t = self.total
        return Decimal(t.best_rank_impressions) / t.impressions if t.impressions else None

    @property
    def savings_pct(self) -> Decimal | None:
        t = self.total
        return _pct(t.opening_micros - t.paid_micros, t.opening_micros)

    @property
    def budget_used_pct(self) -> Decimal | None:
        return _pct(self.total.committed_micros, self.total.budget_micros)

    @property
    def mean_largest_share_pct(self) -> Decimal | None:
        shares = self.seller_shares
        return sum(shares, Decimal(0)) / len(shares) if shares else None

    @property
    def max_largest_share_pct(self) -> Decimal | None:
        return max(self.seller_shares) if self.seller_shares else None


def summarise(scores: Iterable[DecisionScore]) -> DecisionSummary:
    listed = list(scores)
    total = sum(listed, DecisionScore())
    shares = tuple(Decimal(s.largest_seller_micros) * 100 / s.committed_micros
                   for s in listed if s.committed_micros)
    return DecisionSummary(total, shares)


def _offers(record: DeskRecord, network: SandboxNetwork) -> list[Offer]:
    if record.state is None:
        return []
    offers = []
    for package in record.state.packages.values():
        if not package.fits or package.expected_cpm_micros is None:
            continue
        spec = network.seller_spec(package.seller_url).product(package.product_id)
        if spec is None:
            continue
        offers.append(Offer(package.expected_cpm_micros, spec.max_impressions,
                            audience_rank(_fit(package))))
    return offers


def _fit(package: PackageOption) -> dict[str, str]:
    return {"audience_fit": package.audience_fit}


def _fill(offers: Sequence[Offer], impressions: int, key: str) -> tuple[int, int, int]:
    """(cost, rank x impressions, impressions left unfilled) of filling ``impressions``
    from the best offers by ``key`` (``price``: cheapest first; ``rank``: best audience
    rank first, then cheapest)."""
    ordered = sorted(offers, key=(lambda o: (o.cpm_micros, o.rank)) if key == "price"
                     else (lambda o: (o.rank, o.cpm_micros)))
    cost = ranked = 0
    left = impressions
    for offer in ordered:
        take = min(left, offer.capacity)
        cost += cost_micros(offer.cpm_micros, take)
        ranked += offer.rank * take
        left -= take
        if left <= 0:
            break
    return cost, ranked, max(0, left)


def score_channel(lines: Sequence[dict[str, object]], record: DeskRecord | None,
                  network: SandboxNetwork) -> DecisionScore:
    """The booked lines of one channel against the fitting packages its desk saw."""
    offers = _offers(record, network) if record is not None else []
    ranks = {line_key(p.seller_url, p.product_id): audience_rank(_fit(p))
             for p in (record.state.packages.values()
                       if record is not None and record.state is not None else [])}
    paid = impressions = ranked = opening = 0
    for line in lines:
        key = line_key(str(line["seller_url"]), str(line["product_id"]))
        imps, cpm = int(str(line["impressions"])), int(str(line["cpm_micros"]))
        paid += cost_micros(cpm, imps)
        impressions += imps
        ranked += ranks.get(key, 2) * imps
        ask = record.opening_cpm.get(key, cpm) if record is not None else cpm
        opening += cost_micros(ask, imps)
    cheapest, _, unfilled = _fill(offers, impressions, "price")
    _, best_ranked, _ = _fill(offers, impressions, "rank")
    if unfilled:  # the kits' prices and avails cannot say what the cheapest fill costs
        cheapest = priced = 0
    else:
        priced = paid
    return DecisionScore(paid_micros=paid, priced_paid_micros=priced,
                         cheapest_fill_micros=cheapest,
                         impressions=impressions, rank_impressions=ranked,
                         best_rank_impressions=best_ranked, opening_micros=opening)


def score_run(booked: dict[str, list[dict[str, object]]], records: dict[str, DeskRecord],
              network: SandboxNetwork, *, budget_micros: int,
              committed_micros: int) -> DecisionScore:
    """Every channel's booked lines (``booked[channel]``) scored, and the run's totals."""
    score = DecisionScore(budget_micros=budget_micros, committed_micros=committed_micros)
    by_seller: dict[str, int] = {}
    for channel, lines in sorted(booked.items()):
        score = score + score_channel(lines, records.get(channel), network)
        for line in lines:
            url = str(line["seller_url"]).rstrip("/")
            by_seller[url] = by_seller.get(url, 0) + int(str(line["cost_micros"]))
    return score + DecisionScore(largest_seller_micros=max(by_seller.values(), default=0))
