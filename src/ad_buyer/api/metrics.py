"""Prometheus metrics for ``/metrics``: read from :func:`ad_buyer.durable.ops.snapshot`
at each scrape (the queue, the workers, runs by state, requests in flight per seller)."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from ad_buyer.storage.db import Database


class OpsCollector(Collector):
    def __init__(self, database: Database) -> None:
        self.database = database

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from ad_buyer.durable.ops import snapshot

        now = snapshot(self.database)
        yield GaugeMetricFamily("ad_buyer_queue_depth",
                                "campaign runs waiting on the queue for a worker",
                                value=now.queue_depth)
        yield GaugeMetricFamily("ad_buyer_live_workers", "workers running now",
                                value=now.live_workers)
        runs = GaugeMetricFamily("ad_buyer_runs", "runs by state (latest 1000)",
                                 labels=["state"])
        for state, count in sorted(now.runs_by_state.items()):
            runs.add_metric([state], count)
        yield runs
        sellers = GaugeMetricFamily("ad_buyer_seller_requests_in_flight",
                                    "requests in flight per seller, every process",
                                    labels=["seller"])
        for seller, count in sorted(now.seller_requests_in_flight.items()):
            sellers.add_metric([seller], count)
        yield sellers
        yield GaugeMetricFamily("ad_buyer_seller_request_limit",
                                "requests allowed in flight per seller",
                                value=now.per_seller_limit)


def metrics_registry(database: Database) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(OpsCollector(database))
    return registry


def render(registry: CollectorRegistry) -> bytes:
    return generate_latest(registry)
