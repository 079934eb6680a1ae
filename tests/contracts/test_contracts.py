"""Contract tests: each dialect's JSON fixtures (``fixtures/{native,reference}``, written by
hand from PROTOCOL.md and, for the reference dialect, its section "What the reference
seller really sends" and the reference seller's source) are held against both sides:

- the buyer's readers (the real clients, fed the fixtures over a mock transport) must
  read them;
- the sandbox's writers (served in that dialect) must answer in the same shape: the
  same keys at every level and the same kind of value (a fixture's ``null`` stands for
  a nullable field).

So neither the buyer nor the sandbox can drift from the documented wire alone.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ad_buyer.clients.credentials import SellerKeyAuth, SellerKeyStore
from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.media_kit.client import MediaKitClient
from ad_buyer.media_kit.models import PackageDetail
from ad_buyer.models.money import Money
from ad_buyer.negotiation.client import NegotiationClient
from ad_buyer.registry.client import RegistryClient
from ad_buyer.registry.models import TrustLevel
from ad_buyer.sandbox.config import SandboxConfig
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.vocabulary import Dialect
from seller_keys import TEST_BUYER

FIXTURES = Path(__file__).parent / "fixtures"
DIALECTS = ["native", "reference"]
SELLER = "http://seller.test"
REGISTRY = "http://registry.test/agent-registry"


def fixture(dialect: str, name: str) -> Any:
    return json.loads((FIXTURES / dialect / f"{name}.json").read_text())


# ---- the buyer's readers ----


def seller_world(dialect: str) -> httpx.MockTransport:
    """A seller and registry answering every call with the dialect's fixtures."""
    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        routes = {
            "/agent-registry/agents": "registry_agents",
            "/agent-registry/verify": "trust",
            "/.well-known/agent.json": "agent_card",
            "/media-kit": "media_kit",
            "/api/v1/quotes": "quote",
            "/api/v1/negotiations/messages": "message_reply",
        }
        name = routes.get(path)
        if path.endswith("/trust"):
            name = "trust" if dialect == "reference" else None
        elif path == "/agent-registry/verify" and dialect == "reference":
            name = None  # an AAMP registry serves no /verify
        elif path.startswith("/api/v1/deals/"):
            name = "deal"
        elif path.endswith("/counter"):
            name = "counter_reply"
        elif path.startswith(("/media-kit/packages/", "/packages/")):
            tiered = path.startswith("/packages/")
            name = "package_detail" if tiered == (dialect == "reference") else None
        if name is None:
            return httpx.Response(404, json={"detail": "Not Found"})
        return httpx.Response(200, json=fixture(dialect, name))

    return httpx.MockTransport(answer)


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_the_buyer_reads_registry_and_card(dialect: str) -> None:
    async with RegistryClient(REGISTRY, transport=seller_world(dialect)) as registry:
        [card] = await registry.discover_sellers(["ctv"])
        trust = await registry.verify_agent(card.url)
        own = await registry.fetch_agent_card(SELLER)
    assert card.has_capability("ctv")
    assert card.card_style == ("a2a" if dialect == "reference" else "native")
    expected = TrustLevel.VERIFIED if dialect == "reference" else TrustLevel.PREFERRED
    assert card.trust_level is expected
    assert (trust.is_registered, trust.trust_level) == (True, expected)
    assert own.has_capability("negotiation")


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_the_buyer_reads_media_kit_and_package(dialect: str) -> None:
    async with MediaKitClient(api_key="k", transport=seller_world(dialect)) as kits:
        kit = await kits.get_media_kit(SELLER)
        detail = await kits.get_package(SELLER, kit.all_packages[0].package_id,
                                        tiered=dialect == "reference")
    assert kit.total_packages == len(kit.all_packages)
    assert kits.skipped_packages == []
    assert all(p.seller_url == SELLER for p in kit.all_packages)
    assert isinstance(detail, PackageDetail)
    assert detail.exact_price is not None
    if dialect == "reference":
        assert kit.seller_name is None
        assert kit.all_packages[1].description == ""  # null
        assert detail.product_id == "prod-ctv-001"
    else:
        assert kit.seller_name == "Seller A"
        assert detail.product_id is None  # native: the package id is the product id


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_the_buyer_reads_quote_and_deal(dialect: str) -> None:
    async with DealsClient(SELLER, api_key="k", transport=seller_world(dialect)) as deals:
        quote = await deals.request_quote(product_id="prod-ctv-001", deal_type="PD",
                                          impressions=500_000, flight_start="2026-07-01",
                                          flight_end="2026-09-30", media_type="ctv")
        deal = await deals.get_deal("d-1")
    assert quote.product.product_id == "prod-ctv-001"
    assert quote.agreed_cpm.amount_micros == quote.pricing.final_cpm.amount_micros > 0
    assert deal.openrtb_params is not None
    assert deal.openrtb_params.bidfloor == Money(amount_micros=deal.pricing.final_cpm.amount_micros)
    assert deal.quote_id == quote.quote_id


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("form", ["proposals", "messages"])
async def test_the_buyer_reads_negotiation_replies(dialect: str, form: str) -> None:
    async with NegotiationClient(api_key="k", transport=seller_world(dialect),
                                 wire_form=form) as client:  # type: ignore[arg-type]
        session = await client.start_negotiation(SELLER, "q-1", 18.0, quote_id="q-1")
    assert session.rounds[-1].action == "counter"
    assert session.current_seller_price in (26.5, 19.4)
    assert session.negotiation_id


