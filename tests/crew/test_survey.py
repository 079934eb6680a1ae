"""The specialists' survey: each seller's packages that fit the brief, seller text marked."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ad_buyer.crew.buyer import OrchestratorChannelBuyer, buyer_for_sandbox
from ad_buyer.crew.definitions import CrewDefinitions, load_definitions
from ad_buyer.crew.paths import definitions_root
from ad_buyer.crew.tooling import ToolContext, invoke_tool
from ad_buyer.crew.untrusted import TAG
from ad_buyer.events.log import EntryKind, RationaleLog
from ad_buyer.models.brief import CampaignBrief, Channel
from ad_buyer.sandbox.catalog import PROMPT_INJECTION
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox
from worlds import native_world

MARKED_BLOCK = re.compile(rf"<{TAG}\b.*?</{TAG}>", re.DOTALL)


def display_brief(max_cpm_micros: int = 45_000_000) -> CampaignBrief:
    return CampaignBrief(
        name="Banners", budget_micros=100_000_000_000, flight_start=date(2026, 7, 1),
        flight_end=date(2026, 9, 30), channels=[Channel.DISPLAY], countries=["US"],
        max_cpm_micros=max_cpm_micros)


@pytest.fixture
def network() -> SandboxNetwork:
    # A handful of display sellers, so a survey fits whole.
    return in_process_sandbox(native_world())


@pytest.fixture
def buyer(network: SandboxNetwork) -> OrchestratorChannelBuyer:
    return buyer_for_sandbox(None, network)


async def test_survey_lists_each_sellers_matching_packages(
        buyer: OrchestratorChannelBuyer, network: SandboxNetwork) -> None:
    survey = await buyer.survey(display_brief(), Channel.DISPLAY)
    display_sellers = {s.seller_id for s in network.sellers if Channel.DISPLAY in s.channels}
    found = {s["seller_id"] for s in survey["sellers"]}
    assert "bargainbanners" in found
    assert found <= display_sellers  # discovery's trust filter may drop some
    packages = [p for s in survey["sellers"] for p in s["packages"]]
    assert packages
    assert survey["matching_packages"] == len(packages)
    for package in packages:
        assert {"name", "description", "price_range", "expected_cpm", "formats", "geo",
                "negotiable"} <= package.keys()
        assert Decimal(package["expected_cpm"]) <= 45
        assert set(package["formats"]) & {"display", "banner", "native"}
        assert "US" in package["geo"] or not package["geo"]
    banners = next(s for s in survey["sellers"] if s["seller_id"] == "bargainbanners")
    assert any(PROMPT_INJECTION in p["description"] for p in banners["packages"])


async def test_a_tight_cap_empties_sellers_and_they_rank_last(
        buyer: OrchestratorChannelBuyer) -> None:
    survey = await buyer.survey(display_brief(max_cpm_micros=5_000_000), Channel.DISPLAY)
    sellers = survey["sellers"]
    assert survey["rejected_packages"] > 0
    has = [bool(s["packages"]) for s in sellers]
    assert has == sorted(has, reverse=True)  # sellers with packages first
    assert any(has)
    assert not all(has)
    best = [min(Decimal(p["expected_cpm"]) for p in s["packages"]) for s in sellers
            if s["packages"]]
    assert best == sorted(best)
    assert all(Decimal(p["expected_cpm"]) <= 5 for s in sellers for p in s["packages"])


@pytest.fixture
def crew() -> CrewDefinitions:
    return load_definitions(definitions_root())


def _ctx(brief: CampaignBrief, buyer: Any, log: RationaleLog) -> ToolContext:
    return ToolContext(brief=brief, log=log, run_id=log.start_run(name=brief.name), buyer=buyer)


def test_survey_tool_keeps_seller_text_inside_the_markers(
        crew: CrewDefinitions, buyer: OrchestratorChannelBuyer,
        rationale_log: RationaleLog) -> None:
    ctx = _ctx(display_brief(), buyer, rationale_log)
    out = invoke_tool(crew, "survey_channel", {"channel": "display"}, ctx,
                      agent="Display Specialist")
    assert re.match(r"Survey of display: \d+ seller\(s\) found, \d+ with media-kit "
                    r"packages that fit the brief", out)
    assert PROMPT_INJECTION in out
    outside = MARKED_BLOCK.sub("", out)
    for seller_text in (PROMPT_INJECTION, "Bargain Banners", "Homepage Takeover"):
        assert seller_text not in outside
    assert "truncated" not in out  # a handful of sellers fit whole
    run = rationale_log.get_run(ctx.run_id)  # type: ignore[arg-type]
    [call] = [e for e in run.entries if e.kind == EntryKind.TOOL_CALL]
    assert call.data["result"] == out  # the log holds the whole survey the model saw


class ManySellers:
    """A buying engine whose survey is far over the untrusted-block size limit."""

    def survey(self, brief: CampaignBrief, channel: Channel) -> dict[str, Any]:
        return {"channel": channel.value, "matching_packages": 40, "sellers": [
            {"seller_id": f"seller-{i:02d}", "name": f"Seller {i}", "packages": [
                {"package_id": f"p{j}", "name": f"Package {j}", "description": "d" * 200,
                 "expected_cpm": "9.00"} for j in range(2)]} for i in range(20)]}

    def buy(self, brief: CampaignBrief, limits: Any) -> Any:
        raise AssertionError("a survey never buys")


def test_long_survey_is_cut_between_sellers_and_says_so(
        crew: CrewDefinitions, rationale_log: RationaleLog) -> None:
    ctx = _ctx(display_brief(), ManySellers(), rationale_log)
    out = invoke_tool(crew, "survey_channel", {"channel": "display"}, ctx)
    [block] = MARKED_BLOCK.findall(out)
    shown = re.findall(r'"seller_id": "(seller-\d+)"', block)
    assert 0 < len(shown) < 20
    assert shown == [f"seller-{i:02d}" for i in range(len(shown))]  # whole, in order
    assert f"[truncated: {20 - len(shown)} more sellers not shown]" in block
    assert f"{20 - len(shown)} more not shown (size limit)" in MARKED_BLOCK.sub("", out)
    run = rationale_log.get_run(ctx.run_id)  # type: ignore[arg-type]
    [cut] = [e for e in run.entries if e.kind == EntryKind.DECISION]
    assert cut.summary == f"survey of display cut: {20 - len(shown)} of 20 sellers not shown " \
                          "to the model"
