"""Decision scores: each against its own reference, worked out by hand here."""

from __future__ import annotations

from decimal import Decimal

from ad_buyer.evaluation.decisions import score_channel, score_run, summarise
from ad_buyer.evaluation.recording import DeskRecord
from ad_buyer.orchestration.desk.models import DeskState, PackageOption
from ad_buyer.sandbox.testing import in_process_sandbox

MICROS = 1_000_000


def _packages(network: object) -> list[tuple[str, str, int]]:
    """(seller_url, product_id, max_impressions): a CTV package of each of three sellers."""
    found = []
    for seller in network.sellers:  # type: ignore[attr-defined]
        ctv = [p for p in seller.packages if p.channel.value == "ctv"]
        if ctv:
            found.append((network.seller_url(seller.seller_id),  # type: ignore[attr-defined]
                          ctv[0].product, ctv[0].max_impressions))
    return found[:3]


def _record(network: object, prices: list[int], fits: list[str]) -> DeskRecord:
    state = DeskState(channel="ctv")
    for i, ((url, product, _cap), cpm, fit) in enumerate(
            zip(_packages(network), prices, fits, strict=False)):
        state.packages[f"P{i}"] = PackageOption(
            ref=f"P{i}", seller_id=f"s{i}", seller_url=url, package_id=product,
            product_id=product, name="p", expected_cpm_micros=cpm, fits=True,
            audience_fit=fit)
    return DeskRecord("ctv", state=state)


def _line(url: str, product: str, cpm: int, impressions: int) -> dict[str, object]:
    return {"status": "booked", "seller_url": url, "product_id": product,
            "cpm_micros": cpm, "impressions": impressions,
            "cost_micros": cpm * impressions // 1000}


def test_price_is_scored_against_the_cheapest_fill_of_the_same_impressions() -> None:
    network = in_process_sandbox()
    (_url_a, _prod_a, cap_a), (url_b, prod_b, _), *_ = _packages(network)
    record = _record(network, [10 * MICROS, 20 * MICROS], ["fits", "partial:age"])
    record.opening_cpm[(url_b, prod_b)] = 25 * MICROS
    impressions = min(cap_a, 100_000)
    # Bought the dear package, negotiated down from 25 to 20.
    score = score_channel([_line(url_b, prod_b, 20 * MICROS, impressions)], record, network)
    assert score.paid_micros == 20 * impressions * MICROS // 1000
    assert score.cheapest_fill_micros == 10 * impressions * MICROS // 1000
    assert score.opening_micros == 25 * impressions * MICROS // 1000
    assert score.rank_impressions == impressions  # partial fit: rank 1
    assert score.best_rank_impressions == 0  # a full fit was on offer
    summary = summarise([score])
    assert summary.price_vs_cheapest_pct == Decimal(200)
    assert summary.savings_pct == Decimal(20)
    assert summary.audience_rank == 1


def test_the_cheapest_fill_respects_what_each_seller_holds() -> None:
    network = in_process_sandbox()
    (_url_a, _prod_a, cap_a), (url_b, prod_b, _), *_ = _packages(network)
    record = _record(network, [10 * MICROS, 20 * MICROS], ["fits", "fits"])
    more = cap_a + 1000  # one package cannot hold it all: the rest at the next price
    score = score_channel([_line(url_b, prod_b, 20 * MICROS, more)], record, network)
    assert score.cheapest_fill_micros == (10 * cap_a + 20 * 1000) * MICROS // 1000


def test_largest_seller_share_and_budget_use_are_measured() -> None:
    network = in_process_sandbox()
    (url_a, prod_a, _), (url_b, prod_b, _), *_ = _packages(network)
    record = _record(network, [10 * MICROS, 10 * MICROS], ["fits", "fits"])
    lines = [_line(url_a, prod_a, 10 * MICROS, 300_000), _line(url_b, prod_b, 10 * MICROS,
                                                                100_000)]
    score = score_run({"ctv": lines}, {"ctv": record}, network, budget_micros=5000 * MICROS,
                      committed_micros=4000 * MICROS)
    summary = summarise([score])
    assert summary.mean_largest_share_pct == Decimal(75)
    assert summary.budget_used_pct == Decimal(80)
    assert summary.price_vs_cheapest_pct == Decimal(100)
    empty = summarise([])
    assert empty.price_vs_cheapest_pct is None
    assert empty.mean_largest_share_pct is None


def test_a_channel_the_fitting_packages_cannot_fill_is_not_priced() -> None:
    network = in_process_sandbox()
    (url_a, prod_a, cap_a), *_ = _packages(network)
    record = _record(network, [10 * MICROS], ["fits"])  # one package: it holds cap_a
    score = score_channel([_line(url_a, prod_a, 10 * MICROS, cap_a + 1)], record, network)
    assert score.paid_micros > 0
    assert score.cheapest_fill_micros == 0
    assert score.priced_paid_micros == 0
    assert summarise([score]).price_vs_cheapest_pct is None
