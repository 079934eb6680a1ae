"""Delivery simulation: profiles, as_of, change requests and cancellation."""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx
import pytest

from ad_buyer.models.deals import ChangeRequestResponse, DeliveryReport
from ad_buyer.sandbox.config import DeliveryProfile
from ad_buyer.sandbox.delivery import DeliveryEvent, DeliveryPlan, simulate
from ad_buyer.sandbox.network import SandboxNetwork

from .support import KEY, book, idem, quote

MID = datetime(2026, 7, 16, tzinfo=UTC)  # half of a 30-day July flight (1st..30th)


def plan(profile: DeliveryProfile, events: list[DeliveryEvent] | None = None) -> DeliveryPlan:
    return DeliveryPlan(date(2026, 7, 1), date(2026, 7, 30), 3_000_000, profile,
                        events=events or [])


@pytest.mark.parametrize(("profile", "low", "high"), [
    (DeliveryProfile.ON_PACE, 0.49, 0.51),
    (DeliveryProfile.UNDER, 0.25, 0.40),
    (DeliveryProfile.OVER, 0.55, 0.75),
    (DeliveryProfile.STALL, 0.29, 0.31),
])
def test_profiles_mid_flight(profile: DeliveryProfile, low: float, high: float) -> None:
    share = simulate(plan(profile), MID).impressions / 3_000_000
    assert low <= share <= high


def test_lifecycle_statuses_and_bounds() -> None:
    on_pace = plan(DeliveryProfile.ON_PACE)
    before = simulate(on_pace, datetime(2026, 6, 1, tzinfo=UTC))
    assert (before.impressions, before.status) == (0, "booked")
    assert simulate(on_pace, MID).status == "active"
    after = simulate(on_pace, datetime(2026, 8, 5, tzinfo=UTC))
    assert after.status == "completed"
    assert after.impressions == pytest.approx(3_000_000, abs=1)
    over = simulate(plan(DeliveryProfile.OVER), datetime(2026, 8, 5, tzinfo=UTC))
    assert over.impressions <= 3_000_000
    stalled = plan(DeliveryProfile.STALL)
    assert simulate(stalled, MID).impressions == simulate(stalled, datetime(
        2026, 7, 29, tzinfo=UTC)).impressions


def test_changes_alter_only_the_future() -> None:
    base = plan(DeliveryProfile.ON_PACE)
    throttled = plan(DeliveryProfile.ON_PACE, [DeliveryEvent(MID, "pace", 0.5)])
    assert simulate(throttled, MID).impressions == simulate(base, MID).impressions
    late = datetime(2026, 7, 25, tzinfo=UTC)
    assert simulate(throttled, late).impressions < simulate(base, late).impressions
    cancelled = plan(DeliveryProfile.ON_PACE, [DeliveryEvent(MID, "cancel")])
    snap = simulate(cancelled, late)
    assert snap.status == "cancelled"
    assert snap.impressions == simulate(base, MID).impressions


async def _booked(client: httpx.AsyncClient, url: str, product_id: str) -> str:
    q = await quote(client, url, product_id=product_id, impressions=3_000_000)
    return str((await book(client, url, q["quote_id"]))["deal_id"])


