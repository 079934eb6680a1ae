"""Runs against reference-dialect sellers (issue #8): keys obtained from each sandbox
seller once, a channel they cannot sell reported with its reason, held deals shown,
and a run that books nothing exits 1 saying why in one line (item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ad_buyer.cli import app
from ad_buyer.cli import briefs as cli_briefs
from ad_buyer.clients.credentials import SellerKeyStore
from ad_buyer.crew.buyer import SellerNetwork, desks_for_sandbox
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.models.brief import CampaignBrief, Channel
from ad_buyer.orchestration.desk.models import DeskState
from ad_buyer.orchestration.desk.terms import DeskTerms
from ad_buyer.sandbox.config import FaultConfig, SandboxConfig
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.vocabulary import Dialect

from .conftest import REFERENCE

runner = CliRunner()
PENNY_BRIEF = ("Campaign: Penny CTV. Budget $50k, flight July 1 - Sept 30 2026. CTV only, "
               "adults 25-54 in the US. Max $1 CPM.")
CTV_BRIEF = ("Campaign: Harbor CTV. Budget $60k, flight July 1 - Sept 30 2026. CTV only, "
             "adults 25-54 in the US. Max $40 CPM.")


def reference_world() -> SandboxNetwork:
    return SandboxNetwork(SandboxConfig(dialect=Dialect.REFERENCE))


def run_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, network: SandboxNetwork,
            brief: str, *extra: str) -> tuple[int, str]:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr(cli_briefs, "seller_desks",
                        lambda _url, bus: desks_for_sandbox(bus, network))
    result = runner.invoke(app, ["run", brief, "--db", f"sqlite:///{tmp_path / 'r.db'}",
                                 "--reference-date", REFERENCE.isoformat(), *extra])
    return result.exit_code, result.output


def test_a_run_that_books_nothing_exits_1_saying_why_in_one_line(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    network = reference_world()
    code, out = run_cli(monkeypatch, tmp_path, network, PENNY_BRIEF)
    assert code == 1, out
    [line] = [x for x in out.splitlines() if x.startswith("Nothing was booked")]
    assert line.startswith("Nothing was booked: ctv: no media-kit package fits the brief for "
                           "ctv: ")
    assert "package(s) cost more than the brief's max CPM" in line  # in a planner's words
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
    code, out = run_cli(monkeypatch, tmp_path, network, CTV_BRIEF)
    assert code == 2, out  # the same brief is not bought twice by accident
    assert "This brief was already run" in out
    assert "--again" in out
    assert len([d for url in network.seller_urls for d in network.booked_deals(url)]) == \
        len(booked)
    code, out = run_cli(monkeypatch, tmp_path, network, CTV_BRIEF, "--again")  # keys reused
    assert code == 0, out
    assert all(len(network.seller_for(s.seller_id).ctx.keys.records()) == issued[s.seller_id]
               for s in network.sellers)


async def shopped(network: SellerNetwork, brief: CampaignBrief, channel: Channel,
                  sellers: list[str] | None = None) -> DeskState:
    """Discover, read the kits and quote every fitting package of one channel."""
    desk = network(DeskTerms.from_brief(brief, channel))
    state = DeskState(channel=channel.value)
    state.apply_discovery(await desk.discover(state))
    state.apply_media_kits(await desk.read_media_kits(state, sellers or list(state.sellers)))
    fitting = [p.ref for p in state.packages.values() if p.fits]
    if fitting:
        state.apply_quotes(await desk.quote(state, fitting[:6], 40_000_000_000))
    return state


async def test_a_channel_reference_sellers_cannot_sell_is_reported_with_the_reason(
        brief: CampaignBrief) -> None:
    network = reference_world()
    audio = brief.model_copy(update={"channels": [Channel.AUDIO], "countries": ["US"]})
    state = await shopped(desks_for_sandbox(InMemoryEventBus(), network), audio,
                          Channel.AUDIO)
    assert state.quotes == {}
    reasons = [p.reason for p in state.problems if "media_type_unsupported" in p.reason]
    assert reasons
    assert all("cannot sell audio" in why for why in reasons)
    assert "media_type_unsupported" in state.why_nothing()


async def test_a_held_deal_is_a_line_of_its_own_and_counts(brief: CampaignBrief) -> None:
    network = SandboxNetwork()
    network.set_faults("harborview", FaultConfig(booking_price_drift_pct=5.0))
    sellers = desks_for_sandbox(InMemoryEventBus(), network)
    ctv = brief.model_copy(update={"channels": [Channel.CTV], "countries": ["US"],
                                   "max_cpm_micros": 45_000_000})
    state = await shopped(sellers, ctv, Channel.CTV, ["harborview"])
    desk = sellers(DeskTerms.from_brief(ctv, Channel.CTV))
    harbor = [ref for ref, q in state.quotes.items()
              if q.seller_url == network.seller_url("harborview")]
    assert harbor
    proposed = await desk.propose(state, list(state.quotes), 40_000_000_000)
    state.apply_proposal(proposed)
    proposed.proposal.status = "approved"
    result = await desk.book(state, proposed.proposal.proposal_id, 40_000_000_000,
                             mode="best_effort", run_id=None, dry_run=False)
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

    async def read_keys() -> str:
        network = persistent_sandbox(tmp_path)
        sellers = desks_for_sandbox(None, network, keys=store)
        state = await shopped(sellers, brief, Channel.CTV, ["harborview"])
        harborview = [p for p in state.packages.values() if p.seller_id == "harborview"]
        assert harborview[0].negotiable  # its key worked: tier-gated detail
        entry = store.entry(network.seller_url("harborview"))
        assert entry is not None
        return entry.key.get_secret_value()

    first = await read_keys()
    assert await read_keys() == first  # the same world keeps its keys
    (tmp_path / "sandbox-state.json").unlink()  # a new world knows none of them
    assert await read_keys() != first
