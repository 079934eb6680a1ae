"""A brief in euros or pounds runs on the default sandbox (issue #19): it books at
the sellers pricing in that currency only, and a USD brief never sees them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ad_buyer.registry.client import RegistryClient
from ad_buyer.sandbox.network import SandboxNetwork

from .e2e import run_cli

TODAY = "2026-12-01"
EUR_BRIEF = ("Campaign: Berlin launch. €120k, 1 July - 30 September 2027, CTV and display, "
             "adults 25-54, Germany, max CPM €30")
GBP_BRIEF = ("Campaign: London spring. £80k, 1 March - 31 May 2027, CTV, display and audio, "
             "adults 25-54, UK, max CPM £28")
USD_BRIEF = "$100k, CTV and display, July 1 - Sept 30 2027, US, max $60 CPM."


@pytest.fixture
def network(cli_sandbox: SandboxNetwork) -> SandboxNetwork:
    return cli_sandbox


def run(tmp_path: Path, brief: str, *extra: str) -> tuple[int, str]:
    return run_cli(tmp_path, brief, "--reference-date", TODAY, *extra)


def held(network: SandboxNetwork) -> dict[str, list[str]]:
    """Each seller's booked deals, as the currencies its own records hold."""
    return {s.seller_id: [d.deal.terms.currency for d in network.booked_deals(s.seller_id)]
            for s in network.sellers if network.booked_deals(s.seller_id)}


def total(out: str, currency: str) -> float:
    found = re.search(rf"total spend: {currency} ([\d,]+\.\d\d)", out)
    assert found, out
    return float(found[1].replace(",", ""))


@pytest.mark.parametrize(("brief", "currency", "budget", "sellers"), [
    (EUR_BRIEF, "EUR", 120_000, {"rheinstream", "europixel", "seinemedia"}),
    (GBP_BRIEF, "GBP", 80_000, {"thamesview", "albiondigital", "britcast"}),
])
def test_a_brief_in_euros_or_pounds_books_at_the_sellers_pricing_in_it(
        tmp_path: Path, network: SandboxNetwork, brief: str, currency: str, budget: int,
        sellers: set[str]) -> None:
    code, out = run(tmp_path, brief)
    assert code == 0, out
    deals = held(network)
    assert set(deals) == sellers  # every seller of the currency, no other
    assert {c for held_by in deals.values() for c in held_by} == {currency}
    assert sum(len(d) for d in deals.values()) >= 6
    assert budget * 0.99 <= total(out, currency) <= budget
    assert "USD" not in out.split("Booked portfolio", 1)[1]
    # The buyer negotiated in the quote's currency: the native sellers (which take
    # Money offers and refuse another currency) hold rounds with it.
    native = sorted(sellers - {"seinemedia", "britcast"})
    rounds = {sid: sum(len(n.rounds) for n in network.negotiations(sid)) for sid in native}
    assert all(rounds.values()), rounds


def test_a_euro_dry_run_plans_at_euro_sellers_and_books_nothing(
        tmp_path: Path, network: SandboxNetwork) -> None:
    code, out = run(tmp_path, EUR_BRIEF, "--dry-run")
    assert code == 0, out
    assert held(network) == {}
    assert "total planned: EUR 119,99" in out
    planned = out.split("Planned portfolio", 1)[1]
    for seller in ("RheinStream TV", "EuroPixel Display", "Seine Media"):
        assert seller in planned


def test_a_dollar_brief_never_sees_the_euro_and_pound_sellers(
        tmp_path: Path, network: SandboxNetwork) -> None:
    code, out = run(tmp_path, USD_BRIEF)
    assert code == 0, out
    deals = held(network)
    assert deals
    assert {c for held_by in deals.values() for c in held_by} == {"USD"}
    foreign = ("rheinstream", "europixel", "seinemedia", "thamesview", "albiondigital",
               "britcast", "RheinStream", "EuroPixel", "Seine Media", "ThamesView", "Albion",
               "BritCast")
    assert [seller for seller in foreign if seller in out] == []


async def test_registry_discovery_keeps_the_sellers_of_the_asked_currency(
        network: SandboxNetwork) -> None:
    registry = RegistryClient(network.registry_url, transport=network.transport())
    usd = {c.agent_id for c in await registry.discover_sellers(["ctv"])}
    eur = {c.agent_id for c in await registry.discover_sellers(["ctv"], currency="EUR")}
    every = {c.agent_id for c in await registry.discover_sellers(["ctv"], currency=None)}
    assert eur == {"rheinstream", "seinemedia"}
    assert usd
    assert not usd & {"rheinstream", "seinemedia", "thamesview", "britcast"}
    assert every == usd | eur | {"thamesview", "britcast"}
