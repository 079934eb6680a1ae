import json
import logging

import httpx
import pytest

from ad_buyer.registry.client import DEFAULT_REGISTRY_URL, RegistryClient, RegistryError
from ad_buyer.registry.models import AgentCard, TrustLevel

REGISTRY = "http://registry.test/agent-registry"


def card(n: int, caps: tuple[str, ...] = ("ctv",), trust: str = "verified") -> dict[str, object]:
    return {
        "agent_id": f"seller-{n}",
        "name": f"Seller {n}",
        "url": f"http://seller-{n}.test",
        "protocols": ["rest"],
        "capabilities": [{"name": c, "description": "", "tags": []} for c in caps],
        "trust_level": trust,
    }


class Registry:
    """A scripted registry that records what it was asked."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.status = 200
        self.agents: object = {"agents": [card(1), card(2, ("display",), "registered")]}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.status != 200:
            return httpx.Response(self.status, json={"detail": "down"})
        if request.url.path.endswith("/agents"):
            return httpx.Response(200, json=self.agents)
        if request.url.path.endswith("/verify"):
            url = request.url.params["agent_url"]
            if url == "http://seller-1.test":
                return httpx.Response(200, json={"is_registered": True,
                                                 "trust_level": "preferred",
                                                 "registry_id": "reg-1"})
            return httpx.Response(200, json={"is_registered": False, "trust_level": "unknown"})
        if request.url.path == "/.well-known/agent.json":
            return httpx.Response(200, json={"name": "Direct", "protocols": ["a2a"],
                                             "capabilities": [{"name": "ctv"}]})
        return httpx.Response(404, json={"detail": "Not Found"})


def client(registry: Registry, **kwargs: object) -> RegistryClient:
    return RegistryClient(REGISTRY, transport=httpx.MockTransport(registry),
                          retry_backoff=0.0, **kwargs)  # type: ignore[arg-type]


async def test_discover_sends_filter_and_parses_cards() -> None:
    registry = Registry()
    async with client(registry) as reg:
        sellers = await reg.discover_sellers(capabilities_filter=["video", "ctv"])
    assert [s.agent_id for s in sellers] == ["seller-1", "seller-2"]
    assert all(isinstance(s, AgentCard) for s in sellers)
    params = registry.requests[0].url.params
    assert params["agent_type"] == "seller"
    assert params["capabilities"] == "ctv,video"
    assert sellers[1].trust_level is TrustLevel.REGISTERED


async def test_discover_without_filter_sends_no_capabilities() -> None:
    registry = Registry()
    async with client(registry) as reg:
        await reg.discover_sellers()
        assert "discover:" in reg._cache
    assert "capabilities" not in registry.requests[0].url.params


async def test_discover_is_cached_and_invalidate_refetches() -> None:
    registry = Registry()
    async with client(registry) as reg:
        first = await reg.discover_sellers(["ctv"])
        second = await reg.discover_sellers(["CTV"])
        assert first == second
        assert len(registry.requests) == 1
        # Cards from discover are cached individually: no HTTP call for this one.
        direct = await reg.fetch_agent_card("http://seller-1.test/")
        assert direct.agent_id == "seller-1"
        assert len(registry.requests) == 1
        assert reg._cache.invalidate("discover:ctv")
        await reg.discover_sellers(capabilities_filter=["ctv"])
        assert len(registry.requests) == 2
        reg._cache.clear()
        await reg.discover_sellers(capabilities_filter=["ctv"])
        assert len(registry.requests) == 3


async def test_cache_expires_after_ttl() -> None:
    registry = Registry()
    async with client(registry, cache_ttl_seconds=0) as reg:
        await reg.discover_sellers()
        await reg.discover_sellers()
    assert len(registry.requests) == 2


@pytest.mark.parametrize("status", [500, 503, 404])
async def test_discover_returns_empty_and_warns_when_registry_errors(
    status: int, caplog: pytest.LogCaptureFixture
) -> None:
    registry = Registry()
    registry.status = status
    async with client(registry) as reg:
        with caplog.at_level(logging.WARNING):
            assert await reg.discover_sellers(["ctv"]) == []
        assert "discover:ctv" not in reg._cache  # failures are not cached
    assert "unavailable" in caplog.text
    assert len(registry.requests) == (3 if status == 503 else 1)  # only 5xx gateway retried


async def test_discover_returns_empty_when_registry_unreachable(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    reg = RegistryClient(REGISTRY, transport=httpx.MockTransport(refuse), retry_backoff=0.0)
    with caplog.at_level(logging.WARNING):
        assert await reg.discover_sellers() == []
    assert "ConnectError" in caplog.text
    await reg.aclose()


async def test_malformed_registry_body_gives_empty_and_bad_cards_are_skipped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    registry = Registry()
    registry.agents = {"sellers": []}
    async with client(registry) as reg:
        with caplog.at_level(logging.WARNING):
            assert await reg.discover_sellers() == []
        assert "agents: expected a list" in caplog.text
        registry.agents = {"agents": [card(1), {"name": "no url or id"}]}
        reg._cache.clear()
        with caplog.at_level(logging.WARNING):
            sellers = await reg.discover_sellers()
    assert [s.agent_id for s in sellers] == ["seller-1"]
    assert "agents[1]" in caplog.text


async def test_verify_agent_and_its_failure_mode(caplog: pytest.LogCaptureFixture) -> None:
    registry = Registry()
    async with client(registry) as reg:
        info = await reg.verify_agent("http://seller-1.test")
        assert (info.is_registered, info.trust_level, info.registry_id) == (
            True, TrustLevel.PREFERRED, "reg-1")
        unknown = await reg.verify_agent("http://nobody.test")
        assert unknown.trust_level is TrustLevel.UNKNOWN
        await reg.verify_agent("http://seller-1.test")
        assert len(registry.requests) == 2  # cached
        registry.status = 500
        with caplog.at_level(logging.WARNING):
            failed = await reg.verify_agent("http://seller-9.test")
    assert failed.is_registered is False
    assert failed.trust_level is TrustLevel.UNKNOWN
    assert "treating it as unknown" in caplog.text


async def test_fetch_agent_card_fills_url_and_raises_on_errors() -> None:
    registry = Registry()
    async with client(registry) as reg:
        direct = await reg.fetch_agent_card("http://direct.test")
        assert (direct.url, direct.agent_id, direct.protocols) == (
            "http://direct.test", "Direct", ["a2a"])
        registry.status = 404
        with pytest.raises(RegistryError) as err:
            await reg.fetch_agent_card("http://missing.test")
    assert err.value.status_code == 404
    assert err.value.seller_url == "http://missing.test"


async def test_fetch_agent_card_malformed_names_field() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"capabilities": "ctv"})

    async with RegistryClient(REGISTRY, transport=httpx.MockTransport(handler)) as reg:
        with pytest.raises(RegistryError, match=r"http://s\.test.*(name|capabilities)"):
            await reg.fetch_agent_card("http://s.test")


async def test_timeout_on_discover_is_a_warning_not_an_exception(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    reg = RegistryClient(REGISTRY, timeout=0.5, max_retries=0,
                         transport=httpx.MockTransport(slow))
    with caplog.at_level(logging.WARNING):
        assert await reg.discover_sellers() == []
    assert "timed out" in caplog.text
    await reg.aclose()


def test_default_registry_url_comes_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AD_BUYER_REGISTRY_URL", raising=False)
    assert RegistryClient().registry_url == DEFAULT_REGISTRY_URL
    monkeypatch.setenv("AD_BUYER_REGISTRY_URL", "http://127.0.0.1:9999/registry/")
    assert RegistryClient().registry_url == "http://127.0.0.1:9999/registry"
    assert RegistryClient("http://explicit").registry_url == "http://explicit"


def test_card_json_roundtrip_is_stable() -> None:
    assert AgentCard.model_validate(json.loads(json.dumps(card(3)))).url == "http://seller-3.test"


async def test_check_raises_where_discovery_fails_safe() -> None:
    import httpx

    from ad_buyer.registry.client import RegistryClient, RegistryError

    def down(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"detail": {"error": "not_found", "message": "no"}})

    async with RegistryClient("http://registry.test", transport=httpx.MockTransport(down),
                              retry_backoff=0) as registry:
        assert await registry.discover_sellers() == []
        with pytest.raises(RegistryError, match="HTTP 404"):
            await registry.check()
