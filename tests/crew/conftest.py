from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

import pytest

from ad_buyer.cli import briefs as cli_briefs
from ad_buyer.crew.buyer import desks_for_sandbox
from ad_buyer.crew.definitions import CrewDefinitions, load_definitions
from ad_buyer.definition_files import definitions_root
from ad_buyer.events.log import RationaleLog
from ad_buyer.models.brief import CampaignBrief, CampaignGoal, Channel
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox
from ad_buyer.storage.db import Database

if TYPE_CHECKING:
    from .e2e import CrewRun

GOOD_BRIEF = """Campaign: Summer Sips 2026
Budget $250k, flight July 1 - Sept 30 2026. CTV and audio/podcast, adults 25-54 in the US,
New York and Chicago DMAs. Goal: awareness, KPIs VCR and reach. Max $35 CPM. PG or PD only.
Exclude seller Acme Media and BadTV.
Notes: no alcohol-adjacent placements"""

REFERENCE = date(2026, 5, 10)


@pytest.fixture
def brief() -> CampaignBrief:
    return CampaignBrief(
        name="Summer Sips", budget_micros=250_000_000_000, flight_start=date(2026, 7, 1),
        flight_end=date(2026, 9, 30), channels=[Channel.CTV, Channel.AUDIO, Channel.DISPLAY],
        goal=CampaignGoal.AWARENESS, max_cpm_micros=35_000_000,
    )


@pytest.fixture(scope="module")
def crew() -> CrewDefinitions:
    """The crew's agent and tool definitions."""
    return load_definitions(definitions_root())


@pytest.fixture
def network() -> SandboxNetwork:
    """An in-process sandbox of its own for one test."""
    return in_process_sandbox()


@pytest.fixture
def rationale_log(db: Database) -> RationaleLog:
    return RationaleLog(db)


@pytest.fixture
def cli_sandbox(monkeypatch: pytest.MonkeyPatch) -> SandboxNetwork:
    """The CLI commands buy from this in-process sandbox (wide terminal for the tables)."""
    monkeypatch.setenv("COLUMNS", "220")
    net = in_process_sandbox()
    monkeypatch.setattr(cli_briefs, "seller_desks",
                        lambda _url, bus: desks_for_sandbox(bus, net))
    return net


@pytest.fixture(scope="module")
def booked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrewRun]:
    """One offline crew run, booked at a sandbox of its own, shared by a module's tests."""
    from .e2e import crew_run

    with pytest.MonkeyPatch.context() as mp:
        run = crew_run(tmp_path_factory.mktemp("booked"), mp)
    yield run
    run.db.dispose()
