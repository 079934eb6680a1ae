"""A scripted seller speaking both negotiation wire forms, for MockTransport tests."""

from __future__ import annotations

import json
from typing import Any

import httpx


class FakeSeller:
    """Counters with ``asks`` in order; accepts an offer at or above its next ask.

    ``forms`` says which wire forms it serves ("proposals", "messages").
    """

    def __init__(self, asks: list[float], *, forms: tuple[str, ...] = ("proposals",),
                 final_at: int | None = None, reject_after: int | None = None) -> None:
        self.asks = asks
        self.forms = forms
        self.final_at = final_at
        self.reject_after = reject_after
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.current: float | None = None
        self.round = 0
        self.closed = False
        self.override: dict[str, Any] | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else {}
        path = request.url.path
        self.requests.append((path, body))
        if path == "/api/v1/negotiations/messages":
            if "messages" not in self.forms:
                return httpx.Response(404, json={"detail": "Not Found"})
            price = body.get("buyer_price")
            action = {"reject": "decline"}.get(body["action"], body["action"])
            reply = self.respond(action, price["amount_micros"] / 1e6 if price else None)
            return httpx.Response(200, json={
                "negotiation_id": "neg-1", "status": reply["status"],
                "rounds_remaining": reply["rounds_remaining"],
                "round": {"round_number": reply["round_number"],
                          "buyer_price": price,
                          "seller_price": {"amount_micros": round(reply["seller_price"] * 1e6),
                                           "currency": "USD"},
                          "action": reply["action"]}})
        if path.startswith("/proposals/") and path.endswith("/counter"):
            if "proposals" not in self.forms:
                return httpx.Response(404, json={"detail": "Not Found"})
            reply = self.respond(body.get("action", "counter"), body.get("buyer_price"))
            return httpx.Response(200, json={"negotiation_id": "neg-1", **reply})
        return httpx.Response(404, json={"detail": "Not Found"})

    def respond(self, action: str, price: float | None) -> dict[str, Any]:
        assert not self.closed, "negotiation already closed"
        self.round += 1
        if self.override is not None:
            return {"round_number": self.round, **self.override}
        if action == "decline":
            self.closed = True
            return self._reply("reject", self.current or 0.0, "declined")
        if action == "accept":
            assert price == self.current, "accept must carry the seller's current price"
            self.closed = True
            return self._reply("accept", price, "accepted")
        assert price is not None
        ask = self.asks[min(self.round - 1, len(self.asks) - 1)]
        if price >= ask:
            self.closed = True
            return self._reply("accept", price, "accepted")
        if self.reject_after is not None and self.round > self.reject_after:
            self.closed = True
            return self._reply("reject", self.current or ask, "rejected")
        self.current = ask
        final = self.final_at is not None and self.round >= self.final_at
        return self._reply("final_offer" if final else "counter", ask, "negotiating")

    def _reply(self, action: str, price: float, status: str) -> dict[str, Any]:
        return {"round_number": self.round, "action": action, "seller_price": price,
                "status": status, "rounds_remaining": 0 if self.closed else 3,
                "reason": f"{action} at {price}"}
