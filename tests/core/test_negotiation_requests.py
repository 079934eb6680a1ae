"""A proposal that cannot be right is refused before it reaches any seller."""

import pytest
from pydantic import ValidationError

from ad_buyer.negotiation.models import NegotiationMessage, ProposalRequest

GOOD = {"product_id": "prod-ctv-001", "deal_type": "PD", "price": 20.0,
        "impressions": 500_000, "start_date": "2026-07-01", "end_date": "2026-09-30"}


def test_a_sound_proposal_validates():
    assert ProposalRequest(**GOOD).deal_type.value == "PD"


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"price": 0}, "greater than 0"),
        ({"price": -3.5}, "greater than 0"),
        ({"impressions": 0}, "greater than 0"),
        ({"impressions": -1}, "greater than 0"),
        ({"end_date": "2026-06-30"}, "end_date 2026-06-30 is before start_date 2026-07-01"),
        ({"deal_type": "XX"}, "PG"),
        ({"surprise": 1}, "Extra inputs are not permitted"),
    ],
)
def test_impossible_proposals_are_refused(override, message):
    with pytest.raises(ValidationError, match=message):
        ProposalRequest(**{**GOOD, **override})


def test_negotiation_messages_need_an_idempotency_key_and_a_known_action():
    with pytest.raises(ValidationError, match="idempotency_key"):
        NegotiationMessage(idempotency_key="short", action="counter", round_number=1)
    with pytest.raises(ValidationError, match="action"):
        NegotiationMessage(idempotency_key="key-12345678", action="haggle", round_number=1)
