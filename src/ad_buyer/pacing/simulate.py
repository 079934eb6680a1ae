"""Run a whole campaign flight against the in-process sandbox, day by day.

Deals are booked over real HTTP (``DealsClient`` quote-then-book on the
sandbox's ASGI transport); the sandbox's clock is moved to each simulated day
and the engine paces with ``as_of`` reports, so change requests alter the
sandbox's future delivery. Shocks set a seller's delivery profile for this
campaign's bookings only: ``stall`` stops it after 30% of the flight,
``over``/``under`` skew it. With ``state_path`` the sandbox is the durable one,
so a later ``pace approve`` reaches the deals booked here.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel, ConfigDict, Field, PositiveInt

from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.clients.http import new_idempotency_key
from ad_buyer.events.bus import EventBus
from ad_buyer.models.deals import DealResponse
from ad_buyer.models.money import cost_micros
from ad_buyer.pacing.curves import LINEAR, PacingCurve
from ad_buyer.pacing.detection import PaceStatus
from ad_buyer.pacing.engine import CycleResult, PacingEngine, PacingMode
from ad_buyer.pacing.models import ChannelPlan, Limits, PacingPlan, Thresholds
from ad_buyer.storage.db import Database

if TYPE_CHECKING:
    from ad_buyer.sandbox.network import SandboxNetwork

logger = logging.getLogger(__name__)

SHOCK_PROFILES = {"stall": "stall", "over": "over", "under": "under", "on_pace": "on_pace"}


class SimulatedLine(BaseModel):
    """One deal to book: a sandbox seller id, its channel and impressions."""

    model_config = ConfigDict(extra="forbid")

    seller_id: str
    channel: str
    impressions: PositiveInt = 1_000_000


class SimulationSpec(BaseModel):
    """A campaign to book and fly in the sandbox (the ``--plan`` file of ``pace simulate``)."""

    model_config = ConfigDict(extra="forbid")

    campaign_id: str = "sim-campaign"
    days: PositiveInt = 14
    seed: int = 42
    curve: PacingCurve = LINEAR
    # Extra campaign budget above what is booked, as a share of the booked value.
    headroom: float = Field(default=0.0, ge=0.0, le=1.0)
    channels: dict[str, ChannelPlan] = Field(default_factory=dict)
    sellers: dict[str, Limits] = Field(default_factory=dict)
    thresholds: Thresholds = Field(default_factory=Thresholds)
    lines: list[SimulatedLine] = Field(default_factory=lambda: [
        SimulatedLine(seller_id="streamwave", channel="ctv"),
        SimulatedLine(seller_id="omnicast", channel="ctv"),
        SimulatedLine(seller_id="pixelpress", channel="display"),
        SimulatedLine(seller_id="appreach", channel="display"),
        SimulatedLine(seller_id="vidnation", channel="online_video"),
    ], min_length=1)


def load_spec(path: str | Path) -> SimulationSpec:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))  # JSON is YAML too
    return SimulationSpec.model_validate(data)


def parse_shock(text: str) -> tuple[str, str]:
    """``stall:SELLER`` -> (seller_id, profile)."""
    kind, _, seller = text.partition(":")
    if kind not in SHOCK_PROFILES or not seller:
        raise ValueError(f"shock {text!r}: expected KIND:SELLER with KIND one of "
                         f"{', '.join(SHOCK_PROFILES)}")
    return seller, SHOCK_PROFILES[kind]


@dataclass
class SimClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class SimulationResult:
    engine: PacingEngine
    cycles: list[CycleResult] = field(default_factory=list)

    @property
    def final(self) -> list[PaceStatus]:
        return self.cycles[-1].statuses if self.cycles else []


DayCallback = Callable[[int, CycleResult], Awaitable[None] | None]


async def simulate_flight(
    spec: SimulationSpec,
    db: Database,
    *,
    shocks: Sequence[str] = (),
    mode: PacingMode = PacingMode.AUTO,
    days: int | None = None,
    bus: EventBus | None = None,
    on_day: DayCallback | None = None,
    before_day: Callable[[SandboxNetwork, int], None] | None = None,
    start: date | None = None,
    state_path: Path | None = None,
    stop_after: int | None = None,
) -> SimulationResult:
    """Book ``spec`` in an in-process sandbox and pace its flight day by day.

    The sandbox is fresh, or loaded from (and saved to) ``state_path``.
    ``stop_after`` paces only the first days, leaving the flight mid-way.
    ``before_day(network, n)`` runs before day ``n``'s cycle (e.g. to inject faults).
    """
    from ad_buyer.sandbox.catalog import default_sellers
    from ad_buyer.sandbox.config import DeliveryProfile, SandboxConfig
    from ad_buyer.sandbox.delivery import day_start
    from ad_buyer.sandbox.network import SandboxNetwork as Network

    flight_days = days or spec.days
    if stop_after is not None and stop_after < 1:
        raise ValueError(f"stop_after must be at least 1 day, got {stop_after}")
    paced_days = min(flight_days, stop_after or flight_days)
    overrides = dict(parse_shock(s) for s in shocks)
    sellers = default_sellers(spec.seed)
    known = {s.seller_id for s in sellers}
    for seller_id in {*overrides, *(line.seller_id for line in spec.lines)} - known:
        raise ValueError(f"unknown sandbox seller {seller_id!r}; known: {', '.join(sorted(known))}")
    flight_start = start or (datetime.now(UTC).date() + timedelta(days=1))
    flight_end = flight_start + timedelta(days=flight_days - 1)
    clock = SimClock(day_start(flight_start) - timedelta(hours=1))
    network = Network(SandboxConfig(seed=spec.seed), clock=clock, state_path=state_path)
    for seller_id, profile in overrides.items():
        network.set_delivery_profile(seller_id, DeliveryProfile(profile))

    def client(seller_url: str) -> DealsClient:
        return DealsClient(seller_url, transport=network.transport(), max_retries=0)

    try:
        deals, channels = await _book(spec, network, client, flight_start, flight_end)
    finally:
        for spec_before in sellers:  # shocks apply to this campaign's bookings only
            if spec_before.seller_id in overrides:
                network.set_delivery_profile(spec_before.seller_id,
                                             spec_before.delivery_profile)
    booked = sum(cost_micros(d.pricing.final_cpm.amount_micros, d.terms.impressions)
                 for d in deals)
    plan = PacingPlan.from_deals(
        deals, channels, campaign_id=spec.campaign_id,
        budget_micros=booked + int(booked * spec.headroom), curve=spec.curve,
        channel_plans=dict(spec.channels),
        sellers={network.seller_url(k): v for k, v in spec.sellers.items()},
        thresholds=spec.thresholds)
    engine = PacingEngine.start(plan, db, clients=client, mode=mode, bus=bus)
    result = SimulationResult(engine)
    try:
        for n in range(1, paced_days + 1):
            as_of = flight_start + timedelta(days=n)
            clock.now = day_start(as_of)
            if before_day is not None:
                before_day(network, n)
            cycle = await engine.run_cycle(as_of)
            result.cycles.append(cycle)
            if on_day is not None:
                outcome = on_day(n, cycle)
                if outcome is not None:
                    await outcome
    finally:
        await engine.aclose()
    return result


async def _book(spec: SimulationSpec, network: SandboxNetwork,
                client: Callable[[str], DealsClient], flight_start: date,
                flight_end: date) -> tuple[list[DealResponse], list[str]]:
    """Quote and book every line of ``spec`` over HTTP; the deals and their channels."""
    deals: list[DealResponse] = []
    channels: list[str] = []
    for line in spec.lines:
        seller = network.seller_spec(line.seller_id)
        package = next((p for p in seller.packages if p.channel.value == line.channel
                        and p.max_impressions >= line.impressions), None)
        if package is None:
            raise ValueError(f"{line.seller_id} sells no {line.channel} package of "
                             f"{line.impressions} impressions")
        async with client(network.seller_url(line.seller_id)) as deals_client:
            quote = await deals_client.request_quote(
                product_id=package.package_id, deal_type="PD", impressions=line.impressions,
                flight_start=flight_start, flight_end=flight_end)
            deal = await deals_client.book_deal(quote.quote_id,
                                                idempotency_key=new_idempotency_key("book"))
        logger.info("booked %s at %s for %s", deal.deal_id, line.seller_id, line.channel)
        deals.append(deal)
        channels.append(line.channel)
    return deals, channels
