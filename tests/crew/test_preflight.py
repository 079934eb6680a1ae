"""A configured model that cannot work stops the run before any seller call, in one line.

Through the CLI, with litellm pointed at the loopback OpenAI-compatible server
(or at nothing): no provider is ever reached.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ad_buyer.cli import app
from ad_buyer.events.log import RationaleLog
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.storage.db import Database

from .loopback_llm import LoopbackLLMServer, register_loopback_models

pytestmark = pytest.mark.server

BRIEF = ("Campaign: Podcasts. Budget $40k, flight July 1 - Sept 30 2026. Audio, adults 25-54 "
         "in the US. Goal: awareness.")


@pytest.fixture
def network(cli_sandbox: SandboxNetwork) -> SandboxNetwork:
    return cli_sandbox


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopbackLLMServer]:
    model = register_loopback_models()
    with LoopbackLLMServer() as loopback:
        for name, value in {"AD_BUYER_LLM": "litellm", "AD_BUYER_MANAGER_MODEL": model,
                            "AD_BUYER_SPECIALIST_MODEL": model,
                            "OPENAI_API_BASE": loopback.api_base,
                            "OPENAI_BASE_URL": loopback.api_base,
                            "OPENAI_API_KEY": "loopback-key"}.items():
            monkeypatch.setenv(name, value)
        yield loopback


def run(tmp_path: Path) -> tuple[int, str, str]:
    db = f"sqlite:///{tmp_path / 'run.db'}"
    result = CliRunner().invoke(app, ["run", BRIEF, "--db", db, "--reference-date",
                                      "2026-05-10"], env={"COLUMNS": "200"})
    return result.exit_code, result.output, db


def assert_stopped_before_sellers(output: str, db: str, network: SandboxNetwork,
                                  reason: str) -> None:
    assert "Traceback" not in output
    [line] = [x for x in output.splitlines() if "run stopped before any seller call" in x]
    assert reason in line
    assert all(network.negotiations(u) == [] for u in network.seller_urls)
    assert not any(network.booked_deals(u) for u in network.seller_urls)
    [run_record] = RationaleLog(Database(db)).list_runs(5)
    assert run_record.status == "failed"


def test_a_rejected_api_key(tmp_path: Path, server: LoopbackLLMServer,
                            network: SandboxNetwork) -> None:
    server.fail_with(401, "Incorrect API key provided: loopback-key", "invalid_api_key")
    code, output, db = run(tmp_path)
    assert code == 1
    assert_stopped_before_sellers(output, db, network, "the provider rejected the API key "
                                                       "for openai/loopback-native")
    assert len(server.exchanges) == 0  # refused calls never reached the model


def test_an_unknown_model(tmp_path: Path, server: LoopbackLLMServer,
                          network: SandboxNetwork) -> None:
    server.fail_with(404, "The model `loopback-native` does not exist", "model_not_found")
    code, output, db = run(tmp_path)
    assert code == 1
    assert_stopped_before_sellers(output, db, network,
                                  "the provider does not know the model openai/loopback-native")


def test_an_unreachable_provider(tmp_path: Path, server: LoopbackLLMServer,
                                 network: SandboxNetwork,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    monkeypatch.setenv("OPENAI_API_BASE", dead)
    monkeypatch.setenv("OPENAI_BASE_URL", dead)
    code, output, db = run(tmp_path)
    assert code == 1
    assert_stopped_before_sellers(output, db, network,
                                  "cannot reach the provider of openai/loopback-native")


def test_a_missing_key(tmp_path: Path, server: LoopbackLLMServer, network: SandboxNetwork,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    code, output, db = run(tmp_path)
    assert code == 1
    assert_stopped_before_sellers(output, db, network,
                                  "openai/loopback-native needs OPENAI_API_KEY set")
    assert server.exchanges == []
