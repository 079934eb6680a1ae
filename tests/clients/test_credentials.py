"""Per-seller keys (issue #8, item 7): a key store under $AD_BUYER_HOME, one httpx.Auth
that sends each seller its own key, no key to a seller with none, keys never shown."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from ad_buyer.cli import app
from ad_buyer.clients.credentials import (
    KeyStoreError,
    SellerKeyAuth,
    SellerKeyStore,
    mask,
    seller_base,
)
from ad_buyer.clients.deals_client import DealsClient, QuoteRejectedError
from ad_buyer.sandbox.config import SandboxConfig
from ad_buyer.sandbox.network import SandboxNetwork
from seller_keys import TEST_BUYER, sandbox_keys

runner = CliRunner()
KEY_A = "ask_live_aaaaaaaaaaaaaaaaaaaa"
KEY_B = "ask_live_bbbbbbbbbbbbbbbbbbbb"


def seen_keys(store: SellerKeyStore, urls: list[str]) -> list[str | None]:
    """The X-API-Key each URL receives through SellerKeyAuth."""
    seen: list[str | None] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("x-api-key"))
        return httpx.Response(200, json={})

    with httpx.Client(transport=httpx.MockTransport(record), auth=SellerKeyAuth(store)) as c:
        for url in urls:
            c.get(url, headers={"X-API-Key": "a-key-from-elsewhere"})
    return seen


def test_each_seller_gets_its_own_key_and_a_seller_without_one_gets_none() -> None:
    store = SellerKeyStore.in_memory()
    store.add("http://sellers.test:8080/sellers/a", KEY_A)
    store.add("http://sellers.test:8080/sellers/ab", KEY_B)
    assert seen_keys(store, [
        "http://sellers.test:8080/sellers/a/media-kit",
        "http://sellers.test:8080/sellers/ab/api/v1/quotes",
        "http://sellers.test:8080/sellers/abc/media-kit",  # another seller: a prefix is not it
        "http://sellers.test:8081/sellers/a/media-kit",  # another port
        "https://sellers.test:8080/sellers/a/media-kit",  # another scheme
        "http://registry.test/agent-registry/agents",
    ]) == [KEY_A, KEY_B, None, None, None, None]


def test_store_file_is_private_and_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    SellerKeyStore(path).add("https://seller.example.com/", KEY_A, label="prod")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    reloaded = SellerKeyStore(path)
    [entry] = reloaded.entries()
    assert entry.url == "https://seller.example.com"
    assert reloaded.key_for("https://seller.example.com:443/media-kit") == KEY_A
    assert reloaded.key_for("https://seller.example.com/api/v1/deals") == KEY_A
    assert KEY_A not in repr(entry)
    assert KEY_A not in str(entry)
    assert entry.masked == mask(KEY_A) == "ask_...aaaa"


def test_bad_urls_keys_and_files_are_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(KeyStoreError, match="http"):
        seller_base("ftp://seller.example.com")
    with pytest.raises(KeyStoreError, match="whitespace"):
        SellerKeyStore.in_memory().add("https://s.example.com", "two words")
    broken = tmp_path / "keys.json"
    broken.write_text("{not json")
    with pytest.raises(KeyStoreError, match="cannot read"):
        SellerKeyStore(broken)


def test_api_key_and_auth_are_exclusive() -> None:
    with pytest.raises(ValueError, match="not both"):
        DealsClient("http://s.test", api_key="k", auth=SellerKeyAuth(SellerKeyStore.in_memory()))


async def test_another_sellers_key_is_401_at_a_reference_seller_and_no_key_is_public(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    network = SandboxNetwork(SandboxConfig(dialect="reference"))  # type: ignore[arg-type]
    store = await sandbox_keys(network)
    harborview, lumacast = network.seller_url("harborview"), network.seller_url("lumacast")
    own = store.entry(harborview)
    assert own is not None
    quote = {"product_id": "prod-ctv-001", "deal_type": "PD", "impressions": 100_000,
             "flight_start": "2026-07-01", "flight_end": "2026-07-31", "media_type": "ctv"}
    async with DealsClient(harborview, auth=SellerKeyAuth(store),
                           transport=network.transport()) as client:
        assert (await client.request_quote(**quote)).buyer_tier == "agency"
    wrong = SellerKeyStore.in_memory()
    wrong.add(lumacast, own.key.get_secret_value())  # harborview's key, sent to lumacast
    async with DealsClient(lumacast, auth=SellerKeyAuth(wrong),
                           transport=network.transport()) as client:
        with pytest.raises(QuoteRejectedError) as err:
            await client.request_quote(**quote)
    assert err.value.status_code == 401
    async with DealsClient(lumacast, transport=network.transport()) as anonymous:
        public = await anonymous.request_quote(
            **quote, buyer_identity=TEST_BUYER)
    assert public.buyer_tier == "public"  # no key: public, whatever identity is claimed
    for entry in store.entries():
        assert entry.key.get_secret_value() not in caplog.text


def test_cli_add_key_list_and_remove_never_print_the_key(tmp_path: Path) -> None:
    added = runner.invoke(app, ["sellers", "add-key", "https://seller.example.com",
                                "--key", KEY_A, "--label", "prod"])
    assert added.exit_code == 0, added.output
    prompted = runner.invoke(app, ["sellers", "add-key", "http://localhost:8080/sellers/x"],
                             input=f"{KEY_B}\n")
    assert prompted.exit_code == 0, prompted.output
    listed = runner.invoke(app, ["sellers", "list"], env={"COLUMNS": "160"})
    assert listed.exit_code == 0
    for key in (KEY_A, KEY_B):
        assert key not in added.output + prompted.output + listed.output
        assert mask(key) in listed.output
    assert "https://seller.example.com" in listed.output
    assert SellerKeyStore().key_for("http://localhost:8080/sellers/x/media-kit") == KEY_B
    removed = runner.invoke(app, ["sellers", "remove", "http://localhost:8080/sellers/x"])
    assert removed.exit_code == 0
    again = runner.invoke(app, ["sellers", "remove", "http://localhost:8080/sellers/x"])
    assert again.exit_code == 1
    bad = runner.invoke(app, ["sellers", "add-key", "seller.example.com", "--key", KEY_A])
    assert bad.exit_code == 2
    assert "http(s)://host" in bad.output