async def test_performance_over_http(client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url("vidnation")  # under-delivers
    deal_id = await _booked(client, url, "prod-olv-001")
    r = await client.get(f"{url}/api/v1/deals/{deal_id}/performance",
                         params={"as_of": "2026-07-16"})
    report = DeliveryReport.model_validate(r.json())
    assert report.as_of == MID
    assert report.booked_impressions == 3_000_000
    assert 0.25 <= report.impressions_delivered / 3_000_000 <= 0.40
    cpm = network.booked_deals(url)[0].price_micros
    assert report.spend.amount_micros == round(cpm * report.impressions_delivered / 1000)
    later = DeliveryReport.model_validate((await client.get(
        f"{url}/api/v1/deals/{deal_id}/performance",
        params={"as_of": "2026-07-20T12:00:00Z"})).json())
    assert later.impressions_delivered > report.impressions_delivered
    now = DeliveryReport.model_validate(
        (await client.get(f"{url}/api/v1/deals/{deal_id}/performance")).json())
    assert now.impressions_delivered == 0  # the test clock is before the flight
    assert now.status == "booked"
    bad = await client.get(f"{url}/api/v1/deals/{deal_id}/performance",
                           params={"as_of": "yesterday"})
    assert bad.status_code == 422
    assert (await client.get(f"{url}/api/v1/deals/nope/performance")).status_code == 404


async def change(client: httpx.AsyncClient, url: str, deal_id: str, change_type: str,
                 **fields: object) -> ChangeRequestResponse:
    r = await client.post(f"{url}/api/v1/change-requests", headers=KEY, json={
        "idempotency_key": idem(), "deal_id": deal_id, "change_type": change_type, **fields})
    assert r.status_code == 200, r.text
    return ChangeRequestResponse.model_validate(r.json())


async def report(client: httpx.AsyncClient, url: str, deal_id: str, as_of: str) -> int:
    r = await client.get(f"{url}/api/v1/deals/{deal_id}/performance", params={"as_of": as_of})
    return int(r.json()["impressions_delivered"])


async def test_change_requests_steer_delivery(client: httpx.AsyncClient,
                                              network: SandboxNetwork) -> None:
    url = network.seller_url("streamwave")
    steady = await _booked(client, url, "prod-ctv-001")
    pushed = await _booked(client, url, "prod-ctv-002")
    before = {d: await report(client, url, d, "2026-07-16") for d in (steady, pushed)}
    cr = await change(client, url, pushed, "increase_delivery", reason="behind plan")
    assert cr.status.value == "approved"
    got = await client.get(f"{url}/api/v1/change-requests/{cr.change_request_id}")
    assert ChangeRequestResponse.model_validate(got.json()) == cr
    assert await report(client, url, pushed, "2026-07-16") == before[pushed]  # past unchanged
    gained = {d: await report(client, url, d, "2026-07-22") - before[d] for d in before}
    assert gained[pushed] > 1.15 * gained[steady]
    throttled = await change(client, url, steady, "throttle_delivery")
    assert throttled.status.value == "approved"
    more = await change(client, url, steady, "impressions", impressions=4_000_000)
    assert more.impressions == 4_000_000
    deal = (await client.get(f"{url}/api/v1/deals/{steady}")).json()["deal"]
    assert deal["terms"]["impressions"] == 4_000_000
    budget = await change(client, url, steady, "budget",
                          budget={"amount_micros": 200_000_000_000, "currency": "USD"})
    assert budget.impressions is not None
    assert budget.impressions > 0
    flight = await change(client, url, steady, "flight", flight_end="2026-08-15")
    assert flight.flight_end == date(2026, 8, 15)
    assert (await client.get(f"{url}/api/v1/change-requests/cr-nope")).status_code == 404


async def test_cancel_stops_delivery(client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url("soundwave")
    deal_id = await _booked(client, url, "prod-audio-001")
    at_cancel = await report(client, url, deal_id, "2026-07-05")
    cancelled = await change(client, url, deal_id, "cancel", reason="rollback")
    assert cancelled.status.value == "approved"
    r = await client.get(f"{url}/api/v1/deals/{deal_id}/performance",
                         params={"as_of": "2026-07-25"})
    assert r.json()["status"] == "cancelled"
    assert r.json()["impressions_delivered"] == at_cancel
    deal = (await client.get(f"{url}/api/v1/deals/{deal_id}")).json()["deal"]
    assert deal["status"] == "cancelled"
    assert network.active_deals(url) == []
    again = await change(client, url, deal_id, "cancel")
    assert again.status.value == "approved"
    refused = await change(client, url, deal_id, "increase_delivery")
    assert refused.status.value == "rejected"


async def test_seller_rejects_configured_change_types(client: httpx.AsyncClient,
                                                      network: SandboxNetwork) -> None:
    url = network.seller_url("primetime")  # rejects increase_delivery
    deal_id = await _booked(client, url, "prod-linear-001")
    cr = await change(client, url, deal_id, "increase_delivery")
    assert cr.status.value == "rejected"
    assert "increase_delivery" in cr.seller_message
    assert (await change(client, url, deal_id, "throttle_delivery")).status.value == "approved"


async def test_change_request_validation(client: httpx.AsyncClient,
                                         network: SandboxNetwork) -> None:
    url = network.seller_url("streamwave")
    deal_id = await _booked(client, url, "prod-ctv-001")
    body = {"idempotency_key": idem(), "deal_id": deal_id, "change_type": "impressions"}
    r = await client.post(f"{url}/api/v1/change-requests", json=body, headers=KEY)
    assert r.status_code == 422
    r = await client.post(f"{url}/api/v1/change-requests", headers=KEY,
                          json={**body, "idempotency_key": idem(), "change_type": "explode"})
    assert r.status_code == 422
    r = await client.post(f"{url}/api/v1/change-requests", headers=KEY,
                          json={**body, "idempotency_key": idem(), "deal_id": "nope",
                                "change_type": "cancel"})
    assert r.status_code == 404
    body = {**body, "idempotency_key": idem(), "change_type": "throttle_delivery"}
    first = await client.post(f"{url}/api/v1/change-requests", json=body, headers=KEY)
    replay = await client.post(f"{url}/api/v1/change-requests", json=body, headers=KEY)
    assert replay.json() == first.json()
