"""Plan, revise and book through the real app (httpx ASGI transport), checked against
the sandbox sellers' own records."""

from __future__ import annotations

import logging

import httpx
import pytest

from ad_buyer.api.app import create_app
from ad_buyer.clients.credentials import SellerKeyStore

from .conftest import BRIEF, GAPPY_BRIEF, REFERENCE, Api, sandbox_deals, service_over


async def test_a_brief_with_gaps_is_422_with_each_gap(api: Api) -> None:
    answer = await api.client.post("/plans", json={"brief": GAPPY_BRIEF})
    assert answer.status_code == 422
    body = answer.json()
    assert body["error"] == "brief_gaps"
    fields = {gap["field"] for gap in body["gaps"]}
    assert {"budget", "flight_dates"} <= fields
    assert all(gap["message"] for gap in body["gaps"])
    assert sandbox_deals(api.network) == []
    listed = await api.client.get("/runs")
    assert listed.json() == []  # no run, no dry run: nothing went to a seller


async def test_plan_revise_book_and_book_again(api: Api, caplog: pytest.LogCaptureFixture
                                               ) -> None:
    caplog.set_level(logging.INFO)
    seen: list[str] = []
    made = await api.client.post("/plans", json={"brief": BRIEF,
                                                 "reference_date": REFERENCE})
    assert made.status_code == 201, made.text
    seen.append(made.text)
    plan = made.json()
    assert plan["status"] == "planned"
    assert plan["read_as"][0] == "Read as:"
    assert {a["channel"] for a in plan["allocation"]} == {"ctv", "audio"}
    assert sum(a["amount_micros"] for a in plan["allocation"]) == 250_000_000_000
    assert plan["deals"]
    assert all(d["status"] == "planned" for d in plan["deals"])
    assert plan["quotes_hold_until"] is not None
    assert sandbox_deals(api.network) == []  # a plan is a dry run: nothing booked
    plan_id = plan["id"]
    ctv_before = next(a["amount_micros"] for a in plan["allocation"] if a["channel"] == "ctv")

    moved = await api.client.post(f"/plans/{plan_id}/revise",
                                  json={"revision": "move 10% from audio to ctv"})
    assert moved.status_code == 200, moved.text
    seen.append(moved.text)
    ctv_after = next(a["amount_micros"] for a in moved.json()["plan"]["allocation"]
                     if a["channel"] == "ctv")
    assert ctv_after > ctv_before
    assert moved.json()["applied"].startswith("Moved ")

    capped = await api.client.post(f"/plans/{plan_id}/revise",
                                   json={"revision": "cap CPM at $25"})
    assert capped.status_code == 200, capped.text
    seen.append(capped.text)
    revised = capped.json()["plan"]
    assert revised["max_cpm_micros"] == 25_000_000
    assert all(d["cpm_micros"] <= 25_000_000 for d in revised["deals"])
    dropped_seller = revised["deals"][0]["seller_url"].rsplit("/", 1)[-1]
    dropped = await api.client.post(f"/plans/{plan_id}/revise",
                                    json={"revision": f"drop seller {dropped_seller}"})
    assert dropped.status_code == 200, dropped.text
    seen.append(dropped.text)
    final = dropped.json()["plan"]
    assert not any(d["seller_url"].endswith(f"/{dropped_seller}") for d in final["deals"])
    assert final["revisions"] == ["move 10% from audio to ctv", "cap CPM at $25",
                                  f"drop seller {dropped_seller}"]
    refused = await api.client.post(f"/plans/{plan_id}/revise",
                                    json={"revision": "move 90% from ctv to audio"})
    assert refused.status_code == 422
    assert refused.json()["error"] == "revision_refused"
    assert sandbox_deals(api.network) == []

    booked = await api.client.post(f"/plans/{plan_id}/book",
                                   headers={"Idempotency-Key": "book-1"})
    assert booked.status_code == 200, booked.text
    seen.append(booked.text)
    booking = booked.json()
    assert booking["booked_now"] is True
    at_sellers = sandbox_deals(api.network)
    run = booking["run"]
    booked_ids = {d["deal_id"] for d in run["deals"] if d["status"] == "booked"}
    assert booked_ids
    assert booked_ids == {d.deal.deal_id for d in at_sellers}
    assert not any(d["seller_url"].endswith(f"/{dropped_seller}") for d in run["deals"])
    assert run["committed_micros"] == sum(d["cost_micros"] for d in run["deals"]
                                          if d["status"] == "booked")
    assert run["committed_micros"] <= 250_000_000_000

    again = await api.client.post(f"/plans/{plan_id}/book")
    assert again.status_code == 200
    assert again.json()["booked_now"] is False
    assert again.json()["run_id"] == booking["run_id"]
    replayed = await api.client.post(f"/plans/{plan_id}/book",
                                     headers={"Idempotency-Key": "book-1"})
    assert replayed.json() == booking
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert len(sandbox_deals(api.network)) == len(at_sellers)  # booked once

    closed = await api.client.post(f"/plans/{plan_id}/revise",
                                   json={"revision": "cap CPM at $20"})
    assert closed.status_code == 409

    # A restarted service (a new app on the same database) keeps the plan and its booking.
    restarted = create_app(service_over(api.network, api.service.database.url))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=restarted),
                                 base_url="http://api.test") as fresh:
        kept = (await fresh.get(f"/plans/{plan_id}")).json()
        assert kept["status"] == "booked"
        assert kept["booked_run_id"] == booking["run_id"]
        assert kept["revisions"] == final["revisions"]
        once_more = (await fresh.post(f"/plans/{plan_id}/book")).json()
        assert once_more["booked_now"] is False
    assert len(sandbox_deals(api.network)) == len(at_sellers)

    run_id = booking["run_id"]
    for path in (f"/plans/{plan_id}", "/runs", f"/runs/{run_id}", f"/runs/{run_id}/log",
                 f"/runs/{run_id}/report", f"/runs/{run_id}/pacing", "/sellers"):
        answer = await api.client.get(path)
        assert answer.status_code == 200, (path, answer.text)
        seen.append(answer.text)
    detail = (await api.client.get(f"/runs/{run_id}")).json()
    assert detail["state"] == "completed"
    assert detail["pacing"] == run_id
    tree = (await api.client.get(f"/runs/{run_id}/log")).json()
    assert tree["entries"]
    assert any(node["children"] for node in tree["entries"])
    assert "<svg" in (await api.client.get(f"/runs/{run_id}/report")).text
    pacing = (await api.client.get(f"/runs/{run_id}/pacing")).json()
    assert pacing["mode"] == "manual"
    assert pacing["lines"]
    sellers = (await api.client.get("/sellers")).json()
    assert any(s["has_key"] for s in sellers)

    keys = [entry.key.get_secret_value() for entry in SellerKeyStore().entries()]
    assert keys  # the sandbox sellers issued keys, and the run used them
    everything = "\n".join(seen) + "\n" + caplog.text
    for key in keys:
        assert key not in everything


