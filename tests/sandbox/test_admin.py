"""``/sandbox-admin``: the sellers' booked deals and live faults, served only when asked."""

from __future__ import annotations

from ad_buyer.sandbox.config import FaultConfig
from ad_buyer.sandbox.money import spend_micros
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.server import build_network

from .support import KEY, book, idem, quote

PRODUCT = "prod-display-001"


async def test_not_served_unless_asked(network: SandboxNetwork) -> None:
    assert network.admin_url is None
    async with network.client() as client:
        assert (await client.get("/sandbox-admin/deals")).status_code == 404


async def test_lists_every_sellers_deals_live_and_cancelled() -> None:
    network = SandboxNetwork(admin=True)
    async with network.client() as client:
        assert (await client.get("/sandbox-admin/deals")).json() == {"deals": []}
        pixel, omni = network.seller_url("pixelpress"), network.seller_url("omnicast")
        kept = await book(client, pixel, (await quote(client, pixel, product_id=PRODUCT,
                                                      impressions=2_000_000))["quote_id"])
        gone = await book(client, omni, (await quote(
            client, omni, product_id=network.seller_spec("omnicast").packages[0].package_id,
        ))["quote_id"])
        cancelled = await client.post(f"{omni}/api/v1/change-requests", headers=KEY, json={
            "idempotency_key": idem(), "deal_id": gone["deal_id"], "change_type": "cancel"})
        assert cancelled.json()["status"] == "approved"
        listed = (await client.get(f"{network.admin_url}/deals")).json()["deals"]
        only_pixel = (await client.get("/sandbox-admin/deals",
                                       params={"seller_id": "pixelpress"})).json()["deals"]
        unknown = await client.get("/sandbox-admin/deals", params={"seller_id": "nobody"})
    by_id = {d["deal_id"]: d for d in listed}
    assert set(by_id) == {kept["deal_id"], gone["deal_id"]}
    pixel_deal = by_id[kept["deal_id"]]
    price = network.booked_deals("pixelpress")[0].price_micros
    assert pixel_deal["seller_id"] == "pixelpress"
    assert pixel_deal["seller_url"] == pixel
    assert pixel_deal["quote_id"] == kept["quote_id"]
    assert pixel_deal["impressions"] == 2_000_000
    assert pixel_deal["final_cpm"]["amount_micros"] == price
    assert pixel_deal["cost"]["amount_micros"] == spend_micros(price, 2_000_000)
    assert pixel_deal["cancelled_at"] is None
    assert by_id[gone["deal_id"]]["cancelled_at"] is not None
    assert [d["deal_id"] for d in only_pixel] == [kept["deal_id"]]
    assert unknown.status_code == 404
    # The operator's view still keeps the sellers' private prices private.
    assert not any("floor" in key or "reservation" in key for key in pixel_deal)


async def test_sets_a_running_sellers_faults() -> None:
    network = SandboxNetwork(admin=True)
    async with network.client() as client:
        url = "/sandbox-admin/sellers/pixelpress/faults"
        assert (await client.get(url)).json() == FaultConfig().model_dump(mode="json")
        answer = await client.put(url, json={"error_rate": 1.0, "error_status": 502,
                                             "path_prefixes": ["/media-kit"]})
        assert answer.status_code == 200
        assert network.seller_spec("pixelpress").faults == FaultConfig()  # the spec is as built
        kit = await client.get(f"{network.seller_url('pixelpress')}/media-kit")
        assert kit.status_code == 502
        bad = await client.put(url, json={"error_rate": 2})
        typo = await client.put(url, json={"timeout_rat": 1.0})
        nobody = await client.put("/sandbox-admin/sellers/nobody/faults", json={})
        assert (await client.get(url)).json()["error_status"] == 502  # unchanged by the 422s
    assert bad.status_code == 422
    assert "error_rate" in bad.json()["detail"]["message"]
    assert typo.status_code == 422
    assert "timeout_rat" in typo.json()["detail"]["message"]
    assert nobody.status_code == 404


def test_served_network_has_the_admin_only_when_asked() -> None:
    assert build_network(port=8123).admin_url is None
    assert build_network(port=8123, admin=True).admin_url == \
        "http://localhost:8123/sandbox-admin"

