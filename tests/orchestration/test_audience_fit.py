"""Audience fit: packages that cannot reach the brief's audience are excluded with
the reason, partial fits rank lower, and a kids' audience gets the safety rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.events.models import EventType
from ad_buyer.media_kit.models import PackageDetail
from ad_buyer.models.brief import AudienceSpec, Gender, Household
from ad_buyer.orchestration.audience_fit import (
    KIDS_RULES,
    Fit,
    audience_fit,
    package_audience,
    seller_rule,
)
from ad_buyer.orchestration.multi_seller import MultiSellerOrchestrator
from ad_buyer.registry.models import AgentCard, TrustLevel

from .helpers import ctv_requirements

Make = Callable[..., MultiSellerOrchestrator]


def package(segments: list[str] | None = None, tags: list[str] | None = None,
            cat: list[str] | None = None) -> PackageDetail:
    extra: dict[str, Any] = {"audience_capabilities": {"standard_segment_ids": segments or []}}
    return PackageDetail(package_id="p", name="p", tags=tags or [], cat=cat or [], **extra)


YOUNG = package(["3", "4", "5", "6"])  # 18-34
OLD = package(["13", "14", "15"])  # 65+
FAMILY = package(tags=["kids_safe", "family"])


def test_package_facts_read_from_audience_taxonomy_ids_and_tags() -> None:
    facts = package_audience(package(["5", "6", "49", "98", "68", "300"], ["mature"]))
    assert (facts.age_min, facts.age_max) == (25, 34)
    assert facts.genders == {Gender.FEMALE}
    assert facts.household == {Household.WITH_CHILDREN, Household.INCOME_100K_150K}
    assert facts.mature
    assert facts.behavioural
    assert not facts.kids_safe


@pytest.mark.parametrize(("audience", "pkg", "fit"), [
    (AudienceSpec(age_min=18, age_max=34), YOUNG, Fit.FITS),
    (AudienceSpec(age_min=65), YOUNG, Fit.EXCLUDED),
    (AudienceSpec(age_min=65), OLD, Fit.FITS),
    (AudienceSpec(age_min=18, age_max=34), OLD, Fit.EXCLUDED),
    (AudienceSpec(age_min=25, age_max=74), OLD, Fit.PARTIAL),
    (AudienceSpec(age_min=25, age_max=54), package(), Fit.UNKNOWN),
    (AudienceSpec(), OLD, Fit.FITS),
    (AudienceSpec(gender=Gender.MALE), package(["49"]), Fit.EXCLUDED),
    (AudienceSpec(household=[Household.WITH_CHILDREN]), package(["96"]), Fit.EXCLUDED),
    (AudienceSpec(age_min=13, age_max=17), package(tags=["mature"]), Fit.EXCLUDED),
])
def test_fit(audience: AudienceSpec, pkg: PackageDetail, fit: Fit) -> None:
    result = audience_fit(audience, pkg)
    assert result.fit is fit, result
    if fit is Fit.EXCLUDED:
        assert result.rule
        assert result.reasons[0].startswith(result.rule)


KIDS = AudienceSpec(age_min=2, age_max=11)


@pytest.mark.parametrize(("pkg", "rule"), [
    (package(tags=["kids_safe", "mature"]), "kids.no_mature_content"),
    (package(tags=["kids_safe"], cat=["IAB8-5"]), "kids.no_mature_content"),
    (package(tags=["kids_safe", "retargeting"]), "kids.contextual_only"),
    (package(["300"], tags=["kids_safe"]), "kids.contextual_only"),
    (package(["3", "4"], tags=["kids_safe"]), "kids.no_adult_audience"),
    (package(), "kids.declared_kids_safe"),
])
def test_each_kids_rule_excludes(pkg: PackageDetail, rule: str) -> None:
    assert rule in KIDS_RULES
    result = audience_fit(KIDS, pkg)
    assert (result.fit, result.rule) == (Fit.EXCLUDED, rule)
    assert audience_fit(KIDS, FAMILY).fit is Fit.FITS


def test_kids_need_a_trusted_seller() -> None:
    card = AgentCard(agent_id="x", name="X", url="http://x", trust_level=TrustLevel.REGISTERED)
    assert "kids.trusted_sellers" in (seller_rule(card, KIDS) or "")
    assert seller_rule(card, AudienceSpec(age_min=18)) is None
    verified = card.model_copy(update={"trust_level": TrustLevel.VERIFIED})
    assert seller_rule(verified, KIDS) is None


async def _shop(make: Make, audience: AudienceSpec | None, media_type: str = "ctv") -> Any:
    orch = make()
    return await orch.shop(ctv_requirements(max_cpm=60.0, audience=audience,
                                            media_type=media_type), deal_type="PD",
                           flight_start="2027-07-01", flight_end="2027-09-30",
                           budget=100_000, countries=["US"], dry_run=True)


def _picked(result: Any) -> set[tuple[str, str]]:
    return {(c.seller_url.rsplit("/", 1)[-1], c.package_id) for c in result.package_candidates}


async def test_ages_and_kids_give_different_plans_with_reasons_logged(
        make_orchestrator: Make, bus: InMemoryEventBus) -> None:
    events: list[Any] = []
    bus.subscribe(events.append)
    young = await _shop(make_orchestrator, AudienceSpec(age_min=18, age_max=34))
    old = await _shop(make_orchestrator, AudienceSpec(age_min=65))
    kids = await _shop(make_orchestrator, KIDS)
    assert len({frozenset(_picked(r)) for r in (young, old, kids)}) == 3
    # Prime Drama CTV reaches 35-74: never for 18-34; Living Room Sports (18-54) never 65+.
    assert not any(p == "prod-ctv-003" for _, p in _picked(young))
    assert not any(p == "prod-ctv-002" for _, p in _picked(old))
    # Kids: only the family package, only from sellers trusted at verified or above.
    assert {p for _, p in _picked(kids)} == {"prod-ctv-001"}
    assert {s for s, _ in _picked(kids)} <= {"streamwave", "primetime", "omnicast"}
    rejected = [e for e in events if e.event_type == EventType.PACKAGE_REJECTED]
    rules = {e.payload["rule"] for e in rejected}
    assert {"audience.age_mismatch", "kids.declared_kids_safe"} <= rules
    assert all(e.payload["detail"] for e in rejected)
    assert kids.selection.planned, "a kids' plan is still possible with family inventory"
    display = await _shop(make_orchestrator, KIDS, "display")
    skipped = [e for e in events if e.event_type == EventType.SELLER_SKIPPED]
    assert {e.payload["seller_id"] for e in skipped} == {"appreach", "bargainbanners"}
    assert all(e.payload["reason"].startswith("kids.trusted_sellers") for e in skipped)
    assert display.package_candidates == []  # no display package declares kids-safe
