"""Contract tests: client calls recorded against the sandbox on 127.0.0.1, replayed.

Both dialects: the default world on ``CASSETTE_PORT`` and, for the ``*_reference``
cassettes, a world served as ``sandbox serve --dialect reference`` on the next port.

CI replays ``tests/cassettes/clients/*.yaml`` (record mode ``none``: any
request not in the cassette fails the test). To re-record, delete the
cassettes and run with ``AD_BUYER_RECORD=1``: a sandbox is served on
127.0.0.1:18731 (``CASSETTE_PORT``, fixed, so recorded URLs replay) and the calls
go over real HTTP.
"""

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import vcr

from ad_buyer.clients.api_keys import ApiKeysClient
from ad_buyer.clients.credentials import SellerKeyAuth, SellerKeyStore
from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.media_kit.client import MediaKitClient
from ad_buyer.media_kit.models import PackageDetail
from ad_buyer.models.buyer_identity import BuyerIdentity
from ad_buyer.negotiation.client import NegotiationClient
from ad_buyer.negotiation.models import NegotiationOutcome
from ad_buyer.negotiation.strategies import AdaptiveStrategy, SimpleThresholdStrategy
from ad_buyer.registry.client import RegistryClient
from ad_buyer.registry.models import TrustLevel

CASSETTES = Path(__file__).resolve().parents[1] / "cassettes" / "clients"
CASSETTE_PORT = 18731
BASE = f"http://127.0.0.1:{CASSETTE_PORT}"
REGISTRY = f"{BASE}/agent-registry"
STREAMWAVE = f"{BASE}/sellers/streamwave"
VIDNATION = f"{BASE}/sellers/vidnation"
RECORDING = os.environ.get("AD_BUYER_RECORD") == "1"

recorder = vcr.VCR(
    cassette_library_dir=str(CASSETTES),
    record_mode="new_episodes" if RECORDING else "none",
    match_on=["method", "scheme", "host", "port", "path", "query"],
    filter_headers=["x-api-key", "authorization"],
    decode_compressed_response=True,
)


@pytest.fixture(scope="module")
def sandbox_if_recording() -> Iterator[None]:
    if not RECORDING:
        yield
        return
    from ad_buyer.sandbox.testing import running_sandbox

    with running_sandbox(port=CASSETTE_PORT):
        yield


def cassette(name: str) -> contextlib.AbstractContextManager[object]:
    path = CASSETTES / name
    if not RECORDING and not path.exists():
        pytest.fail(f"missing cassette {path}; record it with AD_BUYER_RECORD=1")
    return recorder.use_cassette(name)  # type: ignore[no-any-return]


@pytest.mark.usefixtures("sandbox_if_recording")
async def test_registry_contract() -> None:
    with cassette("registry.yaml"):
        async with RegistryClient(REGISTRY) as registry:
            sellers = await registry.discover_sellers(capabilities_filter=["ctv"])
            trust = await registry.verify_agent(STREAMWAVE)
            card = await registry.fetch_agent_card(f"{BASE}/sellers/offgrid")
    assert {s.agent_id for s in sellers} >= {"streamwave", "primetime"}
    assert all(s.url.startswith(f"{BASE}/sellers/") for s in sellers)
    assert (trust.is_registered, trust.trust_level) == (True, TrustLevel.PREFERRED)
    assert trust.registry_id == "reg-streamwave"
    assert card.agent_id == "offgrid"
    assert card.has_capability("ctv")


@pytest.mark.usefixtures("sandbox_if_recording")
async def test_media_kit_contract() -> None:
    with cassette("media_kit.yaml"):
        async with MediaKitClient(api_key="k") as media:
            kit = await media.get_media_kit(STREAMWAVE)
            featured = await media.list_packages(STREAMWAVE, featured_only=True)
            detail = await media.get_package(STREAMWAVE, kit.all_packages[0].package_id)
    assert kit.seller_name == "StreamWave CTV"
    assert kit.total_packages == len(kit.all_packages)
    assert [p.package_id for p in featured] == [p.package_id for p in kit.featured]
    assert isinstance(detail, PackageDetail)
    assert detail.exact_price is not None
    assert detail.floor_price is not None
    assert detail.floor_price < detail.exact_price
    assert detail.seller_url == STREAMWAVE


@pytest.mark.usefixtures("sandbox_if_recording")
@pytest.mark.parametrize("wire_form", ["proposals", "messages"])
async def test_negotiation_contract(wire_form: str) -> None:
    with cassette(f"negotiation_{wire_form}.yaml"):
        async with NegotiationClient(api_key="k", wire_form=wire_form) as client:  # type: ignore[arg-type]
            accepted = await client.auto_negotiate(
                VIDNATION, "quote-prod-olv-001", AdaptiveStrategy(15.0, 24.0))
            walked = await client.auto_negotiate(
                VIDNATION, "quote-prod-olv-002", SimpleThresholdStrategy(5.0, 6.0, 0.5, 2))
    assert accepted.outcome is NegotiationOutcome.ACCEPTED
    assert accepted.final_price is not None
    assert accepted.final_price <= 24.0
    assert accepted.rounds[-1].action == "accept"
    assert accepted.negotiation_id
    assert walked.outcome in (NegotiationOutcome.WALKED_AWAY, NegotiationOutcome.DECLINED)
    assert walked.final_price is None


