"""A simulated seller world for the pacing benchmark.

It is written for the benchmark and shares nothing with ``ad_buyer``: it
imports no buyer model, client or pacing code, and no sandbox code. It speaks
the seller Deals API as JSON over an ``httpx.MockTransport`` (the same routes
the buyer's ``DealsClient`` calls in production):

- ``GET  /api/v1/deals/{id}/performance?as_of=...``
- ``POST /api/v1/change-requests``
- ``GET  /api/v1/change-requests/{id}``

Every seller has hidden state the buyer never sees: per deal, a daily
inventory capacity (a multiple of the deal's booked daily rate), an ad-server
pacing setting, and possibly a stall (a fixable trafficking problem, or the
inventory selling out); per seller, whether it accepts mid-flight changes at
all, whether it checks its avails before accepting more budget, and whether it
answers change requests at once or the next day. An answer depends only on
the request and that hidden state, never on who is asking: every strategy may
send any request, and the same request gets the same answer.

Delivery is simulated day by day. Each day a seller's ad server aims at
``pace x remaining / days left`` (catch-up pacing), delivers at most that
day's capacity (daily noise included), and never more than the booked goal.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import httpx

DAY = timedelta(days=1)


@dataclass(frozen=True)
class WorldParams:
    """The world's distributions. Chosen from how delivery goes wrong in practice,
    before the engine was tuned against them; every strategy flies the same draws."""

    # Daily inventory the seller has for a deal, as a multiple of its booked daily rate.
    ample_capacity: tuple[float, float] = (1.2, 2.2)
    tight_capacity: tuple[float, float] = (0.8, 1.0)
    tight_share: float = 0.20
    short_capacity: tuple[float, float] = (0.45, 0.8)
    short_share: float = 0.10
    capacity_noise: float = 0.10  # daily, uniform +/- this share
    # The seller's ad-server pacing setting (1.0 = on the booked curve).
    over_pace: tuple[float, float] = (1.25, 1.6)
    over_share: float = 0.20
    under_pace: tuple[float, float] = (0.6, 0.85)
    under_share: float = 0.20
    # Stalls: delivery stops at a point of the flight.
    stall_share: float = 0.15
    stall_at: tuple[float, float] = (0.2, 0.6)
    fixable_stall_share: float = 0.5  # a trafficking problem a request gets fixed
    # Seller policies.
    rejects_changes_share: float = 0.15
    checks_avails_share: float = 0.6
    answers_next_day_share: float = 0.2
    increase_pace: float = 1.2  # an approved increase: pace -> max(pace, 1) x this
    throttle_pace: float = 0.8  # an approved throttle: pace -> pace x this


@dataclass
class SimDeal:
    deal_id: str
    cpm_micros: int
    goal: int  # booked impressions (changed by approved budget/impressions requests)
    flight_start: date
    flight_end: date  # inclusive
    capacity_rate: float  # impressions/day the seller has for it
    pace: float
    stall_day: float | None  # flight day the deal stops delivering
    stall_fixable: bool
    noise_seed: int
    noise: float
    booked: int = 0  # the goal as booked
    resumed: bool = False
    delivered: float = 0.0
    daily: list[float] = field(default_factory=list)  # impressions delivered per flight day

    @property
    def days(self) -> int:
        return (self.flight_end - self.flight_start).days + 1

    def stalled_on(self, day: int) -> bool:
        return self.stall_day is not None and not self.resumed and day >= self.stall_day

    def sold_out(self, day: int) -> bool:
        return self.stall_day is not None and not self.stall_fixable and day >= self.stall_day

    def capacity_on(self, day: int) -> float:
        if self.sold_out(day):
            return 0.0
        draw = random.Random(self.noise_seed * 1_000 + day).uniform(-1.0, 1.0)
        return self.capacity_rate * (1.0 + self.noise * draw)

    def deliver_day(self, day: int) -> None:
        remaining = max(0.0, self.goal - self.delivered)
        if self.stalled_on(day) or remaining <= 0:
            amount = 0.0
        else:
            target = self.pace * remaining / (self.days - day)
            amount = min(target, self.capacity_on(day), remaining)
        self.delivered += amount
        self.daily.append(amount)

    def impressions_at(self, at: datetime, simulated_days: int) -> int:
        """Delivered by ``at``; days after ``simulated_days`` are not known yet."""
        start = datetime.combine(self.flight_start, time.min, tzinfo=UTC)
        elapsed = (at - start) / DAY
        whole = min(int(elapsed), len(self.daily), simulated_days)
        total = sum(self.daily[:max(0, whole)])
        if 0 <= whole < len(self.daily) and elapsed > whole:
            total += self.daily[whole] * (elapsed - whole)
        return int(total)


@dataclass
class Request:
    request_id: str
    deal_id: str
    change_type: str
    body: dict[str, Any]
    status: str
    message: str
    effective: datetime
    apply: Any = None  # a callable applied when the answer takes effect


@dataclass
class SimSeller:
    url: str
    rejects_changes: bool
    checks_avails: bool
    answers_next_day: bool
    deals: dict[str, SimDeal] = field(default_factory=dict)
    requests: dict[str, Request] = field(default_factory=dict)
    by_key: dict[str, tuple[str, str]] = field(default_factory=dict)  # idem key -> (body, id)
    received: int = 0


class World:
    """The sellers of one flight, advanced one day at a time by the benchmark."""

    def __init__(self, params: WorldParams, start: date, end: date) -> None:
        self.params = params
        self.start = start
        self.end = end
        self.sellers: dict[str, SimSeller] = {}
        self.now = datetime.combine(start, time.min, tzinfo=UTC)
        self.days_simulated = 0

    # -- building ---------------------------------------------------------

    def add_seller(self, url: str, rng: random.Random) -> SimSeller:
        p = self.params
        seller = SimSeller(url, rejects_changes=rng.random() < p.rejects_changes_share,
                           checks_avails=rng.random() < p.checks_avails_share,
                           answers_next_day=rng.random() < p.answers_next_day_share)
        self.sellers[url] = seller
        return seller

    def add_deal(self, seller: SimSeller, deal_id: str, cpm_micros: int, impressions: int,
                 rng: random.Random) -> SimDeal:
        p = self.params
        days = (self.end - self.start).days + 1
        rate = impressions / days
        capacity = _mixture(rng, [(p.short_share, p.short_capacity),
                                  (p.tight_share, p.tight_capacity)], p.ample_capacity)
        pace = _mixture(rng, [(p.over_share, p.over_pace), (p.under_share, p.under_pace)], 1.0)
        stall_day = None
        fixable = False
        if rng.random() < p.stall_share:
            stall_day = round(rng.uniform(*p.stall_at) * days)
            fixable = rng.random() < p.fixable_stall_share
        deal = SimDeal(deal_id, cpm_micros, impressions, self.start, self.end,
                       capacity_rate=capacity * rate, pace=pace, stall_day=stall_day,
                       stall_fixable=fixable, noise_seed=rng.randrange(1 << 30),
                       noise=p.capacity_noise, booked=impressions)
        seller.deals[deal_id] = deal
        return deal

    # -- time -------------------------------------------------------------

    def advance_to(self, at: datetime) -> None:
        """Deliver every whole flight day before ``at``; apply answers due by then."""
        self.now = at
        for seller in self.sellers.values():
            for request in seller.requests.values():
                if request.apply is not None and request.effective <= at:
                    request.apply()
                    request.apply = None
        start = datetime.combine(self.start, time.min, tzinfo=UTC)
        days = (self.end - self.start).days + 1
        target = min(days, max(0, int((at - start) / DAY)))
        while self.days_simulated < target:
            for seller in self.sellers.values():
                for deal in seller.deals.values():
                    deal.deliver_day(self.days_simulated)
            self.days_simulated += 1

    def spend_micros(self) -> int:
        """What every deal has really spent so far (the truth, not a report)."""
        return sum(int(d.delivered) * d.cpm_micros // 1000
                   for s in self.sellers.values() for d in s.deals.values())

    def flight_day(self) -> int:
        return self.days_simulated

    def best_possible_spend(self, budget_micros: int) -> int:
        """An upper bound on what any policy could spend of ``budget_micros``, knowing
        every hidden state from the first day: each deal's whole capacity over the
        flight (none after it sells out; a fixable stall fixed at once where the
        seller accepts changes). A seller that accepts no change keeps its deals'
        booked budgets: they deliver what they can, and that money cannot move."""
        locked_spend = locked_budget = free_capacity = 0
        for seller in self.sellers.values():
            for deal in seller.deals.values():
                days = [d for d in range(deal.days) if not (
                    deal.stall_day is not None and d >= deal.stall_day
                    and (not deal.stall_fixable or seller.rejects_changes))]
                capacity = int(sum(deal.capacity_on(d) for d in days))
                if seller.rejects_changes:
                    locked_spend += min(capacity, deal.booked) * deal.cpm_micros // 1000
                    locked_budget += deal.booked * deal.cpm_micros // 1000
                else:
                    free_capacity += capacity * deal.cpm_micros // 1000
        return locked_spend + min(budget_micros - locked_budget, free_capacity)

    # -- seller answers ---------------------------------------------------

    def _decide(self, seller: SimSeller, deal: SimDeal, body: dict[str, Any]
                ) -> tuple[str, str, Any]:
        """(status, message, effect) for one change request, from hidden state only."""
        p = self.params
        kind = body.get("change_type")
        if seller.rejects_changes:
            return "rejected", "mid-flight changes are not accepted on this deal", None
        day = self.flight_day()
        days_left = max(0, deal.days - day)
        remaining = max(0.0, deal.goal - deal.delivered)
        if kind == "increase_delivery":
            if deal.sold_out(day):
                return "rejected", "no inventory left for this deal", None
            if deal.stalled_on(day):
                def resume() -> None:
                    deal.resumed = True
                    deal.pace = max(deal.pace, 1.0)
                return "approved", "delivery problem fixed; delivery resumed", resume
            needed = remaining / days_left if days_left else 0.0
            if deal.capacity_rate <= needed * 1.05:
                return "rejected", "no spare inventory to deliver faster", None

            def faster() -> None:
                deal.pace = max(deal.pace, 1.0) * p.increase_pace
            return "approved", "delivery priority raised", faster
        if kind == "throttle_delivery":
            def slower() -> None:
                deal.pace *= p.throttle_pace
            return "approved", "delivery throttled", slower
        if kind in ("budget", "impressions"):
            if kind == "budget":
                money = body.get("budget") or {}
                goal = int(money.get("amount_micros", 0)) * 1000 // deal.cpm_micros
            else:
                goal = int(body.get("impressions") or 0)
            if goal < deal.delivered:
                return "rejected", f"{int(deal.delivered)} impressions are already delivered", None
            if goal > deal.goal and seller.checks_avails:
                forecast = deal.delivered + sum(deal.capacity_on(d)
                                                for d in range(day, deal.days))
                if goal > forecast:
                    return "rejected", "insufficient inventory for the new goal", None

            def regoal() -> None:
                deal.goal = goal
            return "approved", "booked impressions changed", regoal
        return "rejected", f"change type {kind!r} is not supported", None

    # -- HTTP -------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        base = f"{request.url.scheme}://{request.url.netloc.decode()}"
        seller = self.sellers.get(base)
        if seller is None:
            return _error(404, "not_found", f"no seller at {base}")
        path = request.url.path
        if request.method == "GET" and path.startswith("/api/v1/deals/") \
                and path.endswith("/performance"):
            return self._performance(seller, path.split("/")[-2],
                                     request.url.params.get("as_of"))
        if request.method == "POST" and path == "/api/v1/change-requests":
            return self._change(seller, json.loads(request.content))
        if request.method == "GET" and path.startswith("/api/v1/change-requests/"):
            found = seller.requests.get(path.rsplit("/", 1)[-1])
            if found is None:
                return _error(404, "change_request_not_found", "no such change request")
            return httpx.Response(200, json=self._answer(found))
        return _error(404, "not_found", path)

    def _performance(self, seller: SimSeller, deal_id: str, as_of: str | None
                     ) -> httpx.Response:
        deal = seller.deals.get(deal_id)
        if deal is None:
            return _error(404, "deal_not_found", f"no deal {deal_id!r}")
        at = self.now
        if as_of:
            parsed = datetime.fromisoformat(as_of.replace("Z", "+00:00"))
            at = min(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC), self.now)
        impressions = deal.impressions_at(at, self.days_simulated)
        end = datetime.combine(deal.flight_end + DAY, time.min, tzinfo=UTC)
        status = "completed" if at >= end or impressions >= deal.goal else "active"
        return httpx.Response(200, json={
            "deal_id": deal_id, "as_of": at.isoformat(),
            "impressions_delivered": impressions,
            "spend": {"amount_micros": impressions * deal.cpm_micros // 1000,
                      "currency": "USD"},
            "booked_impressions": deal.goal, "status": status})

    def _change(self, seller: SimSeller, body: dict[str, Any]) -> httpx.Response:
        key = body.get("idempotency_key")
        if not key:
            return _error(422, "validation_error", "idempotency_key is required")
        canonical = json.dumps(body, sort_keys=True)
        if key in seller.by_key:
            seen, request_id = seller.by_key[key]
            if seen != canonical:
                return _error(409, "idempotency_conflict", "key reused with another body")
            return httpx.Response(200, json=self._answer(seller.requests[request_id]))
        deal = seller.deals.get(str(body.get("deal_id")))
        if deal is None:
            return _error(404, "deal_not_found", f"no deal {body.get('deal_id')!r}")
        seller.received += 1
        status, message, effect = self._decide(seller, deal, body)
        request_id = f"cr-{seller.received}"
        effective = self.now + (DAY if seller.answers_next_day else timedelta(0))
        stored = Request(request_id, deal.deal_id, str(body.get("change_type")), body,
                         status, message, effective, effect)
        if not seller.answers_next_day and effect is not None:
            effect()
            stored.apply = None
        seller.requests[request_id] = stored
        seller.by_key[key] = (canonical, request_id)
        return httpx.Response(200, json=self._answer(stored))

    def _answer(self, request: Request) -> dict[str, Any]:
        status = request.status if request.effective <= self.now else "pending"
        return {"change_request_id": request.request_id, "deal_id": request.deal_id,
                "change_type": request.change_type, "status": status,
                "seller_message": request.message if status != "pending" else "under review"}

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)


def _mixture(rng: random.Random, parts: list[tuple[float, tuple[float, float]]],
             rest: tuple[float, float] | float) -> float:
    """A uniform draw from the range of the part one draw lands in; otherwise ``rest``
    (a range to draw from, or a fixed value)."""
    draw = rng.random()
    for share, (low, high) in parts:
        if draw < share:
            return rng.uniform(low, high)
        draw -= share
    return rest if isinstance(rest, float) else rng.uniform(*rest)


def _error(status: int, code: str, message: str) -> httpx.Response:
    return httpx.Response(status, json={"detail": {"error": code, "message": message}})
