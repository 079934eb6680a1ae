"""Packages tell who they reach, as the reference seller does: capabilities in
public, IAB Audience Taxonomy 1.1 segment lists to an authenticated buyer."""

from __future__ import annotations

import httpx

from ad_buyer.sandbox.catalog import age_segments
from ad_buyer.sandbox.network import SandboxNetwork

from .support import KEY


def test_age_segments_cover_the_range() -> None:
    assert age_segments(18, 34) == ["3", "4", "5", "6"]
    assert age_segments(65, 99) == ["13", "14", "15"]


async def test_public_view_shows_capabilities_only(client: httpx.AsyncClient,
                                                   network: SandboxNetwork) -> None:
    url = network.seller_url("omnicast")
    body = (await client.get(f"{url}/media-kit/packages/prod-ctv-002")).json()
    caps = body["audience_capabilities"]
    assert caps["supports_standard"] is True
    assert "standard_segment_ids" not in caps


async def test_authenticated_view_lists_segments_and_audience_tags(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url("omnicast")
    sports = (await client.get(f"{url}/media-kit/packages/prod-ctv-002", headers=KEY)).json()
    assert sports["audience_capabilities"]["standard_segment_ids"] == age_segments(18, 54)
    assert "sports" in sports["tags"]
    family = (await client.get(f"{url}/media-kit/packages/prod-ctv-001", headers=KEY)).json()
    assert family["audience_capabilities"]["standard_segment_ids"] == []
    assert {"kids_safe", "family"} <= set(family["tags"])
    late = (await client.get(f"{network.seller_url('primetime')}/media-kit/packages/"
                             "prod-linear-002", headers=KEY)).json()
    assert "mature" in late["tags"]
