import pytest

from ad_buyer.registry.cache import SellerCache, card_key, discover_key


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_entries_expire_after_ttl() -> None:
    clock = FakeClock()
    cache = SellerCache(30, clock=clock)
    cache.set("card:http://a", "A")
    clock.now += 29.9
    assert cache.get("card:http://a") == "A"
    clock.now += 0.1
    assert cache.get("card:http://a") is None
    assert len(cache) == 0


def test_invalidate_and_clear() -> None:
    cache = SellerCache(300)
    cache.set("discover:ctv", [1])
    cache.set("discover:", [2])
    assert cache.invalidate("discover:ctv") is True
    assert cache.invalidate("discover:ctv") is False
    assert cache.get("discover:") == [2]
    cache.clear()
    assert "discover:" not in cache


def test_zero_ttl_disables_caching_and_negative_is_rejected() -> None:
    cache = SellerCache(0)
    cache.set("k", "v")
    assert cache.get("k") is None
    with pytest.raises(ValueError, match="TTL"):
        SellerCache(-1)


def test_key_formats() -> None:
    assert discover_key(["video", "CTV", "ctv"]) == "discover:ctv,video"
    assert discover_key(None) == "discover:"
    assert discover_key([]) == "discover:"
    assert card_key("http://seller-a:8001/") == "card:http://seller-a:8001"
