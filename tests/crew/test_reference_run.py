"""Runs against reference-dialect sellers (issue #8): keys obtained from each sandbox
seller once, a channel they cannot sell reported with its reason, held deals shown,
and a run that books nothing exits 1 saying why in one line (item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ad_buyer.cli import app
from ad_buyer.clients.credentials import SellerKeyStore
from ad_buyer.crew import cli as crew_cli
from ad_buyer.crew.buyer import buyer_for_sandbox
from ad_buyer.crew.tooling import SpendLimits
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.models.brief import CampaignBrief, Channel
from ad_buyer.sandbox.config import FaultConfig, SandboxConfig
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.vocabulary import Dialect

from .conftest import REFERENCE
from .test_buyer_media_kit import limits

runner = CliRunner()
PENNY_BRIEF = ("Campaign: Penny CTV. Budget $50k, flight July 1 - Sept 30 2026. CTV only, "
               "adults 25-54 in the US. Max $1 CPM.")
CTV_BRIEF = ("Campaign: Harbor CTV. Budget $60k, flight July 1 - Sept 30 2026. CTV only, "
             "adults 25-54 in the US. Max $40 CPM.")


def reference_world() -> SandboxNetwork:
    return SandboxNetwork(SandboxConfig(dialect=Dialect.REFERENCE))


def run_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, network: SandboxNetwork,
            brief: str) -> tuple[int, str]:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr(crew_cli, "_buyer", lambda _url, bus: buyer_for_sandbox(bus, network))
    result = runner.invoke(app, ["run", brief, "--db", f"sqlite:///{tmp_path / 'r.db'}",
                                 "--reference-date", REFERENCE.isoformat()])
    return result.exit_code, result.output


def test_a_run_that_books_nothing_exits_1_saying_why_in_one_line(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    network = reference_world()
    code, out = run_cli(monkeypatch, tmp_path, network, PENNY_BRIEF)
    assert code == 1, out
    [line] = [x for x in out.splitlines() if x.startswith("Nothing was booked")]
    assert line.startswith("Nothing was booked: ctv: no media-kit package fits the brief for "
                           "ctv (why: ")
    assert "over_max_cpm x" in line
    assert all(network.booked_deals(url) == [] for url in network.seller_urls)


def test_a_run_on_reference_sellers_books_with_keys_each_seller_issued(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    network = reference_world()
    code, out = run_cli(monkeypatch, tmp_path, network, CTV_BRIEF)
    assert code == 0, out
    assert "Nothing was booked" not in out
    booked = [d for url in network.seller_urls for d in network.booked_deals(url)]
    assert booked
    store = SellerKeyStore()
    issued = {s.seller_id: len(network.seller_for(s.seller_id).ctx.keys.records())
              for s in network.sellers}
    registered = {s.seller_id for s in network.sellers if s.registered}
    assert {sid for sid, n in issued.items() if n} == registered  # asked each seller once
    assert all(n <= 1 for n in issued.values())
    assert all(store.entry(network.seller_url(sid)) for sid in registered)
    for deal in booked:
        assert deal.caller.tier.value == "agency"  # the key's identity, not a claim
    code, out = run_cli(monkeypatch, tmp_path, network, CTV_BRIEF)  # keys are reused
    assert code == 0, out
    assert all(len(network.seller_for(s.seller_id).ctx.keys.records()) == issued[s.seller_id]
               for s in network.sellers)


async def test_a_channel_reference_sellers_cannot_sell_is_reported_with_the_reason(
        brief: CampaignBrief) -> None:
    network = reference_world()
    buyer = buyer_for_sandbox(InMemoryEventBus(), network)
    audio = brief.model_copy(update={"channels": [Channel.AUDIO], "countries": ["US"]})
    result = await buyer.buy(audio, SpendLimits(channel=Channel.AUDIO,
                                                budget_micros=40_000_000_000, currency="USD",
                                                max_cpm_micros=35_000_000))
    assert result.booked == []
    reasons = [why for why in result.not_booked if "media_type_unsupported" in why]
    assert reasons
    assert all("cannot sell audio" in why for why in reasons)


async def test_a_held_deal_is_a_line_of_its_own_and_counts(brief: CampaignBrief) -> None:
    network = SandboxNetwork()
    network.set_faults("harborview", FaultConfig(booking_price_drift_pct=5.0))
    buyer = buyer_for_sandbox(InMemoryEventBus(), network)
    ctv = brief.model_copy(update={"channels": [Channel.CTV], "countries": ["US"],
                                   "max_cpm_micros": 45_000_000})
    result = await buyer.buy(ctv, limits(ctv))
    held = [line for line in result.booked if line["status"] == "held"]
    assert held
    assert {line["seller_url"] for line in held} == {network.seller_url("harborview")}
    assert len(network.active_deals("harborview")) == len(held)  # live, and shown
    assert any(why.startswith("HELD deal") for why in result.not_booked)
    assert sum(line["cost_micros"] for line in result.booked) == result.committed_micros


async def test_sandbox_keys_follow_the_sandbox_world(tmp_path: Path,
                                                     brief: CampaignBrief) -> None:
    from ad_buyer.sandbox.network import persistent_sandbox

    store = SellerKeyStore(tmp_path / "keys.json")

    async def survey_keys() -> str:
        network = persistent_sandbox(tmp_path)
        survey = await buyer_for_sandbox(None, network, keys=store).survey(brief, Channel.CTV)
        harborview = next(s for s in survey["sellers"] if s["seller_id"] == "harborview")
        assert harborview["packages"][0]["negotiable"]  # its key worked: tier-gated detail
        entry = store.entry(network.seller_url("harborview"))
        assert entry is not None
        return entry.key.get_secret_value()

    first = await survey_keys()
    assert await survey_keys() == first  # the same world keeps its keys
    (tmp_path / "sandbox-state.json").unlink()  # a new world knows none of them
    assert await survey_keys() != first
