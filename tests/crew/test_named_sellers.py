"""``ad-buyer run --seller URL``: buying from named sellers with no registry (issue 16),
through the CLI, from reference-dialect sandbox sellers served on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ad_buyer.cli import app
from ad_buyer.registry.client import RegistryError
from ad_buyer.registry.named import NamedSellers
from ad_buyer.sandbox.config import SandboxConfig
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import running_sandbox
from ad_buyer.sandbox.vocabulary import Dialect

from .conftest import REFERENCE

runner = CliRunner()
CTV_BRIEF = ("Campaign: Harbor CTV. Budget $60k, flight July 1 - Sept 30 2026. CTV only, "
             "adults 25-54 in the US. Max $40 CPM.")


def booked(network: SandboxNetwork) -> list[object]:
    return [d for url in network.seller_urls for d in network.booked_deals(url)]


@pytest.mark.server
def test_run_books_from_a_named_reference_seller_with_no_registry(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COLUMNS", "220")
    with running_sandbox(SandboxConfig(dialect=Dialect.REFERENCE)) as network:
        url = network.seller_url("harborview")
        key = runner.invoke(app, ["sellers", "request-key", url, "--seat-id", "seat-1",
                                  "--agency-id", "agency-1"])
        assert key.exit_code == 0, key.output
        result = runner.invoke(app, [
            "run", CTV_BRIEF, "--seller", url, "--db", f"sqlite:///{tmp_path / 'r.db'}",
            "--reference-date", REFERENCE.isoformat()])
        deals = {d.deal.deal_id: d for d in network.booked_deals("harborview")}  # type: ignore[attr-defined]
        elsewhere = [d for d in booked(network) if d.deal.deal_id not in deals]  # type: ignore[attr-defined]
    out = result.output
    assert result.exit_code == 0, out
    assert deals  # booked at the named seller
    assert elsewhere == []  # and nowhere else
    for deal_id, stored in deals.items():
        assert deal_id in out
        assert stored.deal.status == "proposed"
        assert stored.caller.tier.value == "agency"  # the key's tier
    assert "[proposed]" in out  # the deal's status as the seller states it
    assert f"seller status: 0 confirmed by the seller, {len(deals)} proposed" in out


@pytest.mark.server
def test_a_named_seller_that_serves_no_card_stops_the_run_before_anything(
        tmp_path: Path) -> None:
    with running_sandbox(SandboxConfig(dialect=Dialect.REFERENCE)) as network:
        wrong = f"{network.base_url}/no-such-seller"
        result = runner.invoke(app, [
            "run", CTV_BRIEF, "--seller", wrong, "--db", f"sqlite:///{tmp_path / 'r.db'}",
            "--reference-date", REFERENCE.isoformat()])
        assert booked(network) == []
    assert result.exit_code == 1, result.output
    assert "no named seller answered with an agent card" in result.output


def test_seller_and_registry_together_are_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", CTV_BRIEF, "--seller", "http://127.0.0.1:9/s",
                                 "--registry-url", "http://127.0.0.1:9/r"])
    assert result.exit_code == 2
    assert "not both" in result.output


async def test_named_sellers_skip_a_card_that_does_not_answer() -> None:
    network = SandboxNetwork(SandboxConfig(dialect=Dialect.REFERENCE))
    good = network.seller_url("lumacast")
    async with NamedSellers([good, f"{network.base_url}/sellers/nobody", good],
                            transport=network.transport()) as sellers:
        [card] = await sellers.discover_sellers(["ctv"])
        assert card.url == good
        assert card.card_style == "a2a"  # the reference dialect, from its own card
        assert len(sellers.skipped_cards) == 1
        assert await sellers.discover_sellers(["audio"]) == []  # it sells no audio
    async with NamedSellers([f"{network.base_url}/sellers/nobody"],
                            transport=network.transport()) as nobody:
        with pytest.raises(RegistryError, match="no named seller"):
            await nobody.check()
