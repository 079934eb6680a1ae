"""What the sellers' own records hold, and what the buyer's log says, for tests that
check one against the other."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from ad_buyer.events.log import RationaleLog, RunRecord
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.storage.db import Database


def live_micros(network: SandboxNetwork, seller: str | None = None) -> int:
    """Money live at the sellers (or one seller): each deal's impressions at the CPM
    it was booked at, in micros rounded half up, as the seller records it."""
    urls = [seller] if seller is not None else network.seller_urls
    return sum(live_micros_of(d.price_micros, d.deal.terms.impressions)
               for url in urls for d in network.active_deals(url))


def live_by_channel(network: SandboxNetwork) -> dict[str, dict[str, int]]:
    """``{channel: {seller URL: micros}}`` live at the sellers."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for url in network.seller_urls:
        for deal in network.active_deals(url):
            held = live_micros_of(deal.price_micros, deal.deal.terms.impressions)
            channel = str(deal.deal.terms.inventory_type)
            out[channel][url.rstrip("/")] = out[channel].get(url.rstrip("/"), 0) + held
    return out


def live_by_package(network: SandboxNetwork) -> dict[str, dict[str, int]]:
    """``{channel: {seller URL|product id: micros}}`` live at the sellers."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for url in network.seller_urls:
        for deal in network.active_deals(url):
            held = live_micros_of(deal.price_micros, deal.deal.terms.impressions)
            package = f"{url.rstrip('/')}|{deal.deal.terms.product_id}"
            channel = out[str(deal.deal.terms.inventory_type)]
            channel[package] = channel.get(package, 0) + held
    return out


def live_micros_of(price_micros: int, impressions: int) -> int:
    return int((Decimal(price_micros * impressions) / 1000).quantize(Decimal(1),
                                                                      ROUND_HALF_UP))


def runs_in(db_url: str) -> list[RunRecord]:
    """Every run the database logged, newest first."""
    database = Database(db_url)
    try:
        log = RationaleLog(database)
        return [log.get_run(r.id) for r in log.list_runs()]
    finally:
        database.dispose()
