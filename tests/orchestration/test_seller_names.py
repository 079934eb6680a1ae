"""Planner-written seller names resolve to registry sellers, or stop with suggestions."""

from __future__ import annotations

import asyncio

import pytest

from ad_buyer.orchestration.seller_names import (
    SellerNameError,
    match_seller,
    name_matches_card,
    resolve_sellers,
)
from ad_buyer.orchestration.seller_scope import (
    SellerScopeError,
    scope_sellers,
    seller_currencies,
)
from ad_buyer.registry.client import RegistryClient
from ad_buyer.registry.models import AgentCapability, AgentCard, TrustLevel
from ad_buyer.sandbox.testing import in_process_sandbox


@pytest.fixture(scope="module")
def cards() -> list[AgentCard]:
    """The sandbox registry's listing, as the buyer reads it."""
    network = in_process_sandbox()

    async def listed() -> list[AgentCard]:
        async with RegistryClient(network.registry_url, transport=network.transport()) as reg:
            return await reg.discover_sellers()

    return asyncio.run(listed())


@pytest.mark.parametrize(("name", "seller_id", "how"), [
    ("StreamWave", "streamwave", "exact"),
    ("streamwave", "streamwave", "exact"),
    ("Stream Wave", "streamwave", "exact"),
    ("StreamWave CTV", "streamwave", "exact"),
    ("PrimeTime Networks", "primetime", "exact"),
    ("prime-time", "primetime", "exact"),
    ("Streamwav", "streamwave", "close spelling"),
    ("Bargin Banners", "bargainbanners", "close spelling"),
    ("Omnicast Meida", "omnicast", "close spelling"),
])
def test_names_ids_and_close_spellings_match(cards: list[AgentCard], name: str,
                                             seller_id: str, how: str) -> None:
    match = match_seller(name, cards)
    assert (match.card.agent_id, match.how) == (seller_id, how)


def test_unknown_name_lists_the_sellers_it_might_mean(cards: list[AgentCard]) -> None:
    with pytest.raises(SellerNameError) as info:
        match_seller("Acme Media", cards, "excluded seller")
    message = str(info.value)
    assert message.startswith("no seller matches excluded seller 'Acme Media'; did you mean:")
    assert "OmniCast Media (omnicast)" in message
    assert "\n" not in message


def test_two_sellers_with_one_name_are_ambiguous() -> None:
    twins = [AgentCard(agent_id="acme-us", name="Acme", url="http://a/us"),
             AgentCard(agent_id="acme-eu", name="Acme", url="http://a/eu")]
    with pytest.raises(SellerNameError, match="matches more than one seller"):
        resolve_sellers(["Acme"], twins)


def test_host_names_a_seller_only_at_its_root() -> None:
    root = AgentCard(agent_id="x1", name="Some Seller", url="https://ads.example.com")
    shared = AgentCard(agent_id="x2", name="Other", url="https://hub.example.com/sellers/x2")
    assert name_matches_card("ads.example.com", root)
    assert not name_matches_card("hub.example.com", shared)


def test_currencies_come_from_the_card_or_default_to_usd() -> None:
    plain = AgentCard(agent_id="a", name="A", url="http://a")
    euro = AgentCard.model_validate({"agent_id": "b", "name": "B", "url": "http://b",
                                     "currencies": ["eur", "USD"]})
    assert seller_currencies(plain) == {"USD"}
    assert seller_currencies(euro) == {"EUR", "USD"}


def test_scope_checks_currency_and_inclusion_coverage(cards: list[AgentCard]) -> None:
    with pytest.raises(SellerScopeError) as info:
        scope_sellers(excluded=[], included=[], currency="EUR", media_types=["ctv"],
                      cards=cards)
    assert info.value.field == "currency"
    assert "no registered seller sells in EUR" in str(info.value)
    with pytest.raises(SellerScopeError, match="display: none of the only sellers"):
        scope_sellers(excluded=[], included=["StreamWave"], currency="USD",
                      media_types=["ctv", "display"], cards=cards)
    scope = scope_sellers(excluded=["PodNet"], included=[],
                          currency="USD", media_types=["audio"], cards=cards)
    assert "podnet" in scope.excluded_keys
    euro_seller = AgentCard(agent_id="eu", name="Euro TV", url="http://eu", currency="EUR",
                            trust_level=TrustLevel.VERIFIED,
                            capabilities=[AgentCapability(name="ctv")])
    assert scope_sellers(excluded=[], included=[], currency="EUR", media_types=["ctv"],
                         cards=[*cards, euro_seller]).excluded == []