# ---- the reference dialect: a sandbox served with ``--dialect reference`` ----

REFERENCE_PORT = CASSETTE_PORT + 1
REF_BASE = f"http://127.0.0.1:{REFERENCE_PORT}"
REF_REGISTRY = f"{REF_BASE}/agent-registry"
HARBORVIEW = f"{REF_BASE}/sellers/harborview"


@pytest.fixture(scope="module")
def reference_sandbox_if_recording() -> Iterator[None]:
    if not RECORDING:
        yield
        return
    from ad_buyer.sandbox.config import SandboxConfig
    from ad_buyer.sandbox.testing import running_sandbox
    from ad_buyer.sandbox.vocabulary import Dialect

    with running_sandbox(SandboxConfig(dialect=Dialect.REFERENCE), port=REFERENCE_PORT):
        yield


async def _harborview_keys() -> SellerKeyStore:
    store = SellerKeyStore.in_memory()
    async with ApiKeysClient() as issuer:
        store.add(HARBORVIEW, await issuer.request_key(
            HARBORVIEW, BuyerIdentity(seat_id="cassette-seat", agency_id="cassette-agency")))
    return store


@pytest.mark.usefixtures("reference_sandbox_if_recording")
async def test_reference_registry_contract() -> None:
    with cassette("registry_reference.yaml"):
        async with RegistryClient(REF_REGISTRY) as registry:
            sellers = await registry.discover_sellers(capabilities_filter=["ctv"])
            trust = await registry.verify_agent(HARBORVIEW)
            card = await registry.fetch_agent_card(HARBORVIEW)
    by_id = {s.agent_id: s for s in sellers}
    assert by_id["harborview"].card_style == "a2a"
    assert by_id["shadyreach"].trust_level is TrustLevel.BLOCKED
    assert (trust.is_registered, trust.trust_level) == (True, TrustLevel.VERIFIED)
    assert card.has_capability("ctv")
    assert card.has_capability("online_video")  # inventory type "video"


@pytest.mark.usefixtures("reference_sandbox_if_recording")
async def test_reference_media_kit_contract() -> None:
    with cassette("media_kit_reference.yaml"):
        keys = await _harborview_keys()
        async with MediaKitClient(auth=SellerKeyAuth(keys)) as media:
            kit = await media.get_media_kit(HARBORVIEW)
            first = kit.all_packages[0].package_id
            public = await media.get_package(HARBORVIEW, first)
            detail = await media.get_package(HARBORVIEW, first, tiered=True)
    assert kit.seller_name is None
    assert not isinstance(public, PackageDetail)
    assert isinstance(detail, PackageDetail)
    assert detail.product_id is not None
    assert detail.product_id.startswith("prod-ctv-")
    assert detail.package_id.startswith("pkg-")


@pytest.mark.usefixtures("reference_sandbox_if_recording")
@pytest.mark.parametrize("wire_form", ["proposals", "messages"])
async def test_reference_negotiation_contract(wire_form: str) -> None:
    with cassette(f"negotiation_reference_{wire_form}.yaml"):
        auth = SellerKeyAuth(await _harborview_keys())
        async with DealsClient(HARBORVIEW, auth=auth) as deals:
            quote = await deals.request_quote(
                product_id="prod-ctv-001", deal_type="PD", impressions=300_000,
                flight_start="2026-07-01", flight_end="2026-07-31", media_type="ctv",
                idempotency_key=f"cassette-quote-{wire_form}")
            ask = quote.pricing.final_cpm.amount_micros / 1e6
            async with NegotiationClient(auth=auth, wire_form=wire_form) as client:  # type: ignore[arg-type]
                agreed = await client.auto_negotiate(
                    HARBORVIEW, quote.quote_id, AdaptiveStrategy(ask * 0.85, ask),
                    asking_price=ask, quote_id=quote.quote_id)
            deal = await deals.book_deal(quote.quote_id,
                                         idempotency_key=f"cassette-book-{wire_form}")
            read = await deals.get_deal(deal.deal_id)
    assert agreed.outcome is NegotiationOutcome.ACCEPTED
    assert agreed.final_price is not None
    assert read.pricing.final_cpm.amount_micros == round(agreed.final_price * 1e6)
    assert read.openrtb_params is not None
    assert read.openrtb_params.bidfloor == read.pricing.final_cpm