# ---- the sandbox's writers ----


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def shape_problems(documented: Any, served: Any, where: str = "$") -> list[str]:
    """How ``served`` differs in shape from the documented fixture (empty: same shape)."""
    if isinstance(documented, dict) and isinstance(served, dict):
        problems = []
        if set(documented) != set(served):
            problems.append(f"{where}: keys {sorted(set(served) ^ set(documented))} differ")
        for key in set(documented) & set(served):
            problems += shape_problems(documented[key], served[key], f"{where}.{key}")
        return problems
    if isinstance(documented, list) and isinstance(served, list):
        if not documented or not served:
            return []
        return [p for i, item in enumerate(served)
                for p in shape_problems(documented[0], item, f"{where}[{i}]")]
    kinds = {_kind(documented), _kind(served)}
    if len(kinds) == 1 or ("null" in kinds and not kinds & {"dict", "list"}):
        return []
    return [f"{where}: documented {_kind(documented)}, served {_kind(served)}"]


def test_shape_comparison_catches_drift() -> None:
    assert shape_problems({"a": {"b": 1}}, {"a": {"b": 2.5}}) == []
    assert shape_problems({"a": None}, {"a": "text"}) == []
    assert shape_problems({"a": 1}, {"a": 1, "b": 2}) == ["$: keys ['b'] differ"]
    assert shape_problems({"bidfloor": 1.0}, {"bidfloor": {"amount_micros": 1}}) == [
        "$.bidfloor: documented number, served dict"]


class Served:
    """One sandbox world in a dialect, and one of its sellers, with a key from it."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.network = SandboxNetwork(SandboxConfig(dialect=Dialect(dialect)))
        self.seller_id = "streamwave"
        self.url = self.network.seller_url(self.seller_id)
        self.spec = self.network.seller_spec(self.seller_id)
        self.client = self.network.client()
        self.headers: dict[str, str] = {}

    async def start(self) -> None:
        store = SellerKeyStore.in_memory()
        r = await self.client.post(f"{self.url}/auth/api-keys", json=TEST_BUYER.to_wire())
        store.add(self.url, r.json()["api_key"])
        self.headers = {"X-API-Key": r.json()["api_key"]}
        self.auth = SellerKeyAuth(store)

    async def get(self, path: str, **kw: Any) -> Any:
        r = await self.client.get(path, headers=self.headers, **kw)
        assert r.status_code == 200, r.text
        return r.json()

    async def post(self, path: str, body: dict[str, Any]) -> Any:
        r = await self.client.post(path, json=body, headers=self.headers)
        assert r.status_code == 200, r.text
        return r.json()


@pytest.fixture(params=DIALECTS)
async def served(request: pytest.FixtureRequest) -> AsyncIterator[Served]:
    world = Served(request.param)
    await world.start()
    yield world
    await world.client.aclose()


async def test_the_sandbox_writes_registry_cards_and_trust_as_documented(
        served: Served) -> None:
    d, registry = served.dialect, served.network.registry_url
    listing = await served.get(f"{registry}/agents", params={"capabilities": "ctv"})
    # The sandbox's one extension: a seller not pricing in USD declares its
    # ``currencies`` (a card without them is read as USD); otherwise as documented.
    foreign = [a for a in listing["agents"] if "currencies" in a]
    assert {c for a in foreign for c in a["currencies"]} == {"EUR", "GBP"}
    agents = [{k: v for k, v in a.items() if k != "currencies"} for a in listing["agents"]]
    assert shape_problems(fixture(d, "registry_agents"), {**listing, "agents": agents}) == []
    card = await served.get(f"{served.url}/.well-known/agent.json")
    assert shape_problems(fixture(d, "agent_card"), card) == []
    if d == "reference":
        trust = await served.get(f"{registry}/agents/{served.seller_id}/trust")
    else:
        trust = await served.get(f"{registry}/verify", params={"agent_url": served.url})
    assert shape_problems(fixture(d, "trust"), trust) == []


async def test_the_sandbox_writes_media_kits_and_packages_as_documented(
        served: Served) -> None:
    d = served.dialect
    kit = await served.get(f"{served.url}/media-kit")
    assert shape_problems(fixture(d, "media_kit"), kit) == []
    package_id = served.spec.packages[0].package_id
    route = "/packages" if d == "reference" else "/media-kit/packages"
    detail = await served.get(f"{served.url}{route}/{package_id}")
    assert shape_problems(fixture(d, "package_detail"), detail) == []


async def test_the_sandbox_writes_quotes_deals_and_rounds_as_documented(
        served: Served) -> None:
    d, url = served.dialect, served.url
    product = served.spec.packages[0].product if d == "reference" else \
        served.spec.packages[0].package_id
    quote = await served.post(f"{url}/api/v1/quotes", {
        "idempotency_key": "contract-quote-1", "product_id": product, "deal_type": "PD",
        "impressions": 500_000, "flight_start": "2026-07-01", "flight_end": "2026-09-30",
        "media_type": "ctv", "buyer_identity": TEST_BUYER.to_wire()})
    assert shape_problems(fixture(d, "quote"), quote) == []
    quote_id = quote["quote"]["quote_id"]
    counter = await served.post(f"{url}/proposals/{quote_id}/counter",
                                {"buyer_price": 1.0, "price": 1.0, "quote_id": quote_id})
    assert shape_problems(fixture(d, "counter_reply"), counter) == []
    message = await served.post(f"{url}/api/v1/negotiations/messages", {
        "idempotency_key": "contract-neg-1", "action": "counter", "quote_id": quote_id,
        "round_number": 2, "buyer_price": {"amount_micros": 2_000_000, "currency": "USD"}})
    assert shape_problems(fixture(d, "message_reply"), message) == []
    deal = await served.post(f"{url}/api/v1/deals", {"idempotency_key": "contract-deal-1",
                                                     "quote_id": quote_id})
    assert shape_problems(fixture(d, "deal"), deal) == []
    read = await served.get(f"{url}/api/v1/deals/{deal['deal']['deal_id']}")
    assert read == deal
