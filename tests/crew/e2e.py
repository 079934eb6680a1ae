"""One real offline crew run against the in-process sandbox, shared by slow tests.

CTV, display and audio at a $45 CPM cap: the display channel's sellers include
``bargainbanners``, whose package descriptions carry a prompt injection; the
real survey puts them in front of the display specialist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from ad_buyer.crew.agent_llms import OfflineLLM
from ad_buyer.crew.buyer import desks_for_sandbox
from ad_buyer.crew.run import CampaignRunResult, run_campaign
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox
from ad_buyer.storage.db import Database

from .conftest import REFERENCE

OFFLINE = {"AD_BUYER_LLM": "offline"}
BRIEF_3CH = """Campaign: Summer Sips 2026
Budget $250k, flight July 1 - Sept 30 2026. CTV, display and audio/podcast, adults 25-54 in
the US. Goal: awareness. Max $45 CPM. PD or PG."""


@dataclass
class CrewRun:
    result: CampaignRunResult
    network: SandboxNetwork
    db: Database
    db_url: str
    prompts: list[str] = field(default_factory=list)


def _text(messages: Any) -> str:
    if isinstance(messages, str):
        return messages
    return "\n".join(str(m.get("content", "")) for m in messages)


def crew_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, dry_run: bool = False,
             brief: str = BRIEF_3CH) -> CrewRun:
    """Run the crew once, keeping every prompt the (offline) model was shown."""
    prompts: list[str] = []
    original = OfflineLLM.call

    def recording_call(self: OfflineLLM, messages: Any, *args: Any, **kwargs: Any) -> Any:
        prompts.append(_text(messages))
        return original(self, messages, *args, **kwargs)

    monkeypatch.setattr(OfflineLLM, "call", recording_call)
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    db = Database(url)
    network = in_process_sandbox()
    bus = InMemoryEventBus()
    result = run_campaign(brief, desks=desks_for_sandbox(bus, network), db=db,
                          bus=bus, env=OFFLINE, reference_date=REFERENCE, dry_run=dry_run)
    return CrewRun(result=result, network=network, db=db, db_url=url, prompts=prompts)


def sandbox_deals(network: SandboxNetwork) -> list[Any]:
    return [deal for url in network.seller_urls for deal in network.booked_deals(url)]


def run_cli(tmp_path: Path, brief: str, *options: str) -> tuple[int, str]:
    """``ad-buyer run BRIEF *options`` on a database in ``tmp_path``: exit code, output."""
    from typer.testing import CliRunner

    from ad_buyer.cli.run import app

    db = f"sqlite:///{tmp_path / 'b.db'}"
    result = CliRunner().invoke(app, ["run", brief, "--db", db, *options])
    return result.exit_code, result.output
