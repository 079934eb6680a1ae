"""A scripted seller Deals API on ``httpx.MockTransport`` for engine unit tests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from ad_buyer.clients.deals_client import DealsClient


class BuyerCrashed(Exception):
    """Stands for the buyer's process dying mid-request (not an HTTP error)."""


@dataclass
class FakeSeller:
    """Reports come from ``spend[deal_id]`` (micros); change answers from ``answers``."""

    url: str
    cpm_micros: int
    spend: dict[str, int] = field(default_factory=dict)
    booked: dict[str, int] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)  # change_type -> status
    report_deal_id: dict[str, str] = field(default_factory=dict)  # lie about the deal id
    fail_performance: bool = False
    received: list[dict[str, Any]] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)
    crash_after_receiving: set[str] = field(default_factory=set)  # change types, once each
    by_key: dict[str, str] = field(default_factory=dict)  # idempotency key -> cr id
    replays: list[str] = field(default_factory=list)  # keys answered from memory

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "GET" and path.endswith("/performance"):
            if self.fail_performance:
                return httpx.Response(404, json={"detail": {"error": "not_found",
                                                            "message": "no such deal"}})
            deal_id = path.split("/")[-2]
            spend = self.spend.get(deal_id, 0)
            as_of = request.url.params["as_of"]
            return httpx.Response(200, json={
                "deal_id": self.report_deal_id.get(deal_id, deal_id),
                "as_of": as_of if "T" in as_of else f"{as_of}T00:00:00Z",
                "impressions_delivered": spend * 1000 // self.cpm_micros,
                "spend": {"amount_micros": spend, "currency": "USD"},
                "booked_impressions": self.booked.get(deal_id, 1_000_000),
            })
        if request.method == "POST" and path == "/api/v1/change-requests":
            body = json.loads(request.content)
            key = body["idempotency_key"]
            if key in self.by_key:  # a retry: the same answer, nothing applied again
                self.replays.append(key)
                cr_id = self.by_key[key]
                return httpx.Response(200, json=self._answer(cr_id, body, self.statuses[cr_id]))
            self.received.append(body)
            cr_id = f"cr-{len(self.received)}"
            self.by_key[key] = cr_id
            status = self.answers.get(body["change_type"], "approved")
            self.statuses[cr_id] = status
            if body["change_type"] in self.crash_after_receiving:
                self.crash_after_receiving.discard(body["change_type"])
                raise BuyerCrashed("the buyer died before it read the answer")
            return httpx.Response(200, json=self._answer(cr_id, body, status))
        if request.method == "GET" and path.startswith("/api/v1/change-requests/"):
            cr_id = path.rsplit("/", 1)[-1]
            number = int(cr_id.split("-")[1])
            return httpx.Response(200, json=self._answer(cr_id, self.received[number - 1],
                                                         self.statuses[cr_id]))
        return httpx.Response(404, json={"detail": {"error": "not_found", "message": path}})

    @staticmethod
    def _answer(cr_id: str, body: dict[str, Any], status: str) -> dict[str, Any]:
        return {"change_request_id": cr_id, "deal_id": body["deal_id"],
                "change_type": body["change_type"], "status": status,
                "seller_message": "no inventory" if status == "rejected" else "ok"}


class FakeNetwork:
    def __init__(self, *sellers: FakeSeller) -> None:
        self.sellers = {s.url: s for s in sellers}

    def client(self, seller_url: str) -> DealsClient:
        seller = self.sellers[seller_url]
        return DealsClient(seller_url, transport=httpx.MockTransport(seller.handle),
                           max_retries=0)
