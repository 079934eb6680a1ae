from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from ad_buyer.models.brief import (
    AudienceSpec,
    BriefGap,
    BriefIncompleteError,
    BriefIssue,
    CampaignBrief,
    Channel,
    GapKind,
)

BASE = dict(name="x", budget_micros=1_000_000, flight_start=date(2026, 7, 1),
            flight_end=date(2026, 7, 31), channels=["ctv"])


def test_valid_brief_has_money_and_flight_days() -> None:
    brief = CampaignBrief(**BASE)
    assert brief.budget.amount_micros == 1_000_000
    assert brief.flight_days == 31
    assert brief.channels == [Channel.CTV]


@pytest.mark.parametrize(("change", "needle"), [
    ({"budget_micros": 0}, "greater than 0"),
    ({"budget_micros": -5}, "greater than 0"),
    ({"flight_end": date(2026, 6, 30)}, "must be after flight_start"),
    ({"flight_end": date(2026, 7, 1)}, "must be after flight_start"),
    ({"channels": ["tv_on_the_moon"]}, "channels.0"),
    ({"channels": []}, "at least 1"),
    ({"channels": ["ctv", "ctv"]}, "must not repeat"),
    ({"max_cpm_micros": 0}, "greater than 0"),
    ({"countries": ["usa"]}, "ISO 3166-1"),
    ({"surprise": 1}, "Extra inputs are not permitted"),
    ({"currency": "dollars"}, "String should match pattern"),
])
def test_invalid_briefs_are_rejected_with_a_clear_error(change: dict, needle: str) -> None:
    with pytest.raises(ValidationError) as info:
        CampaignBrief(**{**BASE, **change})
    assert needle in str(info.value)


def test_reversed_age_range_is_rejected() -> None:
    with pytest.raises(ValidationError, match="reversed"):
        AudienceSpec(age_min=54, age_max=25)


def test_gap_describes_every_issue() -> None:
    gap = BriefGap(issues=[
        BriefIssue(field="budget", kind=GapKind.MISSING, message="no budget"),
        BriefIssue(field="flight_dates", kind=GapKind.CONTRADICTORY, message="two flights"),
    ])
    text = BriefIncompleteError(gap).args[0]
    assert "budget (missing): no budget" in text
    assert "flight_dates (contradictory): two flights" in text
    assert gap.fields == ["budget", "flight_dates"]
