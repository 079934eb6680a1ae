import asyncio
import json
import logging

import httpx
import pytest

from ad_buyer.media_kit.client import MediaKitClient
from ad_buyer.media_kit.models import MediaKitError, PackageDetail, PackageSummary, SearchFilter
from ad_buyer.models.buyer_identity import BuyerIdentity

A, B, C = "http://seller-a.test", "http://seller-b.test", "http://seller-c.test"


def summary(pid: str, **extra: object) -> dict[str, object]:
    return {"package_id": pid, "name": f"Package {pid}", "ad_formats": ["video"],
            "price_range": "$24-$36 CPM", **extra}


def detail(pid: str) -> dict[str, object]:
    return {**summary(pid), "exact_price": 27.5, "floor_price": 22.0,
            "negotiation_enabled": True, "placements": [
                {"placement_id": "p1", "name": "Pre-roll"}]}


def seller(requests: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        path = request.url.path
        if path == "/media-kit":
            return httpx.Response(200, json={
                "seller_name": "Seller A", "total_packages": 2,
                "featured": [summary("pkg-1", is_featured=True)],
                "all_packages": [summary("pkg-1", is_featured=True), summary("pkg-2")]})
        if path == "/media-kit/packages":
            return httpx.Response(200, json={"packages": [summary("pkg-1"), summary("pkg-2")]})
        if path == "/media-kit/packages/pkg-1":
            authed = "x-api-key" in request.headers
            return httpx.Response(200, json=detail("pkg-1") if authed else summary("pkg-1"))
        if path == "/media-kit/search":
            return httpx.Response(200, json={"results": [summary("pkg-2")]})
        return httpx.Response(404, json={"detail": {"error": "not_found", "message": "nope"}})

    return httpx.MockTransport(handler)


async def test_media_kit_and_packages_carry_seller_url() -> None:
    requests: list[httpx.Request] = []
    async with MediaKitClient(transport=seller(requests)) as client:
        kit = await client.get_media_kit(A + "/")
        packages = await client.list_packages(A, featured_only=True)
    assert (kit.seller_name, kit.total_packages, len(kit.featured)) == ("Seller A", 2, 1)
    assert {p.seller_url for p in kit.all_packages + kit.featured + packages} == {A}
    assert requests[1].url.params["featured_only"] == "true"


async def test_get_package_is_detail_only_when_authenticated() -> None:
    requests: list[httpx.Request] = []
    async with MediaKitClient(transport=seller(requests)) as public:
        plain = await public.get_package(A, "pkg-1")
    async with MediaKitClient(api_key="k-1", transport=seller(requests)) as authed:
        rich = await authed.get_package(A, "pkg-1")
    assert type(plain) is PackageSummary
    assert isinstance(rich, PackageDetail)
    assert (rich.exact_price, rich.floor_price, rich.negotiation_enabled) == (27.5, 22.0, True)
    assert rich.seller_url == A
    assert requests[-1].headers["x-api-key"] == "k-1"


async def test_identity_headers_and_search_payload() -> None:
    requests: list[httpx.Request] = []
    identity = BuyerIdentity(seat_id="ttd-1", agency_id="omd-2")
    async with MediaKitClient(api_key="k", buyer_identity=identity,
                              transport=seller(requests)) as client:
        results = await client.search_packages(
            seller_url=A, query="premium video",
            filters=SearchFilter(buyer_tier="agency", agency_id="omnicom-456"))
    sent = requests[0]
    assert sent.headers["x-seat-id"] == "ttd-1"
    assert sent.headers["x-agency-id"] == "omd-2"
    assert "x-advertiser-id" not in sent.headers
    assert json.loads(sent.content) == {"query": "premium video", "buyer_tier": "agency",
                                        "agency_id": "omnicom-456"}
    assert [r.package_id for r in results] == ["pkg-2"]
    assert results[0].seller_url == A


async def test_http_error_raises_media_kit_error_with_status_and_seller() -> None:
    async with MediaKitClient(transport=seller([])) as client:
        with pytest.raises(MediaKitError) as err:
            await client.get_package(A, "pkg-404")
    assert err.value.status_code == 404
    assert err.value.seller_url == A
    assert "nope" in str(err.value)


def flaky(statuses: list[int], calls: list[int]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        status = statuses[min(len(calls) - 1, len(statuses) - 1)]
        if status != 200:
            return httpx.Response(status, json={"detail": {"error": "e", "message": "m"}})
        return httpx.Response(200, json={"packages": [summary("pkg-1")]})

    return httpx.MockTransport(handler)


async def test_5xx_is_retried_then_succeeds() -> None:
    calls: list[int] = []
    async with MediaKitClient(transport=flaky([503, 502, 200], calls), retry_backoff=0) as c:
        packages = await c.list_packages(A)
    assert len(calls) == 3
    assert packages[0].package_id == "pkg-1"


@pytest.mark.parametrize("status", [400, 401, 403, 422, 500])
async def test_4xx_and_500_are_not_retried(status: int) -> None:
    calls: list[int] = []
    async with MediaKitClient(transport=flaky([status, 200], calls), retry_backoff=0) as c:
        with pytest.raises(MediaKitError) as err:
            await c.list_packages(A)
    assert len(calls) == 1
    assert err.value.status_code == status


async def test_malformed_json_names_the_seller() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(200, text="<html>oops"))
    async with MediaKitClient(transport=transport) as client:
        with pytest.raises(MediaKitError, match=r"malformed JSON from http://seller-a\.test"):
            await client.get_media_kit(A)


async def test_a_malformed_package_is_skipped_naming_the_seller_and_field() -> None:
    bad = {"packages": [summary("pkg-1"), {"package_id": "pkg-2", "ad_formats": "video"}]}
    transport = httpx.MockTransport(lambda r: httpx.Response(200, json=bad))
    async with MediaKitClient(transport=transport) as client:
        packages = await client.list_packages(A)
    assert [p.package_id for p in packages] == ["pkg-1"]  # the seller's other package stays
    [message] = client.skipped_packages
    assert A in message
    assert "packages[1]" in message
    assert "name" in message
    assert "ad_formats" in message
    wrong_shape = httpx.MockTransport(lambda r: httpx.Response(200, json={"items": []}))
    async with MediaKitClient(transport=wrong_shape) as client:
        with pytest.raises(MediaKitError, match="packages: expected a list"):
            await client.list_packages(A)


async def test_timeout_raises_media_kit_error() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    async with MediaKitClient(timeout=1.0, max_retries=1, retry_backoff=0,
                              transport=httpx.MockTransport(slow)) as client:
        with pytest.raises(MediaKitError, match="timed out") as err:
            await client.get_media_kit(A)
    assert err.value.status_code is None
    assert err.value.seller_url == A


async def test_aggregate_skips_unreachable_and_failing_sellers(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if host == "seller-b.test":
            raise httpx.ConnectError("connection refused", request=request)
        if host == "seller-c.test":
            return httpx.Response(200, text="not json")
        return httpx.Response(200, json={"packages": [summary("pkg-1"), summary("pkg-2")]})

    async with MediaKitClient(transport=httpx.MockTransport(handler), retry_backoff=0) as c:
        with caplog.at_level(logging.WARNING):
            packages = await c.aggregate_across_sellers([A, B, C, A + "/"])
    assert [(p.seller_url, p.package_id) for p in packages] == [(A, "pkg-1"), (A, "pkg-2")]
    assert "skipping seller http://seller-b.test" in caplog.text
    assert "skipping seller http://seller-c.test" in caplog.text


async def test_aggregate_is_concurrent_and_bounded() -> None:
    in_flight = 0
    peak = 0

    class Slow(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            nonlocal in_flight, peak
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.02)
            in_flight -= 1
            return httpx.Response(200, json={"packages": [summary(request.url.host)]})

    urls = [f"http://s{i}.test" for i in range(7)]
    async with MediaKitClient(transport=Slow(), max_concurrency=3) as client:
        packages = await client.aggregate_across_sellers(urls)
    assert [p.seller_url for p in packages] == urls
    assert peak == 3


def test_bad_concurrency_is_rejected() -> None:
    with pytest.raises(ValueError, match="max_concurrency"):
        MediaKitClient(max_concurrency=0)
