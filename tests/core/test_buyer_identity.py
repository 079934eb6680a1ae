from decimal import Decimal

from ad_buyer.models.buyer_identity import AccessTier, BuyerContext, BuyerIdentity, DealType

FULL = BuyerIdentity(seat_id="s", agency_id="a", advertiser_id="adv", advertiser_name="Acme")


def test_tier_requires_every_id_below_it():
    assert BuyerIdentity().get_access_tier() is AccessTier.PUBLIC
    assert BuyerIdentity(seat_id="s").get_access_tier() is AccessTier.SEAT
    assert BuyerIdentity(seat_id="s", agency_id="a").get_access_tier() is AccessTier.AGENCY
    assert FULL.get_access_tier() is AccessTier.ADVERTISER
    # An advertiser id without a seat earns nothing: tiers are cumulative.
    assert BuyerIdentity(advertiser_id="adv").get_access_tier() is AccessTier.PUBLIC


def test_tier_discounts_and_negotiation_rights():
    assert [t.discount_pct for t in AccessTier] == [Decimal(x) for x in ("0", "5", "10", "15")]
    assert [t.can_negotiate for t in AccessTier] == [False, False, True, True]


def test_context_without_authentication_is_public():
    assert BuyerContext(identity=FULL).can_negotiate()
    unauthenticated = BuyerContext(identity=FULL, is_authenticated=False)
    assert unauthenticated.effective_tier is AccessTier.PUBLIC
    assert not unauthenticated.can_negotiate()


def test_wire_form_omits_unset_fields():
    assert FULL.to_wire() == {
        "seat_id": "s", "agency_id": "a", "advertiser_id": "adv", "advertiser_name": "Acme"
    }
    assert DealType("PG") is DealType.PROGRAMMATIC_GUARANTEED
