"""The API on a live uvicorn at 127.0.0.1 (a free port), and who may start and call it."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from typer.testing import CliRunner

from ad_buyer.api.app import create_app
from ad_buyer.api.security import API_KEYS_ENV, ApiKeys, NoApiKeyError, check_bind
from ad_buyer.cli import app as cli_app
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox

from .conftest import BRIEF, GAPPY_BRIEF, REFERENCE, sandbox_deals, service_over

pytestmark = pytest.mark.server


class LiveServer:
    def __init__(self, app: object) -> None:
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0,  # type: ignore[arg-type]
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the API server did not start")
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=60)


@pytest.fixture
def network() -> SandboxNetwork:
    return in_process_sandbox()


@pytest.fixture
def live(tmp_path: Path, network: SandboxNetwork) -> Iterator[str]:
    service = service_over(network, f"sqlite:///{tmp_path / 'live.db'}")
    with LiveServer(create_app(service, keys=ApiKeys.from_env("s3cret-key"))) as url:
        yield url


async def test_two_concurrent_bookings_of_one_plan_book_it_once(
        live: str, network: SandboxNetwork) -> None:
    auth = {"Authorization": "Bearer s3cret-key"}
    async with httpx.AsyncClient(base_url=live, timeout=300) as client:
        assert (await client.get("/runs")).status_code == 401
        assert (await client.get("/runs", headers={"X-API-Key": "wrong"})).status_code == 401
        assert (await client.get("/healthz")).status_code == 200
        gaps = await client.post("/plans", json={"brief": GAPPY_BRIEF}, headers=auth)
        assert gaps.status_code == 422
        assert {"budget", "flight_dates"} <= {g["field"] for g in gaps.json()["gaps"]}
        made = await client.post("/plans", json={"brief": BRIEF, "reference_date": REFERENCE},
                                 headers=auth)
        assert made.status_code == 201, made.text
        plan_id = made.json()["id"]
        first, second = await asyncio.gather(
            client.post(f"/plans/{plan_id}/book", headers=auth),
            client.post(f"/plans/{plan_id}/book", headers=auth))
        assert first.status_code == second.status_code == 200
        answers = [first.json(), second.json()]
        assert sorted(a["booked_now"] for a in answers) == [False, True]
        assert answers[0]["run_id"] == answers[1]["run_id"]
        run = (await client.get(f"/runs/{answers[0]['run_id']}", headers=auth)).json()
    booked = {d["deal_id"] for d in run["deals"] if d["status"] == "booked"}
    held_at_sellers = sandbox_deals(network)
    assert booked
    assert len(held_at_sellers) == len(booked)
    assert booked == {d.deal.deal_id for d in held_at_sellers}


def test_binding_beyond_loopback_without_a_key_refuses_to_start(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(API_KEYS_ENV, raising=False)
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--port", "0",
                                          "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2
    assert "refusing to listen on 0.0.0.0" in result.output
    assert API_KEYS_ENV in result.output
    with pytest.raises(NoApiKeyError):
        check_bind("192.168.1.5", ApiKeys.from_env(""))
    check_bind("0.0.0.0", ApiKeys.from_env("k"))  # a key: allowed
    for loopback in ("127.0.0.1", "localhost", "::1"):
        check_bind(loopback, ApiKeys.from_env(""))


def test_keys_are_kept_hashed_and_either_form_is_accepted() -> None:
    import hashlib

    digest = hashlib.sha256(b"other-key").hexdigest()
    keys = ApiKeys.from_env(f"plain-key, sha256:{digest}")
    assert keys.accepts("plain-key")
    assert keys.accepts("other-key")
    assert not keys.accepts("plain-ke")
    assert not keys.accepts(None)
    assert not keys.accepts("")
    assert "plain-key" not in repr(vars(keys))


def test_the_serve_command_serves_the_api_and_mcp_on_loopback(tmp_path: Path) -> None:
    import os
    import socket
    import subprocess
    import sys

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, AD_BUYER_LLM="offline", AD_BUYER_API_KEYS="serve-key")
    process = subprocess.Popen(
        [sys.executable, "-c", "from ad_buyer.cli import app; app()", "serve", "--port",
         str(port), "--db", f"sqlite:///{tmp_path / 'serve.db'}"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            assert time.monotonic() < deadline, "ad-buyer serve did not start"
            time.sleep(0.2)
        schema = httpx.get(f"{url}/openapi.json", headers={"X-API-Key": "serve-key"}).json()
        assert {"/plans", "/plans/{plan_id}/book", "/runs", "/ops", "/metrics"} <= set(
            schema["paths"])
        assert httpx.get(f"{url}/runs").status_code == 401  # a key was configured
        assert httpx.get(f"{url}/runs", headers={"X-API-Key": "serve-key"}).json() == []
        assert httpx.post(f"{url}/mcp", json={}).status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=150)
