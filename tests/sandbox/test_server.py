"""The network over real loopback HTTP (uvicorn), determinism, and the CLI."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from ad_buyer.sandbox.cli import build_config, load_faults, sandbox_app
from ad_buyer.sandbox.config import FaultConfig, SandboxConfig
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox, running_sandbox, running_sandbox_async

from .support import KEY, quote_body


@pytest.mark.server
def test_running_sandbox_serves_on_loopback() -> None:
    with running_sandbox() as network:
        assert network.base_url.startswith("http://127.0.0.1:")
        with httpx.Client(timeout=5) as client:
            agents = client.get(f"{network.registry_url}/agents",
                                params={"capabilities": "ctv"}).json()["agents"]
            assert all(a["url"].startswith(network.base_url) for a in agents)
            url = network.seller_url("streamwave")
            r = client.post(f"{url}/api/v1/quotes", json=quote_body(), headers=KEY)
            assert r.status_code == 200
            deal = client.post(f"{url}/api/v1/deals", headers=KEY, json={
                "idempotency_key": "loopback-0001", "quote_id": r.json()["quote"]["quote_id"]})
            assert deal.status_code == 200
            network.set_faults("streamwave", FaultConfig(timeout_rate=1.0, hang_seconds=0.5))
            with pytest.raises(httpx.TimeoutException):
                client.get(f"{url}/media-kit", timeout=0.1)
        assert len(network.booked_deals("streamwave")) == 1
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{network.registry_url}/agents", timeout=1)


async def test_root_index_lists_the_network(network: SandboxNetwork) -> None:
    async with network.client() as client:
        index = (await client.get("/")).json()
    assert index["registry_url"] == network.registry_url
    assert index["sellers"] == network.seller_urls


@pytest.mark.server
async def test_running_sandbox_async() -> None:
    async with running_sandbox_async() as network, httpx.AsyncClient(timeout=5) as client:
        r = await client.get(f"{network.seller_url('podnet')}/.well-known/agent.json")
        assert r.json()["url"] == network.seller_url("podnet")


def test_same_seed_same_world_different_seed_different_prices() -> None:
    a, b = SandboxNetwork(SandboxConfig(seed=7)), SandboxNetwork(SandboxConfig(seed=7))
    assert [s.model_dump() for s in a.sellers] == [s.model_dump() for s in b.sellers]
    c = in_process_sandbox(SandboxConfig(seed=8))
    assert [s.model_dump() for s in a.sellers] != [s.model_dump() for s in c.sellers]
    assert [s.seller_id for s in a.sellers] == [s.seller_id for s in c.sellers]


async def test_same_seed_same_http_answers() -> None:
    async def run() -> list[object]:
        network = SandboxNetwork(SandboxConfig(seed=3))
        async with network.client() as client:
            url = network.seller_url("omnicast")
            out: list[object] = [(await client.get(f"{url}/media-kit")).json()]
            for price in (5.0, 6.0, 7.0):
                r = await client.post(f"{url}/proposals/quote-prod-display-001/counter",
                                      json={"price": price}, headers=KEY)
                out.append(r.json())
            return out
    assert await run() == await run()


def test_custom_sellers_and_unique_ids() -> None:
    base = SandboxNetwork().sellers
    network = SandboxNetwork(SandboxConfig(sellers=base[:2]))
    assert [s.seller_id for s in network.sellers] == [s.seller_id for s in base[:2]]
    with pytest.raises(ValueError, match="unique"):
        SandboxNetwork(SandboxConfig(sellers=[base[0], base[0]]))


def test_faults_file_yaml_and_json(tmp_path: Path) -> None:
    yml = tmp_path / "faults.yaml"
    yml.write_text("pixelpress:\n  latency_ms: 20\n  quote_anomaly: no_price\n")
    faults = load_faults(yml)
    assert faults["pixelpress"].quote_anomaly == "no_price"
    config = build_config(5, faults)
    pixel = next(s for s in config.sellers or [] if s.seller_id == "pixelpress")
    assert pixel.faults.latency_ms == 20
    js = tmp_path / "faults.json"
    js.write_text('{"nope": {}}')
    with pytest.raises(typer.BadParameter, match="unknown seller"):
        build_config(5, load_faults(js))
    bad = tmp_path / "bad.yaml"
    bad.write_text("pixelpress:\n  latency_ms: -1\n")
    with pytest.raises(typer.BadParameter):
        load_faults(bad)


def test_cli_help_lists_serve() -> None:
    result = CliRunner().invoke(sandbox_app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--seed", "--faults-file"):
        assert option in result.output


def test_serve_dialect_reference_makes_every_seller_and_the_registry_speak_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import ad_buyer.sandbox.server as server

    served: list[SandboxNetwork] = []
    monkeypatch.setattr(server, "serve", lambda *a, network, **k: served.append(network))
    result = CliRunner().invoke(sandbox_app, ["serve", "--port", "18799", "--dialect",
                                              "reference"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    [network] = served
    assert network.registry.dialect == "reference"
    assert {s.dialect for s in network.sellers} == {"reference"}
    assert all(p.product_id and p.package_id.startswith("pkg-")
               for s in network.sellers for p in s.packages)
    assert "(AAMP shape)" in result.output
    assert "native" not in result.output.split("Registry", 1)[1]
    default = CliRunner().invoke(sandbox_app, ["serve", "--port", "18799"],
                                 env={"COLUMNS": "200"})
    assert default.exit_code == 0
    assert {s.dialect for s in served[1].sellers} == {"native", "reference"}
    assert served[1].registry.dialect == "native"
