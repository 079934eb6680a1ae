"""Durable sandbox state: a second network on the same file sees the first's world."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from ad_buyer.sandbox.config import DeliveryProfile, FaultConfig, SandboxConfig
from ad_buyer.sandbox.network import SandboxNetwork, is_in_process_url, persistent_sandbox
from ad_buyer.sandbox.persistence import SCHEMA_VERSION, STATE_FILE

from .support import KEY, FakeClock, book, idem, quote, quote_body

SELLER = "streamwave"


def net(path: Path, clock: FakeClock, config: SandboxConfig | None = None) -> SandboxNetwork:
    return SandboxNetwork(config, clock=clock, state_path=path)


async def test_state_survives_a_new_network(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "state.json"
    first = net(path, clock)
    url = first.seller_url(SELLER)
    body = quote_body()
    async with first.client() as c:
        q = (await c.post(f"{url}/api/v1/quotes", json=body, headers=KEY)).json()["quote"]
        deal = await book(c, url, q["quote_id"])
        opened = await c.post(f"{url}/proposals/quote-prod-ctv-001/counter",
                              json={"action": "counter", "price": 1.0}, headers=KEY)
        assert opened.status_code == 200, opened.text
        cr = await c.post(f"{url}/api/v1/change-requests", headers=KEY, json={
            "idempotency_key": idem(), "deal_id": deal["deal_id"],
            "change_type": "throttle_delivery"})
        assert cr.json()["status"] == "approved"
    assert path.exists()
    saved = json.loads(path.read_text())
    assert saved["schema_version"] == SCHEMA_VERSION
    before = first.state()
    del first

    second = net(path, clock)
    assert second.state() == before
    [stored] = second.booked_deals(SELLER)
    assert stored.deal.deal_id == deal["deal_id"]
    assert [e.kind for e in stored.plan.events] == ["pace"]
    async with second.client() as c:
        replay = await c.post(f"{url}/api/v1/quotes", json=body, headers=KEY)
        assert replay.json()["quote"]["quote_id"] == q["quote_id"]  # idempotency survived
        got = await c.get(f"{url}/api/v1/change-requests/{cr.json()['change_request_id']}")
        assert got.status_code == 200
        again = await c.post(f"{url}/proposals/quote-prod-ctv-001/counter",
                             json={"action": "counter", "price": 1.0}, headers=KEY)
        assert again.json()["negotiation_id"] == opened.json()["negotiation_id"]
        q2 = await quote(c, url)
        deal2 = await book(c, url, q2["quote_id"])
    assert deal2["deal_id"] != deal["deal_id"]  # id counters continue, no collision
    assert {d.deal.deal_id for d in net(path, clock).booked_deals(SELLER)} == {
        deal["deal_id"], deal2["deal_id"]}


async def test_reads_do_not_rewrite_an_unchanged_file(tmp_path: Path,
                                                      clock: FakeClock) -> None:
    path = tmp_path / "state.json"
    network = net(path, clock)
    async with network.client() as c:
        await c.get(f"{network.seller_url(SELLER)}/media-kit")
    assert path.exists()
    assert network.save() is False
    network.set_delivery_profile(SELLER, DeliveryProfile.STALL)
    assert network.save() is False  # a profile override is not seller state


async def test_another_world_starts_fresh_and_keeps_the_old_file(
        tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "state.json"
    first = net(path, clock)
    async with first.client() as c:
        url = first.seller_url(SELLER)
        await book(c, url, (await quote(c, url))["quote_id"])
    with caplog.at_level(logging.WARNING, logger="ad_buyer.sandbox.persistence"):
        other = net(path, clock, SandboxConfig(seed=7))
    assert other.booked_deals(SELLER) == []
    assert "another seed" in caplog.text
    assert (tmp_path / "state.json.stale").exists()


def test_corrupt_or_old_schema_file_starts_fresh(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json")
    assert net(path, clock).booked_deals(SELLER) == []
    fingerprint = SandboxNetwork(clock=clock).fingerprint
    path.write_text(json.dumps({"schema_version": 999, "fingerprint": fingerprint}))
    assert net(path, clock).booked_deals(SELLER) == []
    assert not path.exists()  # set aside as .stale until the next save


def test_faults_do_not_change_the_fingerprint(clock: FakeClock) -> None:
    plain = SandboxNetwork(clock=clock)
    specs = [s.model_copy(update={"faults": FaultConfig(error_rate=0.5)}) for s in plain.sellers]
    faulty = SandboxNetwork(SandboxConfig(sellers=specs), clock=clock)
    assert faulty.fingerprint == plain.fingerprint
    assert SandboxNetwork(SandboxConfig(seed=7), clock=clock).fingerprint != plain.fingerprint


def test_without_a_state_path_nothing_is_written(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    network = SandboxNetwork()
    assert network.save() is False
    assert list(tmp_path.iterdir()) == []


def test_persistent_sandbox_lives_in_ad_buyer_home(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AD_BUYER_HOME", str(tmp_path / "home"))
    network = persistent_sandbox()
    assert network.state_path == tmp_path / "home" / STATE_FILE
    assert persistent_sandbox(tmp_path / "x").state_path == tmp_path / "x" / STATE_FILE
    assert is_in_process_url(network.seller_url(SELLER))
    assert not is_in_process_url("http://sandbox.localhost/sellers/x")
    assert not is_in_process_url("https://seller.example.com/sellers/x")


async def test_served_and_in_process_networks_share_a_state_file(tmp_path: Path) -> None:
    from ad_buyer.sandbox.server import build_network

    path = tmp_path / "state.json"
    served = build_network("127.0.0.1", 8080, state_path=path)
    assert served.base_url == "http://localhost:8080"
    async with served.client() as c:
        url = served.seller_url(SELLER)
        deal = await book(c, url, (await quote(c, url))["quote_id"])
    reloaded = SandboxNetwork(state_path=path)  # http://sandbox.local: same world
    assert [d.deal.deal_id for d in reloaded.booked_deals(SELLER)] == [deal["deal_id"]]
    assert reloaded.seller_url(SELLER).startswith("http://sandbox.local/")


async def test_a_booking_is_on_file_before_its_answer_starts(tmp_path: Path,
                                                             clock: FakeClock) -> None:
    """The buyer may act on an answer as soon as its first byte arrives (or die right
    after): the deal it tells of is written by then."""
    path = tmp_path / "state.json"
    network = net(path, clock)
    url = network.seller_url(SELLER)
    async with network.client() as c:
        q = (await c.post(f"{url}/api/v1/quotes", json=quote_body(), headers=KEY)).json()
    deals_on_file: list[int] = []

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start":
            saved = json.loads(path.read_text())["sellers"][SELLER]
            deals_on_file.append(len(saved["deals"]))

    body = json.dumps({"quote_id": q["quote"]["quote_id"], "idempotency_key": idem()}).encode()
    sent = False

    async def receive() -> dict[str, object]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    path_ = url.removeprefix(network.base_url) + "/api/v1/deals"
    headers = [(b"content-type", b"application/json"),
               *[(k.lower().encode(), v.encode()) for k, v in KEY.items()]]
    await network.app({"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                       "method": "POST", "scheme": "http", "path": path_, "raw_path":
                       path_.encode(), "root_path": "", "query_string": b"",
                       "headers": headers, "client": ("127.0.0.1", 1),
                       "server": ("sandbox.local", 80)}, receive, send)
    assert deals_on_file == [1]
