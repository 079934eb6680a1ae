"""Contract tests: client calls recorded against the sandbox on 127.0.0.1, replayed.

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

from ad_buyer.media_kit.client import MediaKitClient
from ad_buyer.media_kit.models import PackageDetail
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