async def test_unknown_plan_run_and_recommendation_are_404(api: Api) -> None:
    for method, path in (("GET", "/plans/nope"), ("POST", "/plans/nope/book"),
                         ("GET", "/runs/nope"), ("GET", "/runs/nope/log"),
                         ("GET", "/runs/nope/pacing"),
                         ("POST", "/pacing/recommendations/nope/approve")):
        answer = await api.client.request(method, path)
        assert answer.status_code == 404, (path, answer.text)
        assert answer.json()["error"] == "not_found"


async def test_a_brief_straight_to_the_queue_once_per_key_and_per_brief(api: Api) -> None:
    body = {"brief": BRIEF, "reference_date": REFERENCE}
    queued = await api.client.post("/runs", json=body, headers={"Idempotency-Key": "q-1"})
    assert queued.status_code == 202, queued.text
    run_id = queued.json()["run_id"]
    replay = await api.client.post("/runs", json=body, headers={"Idempotency-Key": "q-1"})
    assert replay.status_code == 202
    assert replay.json()["run_id"] == run_id
    reused = await api.client.post("/runs", json={**body, "again": True},
                                   headers={"Idempotency-Key": "q-1"})
    assert reused.status_code == 422
    assert reused.json()["error"] == "idempotency_key_reused"
    repeat = await api.client.post("/runs", json=body)
    assert repeat.status_code == 409
    assert run_id in repeat.json()["message"]
    listed = (await api.client.get("/runs", params={"state": "queued"})).json()
    assert [r["id"] for r in listed] == [run_id]
    resumed = await api.client.post(f"/runs/{run_id}/resume")
    assert resumed.status_code == 409
    assert "queued" in resumed.json()["message"]
    assert sandbox_deals(api.network) == []  # no worker took it: nothing was bought
