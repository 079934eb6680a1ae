import json
from datetime import date

import pytest
import yaml
from pydantic import ValidationError

from ad_buyer.models.deals import DealResponse
from ad_buyer.pacing.curves import CurveKind
from ad_buyer.pacing.models import PacingPlan, load_plan

from .helpers import A, B, deal, plan


def _deal_response(deal_id: str, seller: str | None, cpm_micros: int = 12_340_000) -> DealResponse:
    money = {"amount_micros": cpm_micros, "currency": "USD"}
    return DealResponse.model_validate({
        "deal_id": deal_id, "deal_type": "PD", "quote_id": f"q-{deal_id}",
        "product": {"product_id": "p1"},
        "pricing": {"base_cpm": money, "final_cpm": money},
        "terms": {"impressions": 500_000, "flight_start": "2026-02-01",
                  "flight_end": "2026-02-28"},
        "seller_url": seller,
    })


def test_plan_from_booked_deals_uses_final_cpm_in_micros() -> None:
    deals = [_deal_response("d1", A), _deal_response("d2", B, 20_000_000)]
    p = PacingPlan.from_deals(deals, {"d1": "ctv", "d2": "display"}, campaign_id="c",
                              budget_micros=20_000_000_000)
    assert [d.budget_micros for d in p.deals] == [6_170_000_000, 10_000_000_000]
    assert p.deals[0].channel == "ctv"
    assert p.flight_start == date(2026, 2, 1)
    assert p.flight_end == date(2026, 2, 28)


def test_plan_from_deals_requires_seller_url() -> None:
    with pytest.raises(ValueError, match="no seller_url"):
        PacingPlan.from_deals([_deal_response("d1", None)], ["ctv"], campaign_id="c",
                              budget_micros=10**10)


def test_plan_rejects_deals_above_budget() -> None:
    with pytest.raises(ValidationError, match="above the campaign budget"):
        plan(budget=1_000_000)


def test_plan_rejects_duplicate_deal() -> None:
    with pytest.raises(ValidationError, match="appears twice"):
        plan(deal(A, "x", "ctv"), deal(A, "x", "ctv"))


def test_channel_curve_overrides_campaign_curve() -> None:
    p = plan(curve="back_loaded", channels={"ctv": {"curve": "front_loaded"}})
    assert p.curve_for("ctv").kind is CurveKind.FRONT_LOADED
    assert p.curve_for("display").kind is CurveKind.BACK_LOADED


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_load_plan_from_file(tmp_path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(plan().model_dump_json())
    data["curve"] = {"kind": "custom", "points": [[0, 0], [0.5, 0.6], [1, 1]]}
    path = tmp_path / f"plan{suffix}"
    path.write_text(json.dumps(data) if suffix == ".json" else yaml.safe_dump(data))
    loaded = load_plan(path)
    assert loaded.curve.points[1] == (0.5, 0.6)
    assert loaded.deals == plan().deals


def test_load_plan_rejects_non_mapping(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.yaml"
    path.write_text("- just\n- a list\n")
    with pytest.raises(ValueError, match="must hold a mapping"):
        load_plan(path)


def test_thresholds_must_be_ordered() -> None:
    from ad_buyer.pacing.models import Thresholds

    with pytest.raises(ValidationError, match="under_critical"):
        Thresholds(under_warning=0.8, under_critical=0.85)
    with pytest.raises(ValidationError, match="over_warning"):
        Thresholds(over_warning=1.5, over_critical=1.2)
