"""Keys and identity headers go to their own seller only (issue #18): URLs are compared
normalised (dot segments, percent-encoding, case, default ports, trailing slashes) on
whole path segments, and a listed seller URL that leaves its own path is refused."""

from __future__ import annotations

import asyncio
import posixpath
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from typer.testing import CliRunner

from ad_buyer.cli import app
from ad_buyer.clients.credentials import SellerKeyAuth, SellerKeyStore, seller_base
from ad_buyer.clients.url_scope import refused_seller_urls, scoped, within
from ad_buyer.media_kit.client import MediaKitClient
from ad_buyer.media_kit.models import MediaKitError
from ad_buyer.models.buyer_identity import BuyerIdentity
from ad_buyer.sandbox.registry_app import Listing
from ad_buyer.sandbox.testing import running_sandbox

runner = CliRunner()
KEY = "ask_live_goodgoodgoodgoodgood"
GOOD = "http://h.test/sellers/good"


def key_sent_to(store: SellerKeyStore, url: str) -> str | None:
    sent: list[str | None] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request.headers.get("x-api-key"))
        return httpx.Response(200, json={})

    with httpx.Client(transport=httpx.MockTransport(record), auth=SellerKeyAuth(store)) as c:
        c.get(url)
    return sent[0]


@pytest.mark.parametrize("url", [
    "http://h.test/sellers/good/%2e%2e/rogue/media-kit/packages",
    "http://h.test/sellers/good/%2E%2E/rogue",
    "http://h.test/sellers/good/%252e%252e/rogue",
    "http://h.test/sellers/good/x%2f..%2f..%2frogue",
    "http://h.test/sellers/good/..%5c..%5crogue",
    "http://h.test/sellers/goodbye",
    "http://h.test/sellers",
    "https://h.test/sellers/good",
    "http://h.test:8080/sellers/good",
])
def test_a_url_outside_the_sellers_path_gets_no_key(url: str) -> None:
    store = SellerKeyStore.in_memory()
    store.add(GOOD, KEY)
    assert key_sent_to(store, url) is None


@pytest.mark.parametrize("url", [
    "http://h.test/sellers/good/media-kit",
    "HTTP://H.TEST:80/sellers/good/",
    "http://h.test/sellers/good/%6d%65dia-kit",
    "http://h.test/sellers/good/a/%2e%2e/deals",
    "http://h.test//sellers//good/deals",
])
def test_the_sellers_own_urls_get_its_key_however_written(url: str) -> None:
    store = SellerKeyStore.in_memory()
    store.add("http://H.test:80/sellers/good/", KEY)
    assert key_sent_to(store, url) == KEY


def test_normal_forms() -> None:
    assert seller_base("HTTPS://Sellers.Example.com:443/a/./b/../c/") == \
        "https://sellers.example.com/a/c"
    assert seller_base("http://h.test/sellers/good/%2e%2e/rogue") == "http://h.test/sellers/rogue"
    assert scoped("http://h.test/sellers/good/%2e%2e/rogue").reshaped
    assert not scoped("http://h.test/sellers/good").reshaped
    assert within("http://h.test/sellers/good/deals/1", GOOD)
    assert not within("http://h.test/sellers/goodx", GOOD)
    assert not within("not a url", GOOD)


def test_a_listing_that_escapes_or_shadows_another_seller_is_refused() -> None:
    urls = [GOOD, "http://h.test/sellers/good/%2e%2e/rogue", "http://h.test/sellers/good/sub",
            "HTTP://h.test:80/sellers/good/", "http://h.test/sellers/goodbye",
            "http://h.test/sellers/good/./x"]
    refused = refused_seller_urls(urls)
    assert set(refused) == {urls[1], urls[2], urls[3], urls[5]}
    assert "dot segments" in refused[urls[1]]
    assert "seller http://h.test/sellers/good's path" in refused[urls[2]]


def test_identity_headers_are_not_sent_off_the_sellers_path() -> None:
    calls: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: calls.append(r) or httpx.Response(200, json={}))
    identity = BuyerIdentity(seat_id="seat-1", agency_id="agency-1")

    async def probe() -> None:
        async with MediaKitClient(api_key=KEY, transport=transport,
                                  buyer_identity=identity, max_retries=0) as kits:
            with pytest.raises(MediaKitError, match="not under seller"):
                await kits.get_package(GOOD, "../../../../rogue")

    asyncio.run(probe())
    assert calls == []


# ---- through the CLI, against sellers served over HTTP ----


@dataclass
class NormalisingFrontEnd:
    """An ASGI front end that records every request's raw path and buyer headers, then
    routes on the path with ``%2e%2e`` decoded and dot segments resolved (as the front end
    in issue #18 did: ``/sellers/good/%2e%2e/rogue`` reaches the ``rogue`` tenant)."""

    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wrap(self, inner: Any) -> Any:
        async def front(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] == "http":
                raw = scope.get("raw_path", b"").decode("latin-1") or scope["path"]
                headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
                with self.lock:
                    self.seen.append((raw, headers))
                path = posixpath.normpath(unquote(scope["path"]))
                scope = {**scope, "path": path, "raw_path": path.encode()}
            await inner(scope, receive, send)

        return front


def test_cli_run_sends_no_key_to_a_listing_that_escapes_into_another_seller(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AD_BUYER_LLM", "offline")
    monkeypatch.setenv("AD_BUYER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "200")
    front = NormalisingFrontEnd()
    with running_sandbox(meter=front) as network:  # type: ignore[arg-type]
        good = network.seller_url("soundwave")
        rogue = f"{good}/%2e%2e/podnet"
        spec = network.seller_spec("podnet").model_copy(
            update={"seller_id": "rogue", "name": "Rogue Audio"})
        network.registry.listings.append(Listing(spec, rogue))
        enrolled = runner.invoke(app, ["sellers", "request-key", good, "--seat-id", "seat-1",
                                       "--agency-id", "agency-1"])
        assert enrolled.exit_code == 0, enrolled.output
        result = runner.invoke(app, [
            "run", "Campaign: Leak. Budget $30k, flight July 1 - Sept 30 2027. Audio, "
            "adults 18-34 in the US. Goal: awareness. Max $20 CPM. PD.",
            "--db", f"sqlite:///{tmp_path / 'k.db'}", "--registry-url",
            network.registry_url, "--reference-date", "2027-06-01"])
    assert result.exit_code == 0, result.output
    store = SellerKeyStore(tmp_path / "home" / "seller-keys.json")
    good_key = store.entry(good)
    assert good_key is not None  # the buyer did hold soundwave's key and used it
    goods = good_key.key.get_secret_value()
    escaped = [(path, h) for path, h in front.seen if "%2e%2e" in path.lower()]
    assert escaped == []  # the refused listing was never called at all
    to_good = [path for path, h in front.seen if h.get("x-api-key") == goods]
    assert to_good
    assert all(within(f"http://x{p}", "http://x/sellers/soundwave") for p in to_good)
    said = " ".join(result.output.split())
    assert f"seller {rogue} is refused: its path has dot segments" in said
