"""The unread guard and the occasion a campaign is for: "set up ads for our app launch",
"the Alpine Water launch", "support the store opening" name why the campaign runs, not when;
a launch that is dated, or a time around it, still carries a date."""

from __future__ import annotations

import pytest

from ad_buyer.intake.unread import unread_issues


@pytest.mark.parametrize("part", [
    "hey can u set up ads for our app launch",
    "Could you please plan media for the new store opening",
    "we need a push behind our album release",
    "This is to support the Alpine Water launch",
    "ads supporting their product relaunch",
])
def test_the_occasion_a_campaign_is_for_carries_no_date(part: str) -> None:
    assert unread_issues([part]) == []


@pytest.mark.parametrize("part", [
    "launch is jan 19",
    "ads for our app launch on 3/4",
    "run ads around the launch",
    "go dark before the launch",
    "the launch week is heavier",
])
def test_a_dated_launch_or_a_time_around_it_still_carries_a_date(part: str) -> None:
    assert [i.message for i in unread_issues([part]) if "a date" in i.message]
