"""Does a package's audience fit the brief's? Deterministic; no model.

A package's audience facts come from the fields a seller agent really serves
(the IAB reference seller's package model):

- ``audience_capabilities.standard_segment_ids`` (or the legacy
  ``audience_segment_ids``): IAB Audience Taxonomy 1.1 ids. Ids 3-15 are age
  ranges, 49/50 gender, 96/98-100/126-129 children in the household, 61-72
  household income; ids from 206 on are interest and purchase-intent segments
  (behavioural targeting). Ids that are not taxonomy numbers (a seller's own
  segment names) say nothing the buyer can read and are ignored.
- ``audience_capabilities.contextual_segment_ids`` and ``cat``: content.
- ``tags``: ``kids``/``family``/``all_ages`` (made for children), ``mature``/
  ``adult``/``18+``/``alcohol``/``gambling`` (adult content),
  ``retargeting``/``lookalike``/``behavioral``/``prospecting`` (behavioural).

The brief's audience is then compared: a package whose declared ages, gender or
children-in-household cannot reach the brief's audience is excluded, with the
reason; one reaching under half of the brief's age span fits partially and
ranks lower; one declaring nothing ranks below declared fits.

Kids' audiences (anyone under 13) get the brief-safety rules, in this order
(:data:`KIDS_RULES`): no adult content, contextual targeting only, no package
declaring an adults-only audience, the package must declare itself made for
children or families, and only sellers the registry trusts at ``verified`` or
above. Audiences with anyone under 18 never get adult content.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ad_buyer.media_kit.models import PackageDetail, PackageSummary
from ad_buyer.models.brief import AGE_CEILING, AudienceSpec, Gender, Household
from ad_buyer.registry.models import AgentCard, TrustLevel

AGE_SEGMENTS: dict[str, tuple[int, int]] = {
    "3": (18, 20), "4": (21, 24), "5": (25, 29), "6": (30, 34), "7": (35, 39), "8": (40, 44),
    "9": (45, 49), "10": (50, 54), "11": (55, 59), "12": (60, 64), "13": (65, 69),
    "14": (70, 74), "15": (75, AGE_CEILING),
}
GENDER_SEGMENTS = {"49": Gender.FEMALE, "50": Gender.MALE}
HOUSEHOLD_SEGMENTS: dict[str, Household] = {
    "96": Household.NO_CHILDREN, "126": Household.NO_CHILDREN,
    "98": Household.WITH_CHILDREN, "99": Household.WITH_CHILDREN,
    "100": Household.WITH_CHILDREN, "127": Household.WITH_CHILDREN,
    "128": Household.WITH_CHILDREN, "129": Household.WITH_CHILDREN,
    **{str(i): Household.INCOME_UNDER_50K for i in range(61, 66)},
    "66": Household.INCOME_50K_100K, "67": Household.INCOME_50K_100K,
    "68": Household.INCOME_100K_150K,
    **{str(i): Household.INCOME_150K_PLUS for i in range(69, 73)},
}
FIRST_INTEREST_SEGMENT = 206  # IAB Audience Taxonomy 1.1: interests and purchase intent
INCOME_BANDS = frozenset({Household.INCOME_UNDER_50K, Household.INCOME_50K_100K,
                          Household.INCOME_100K_150K, Household.INCOME_150K_PLUS})
KIDS_SAFE_TAGS = frozenset({"kids", "kids_safe", "family", "family_safe", "all_ages", "coppa",
                            "children"})
MATURE_TAGS = frozenset({"mature", "adult", "adults_only", "18+", "21+", "alcohol",
                         "gambling", "nsfw"})
BEHAVIOURAL_TAGS = frozenset({"retargeting", "lookalike", "behavioral", "behavioural",
                              "prospecting", "audience_targeting"})
# IAB Content Taxonomy 1.0: non-standard and illegal content, sexuality, beer,
# wine and cigars.
MATURE_CATEGORIES = ("IAB25", "IAB26", "IAB7-39", "IAB8-5", "IAB8-18", "IAB9-9")
ADULT_AGE = 18
PARTIAL_SHARE = 0.5  # a package reaching less of the brief's age span fits partially
SAFE_TRUST = frozenset({TrustLevel.PREFERRED, TrustLevel.VERIFIED})

KIDS_RULES: dict[str, str] = {
    "kids.no_mature_content": "no package with adult content (tags or content categories)",
    "kids.contextual_only": "no behavioural or interest targeting: contextual packages only",
    "kids.no_adult_audience": "no package declaring an adults-only audience",
    "kids.declared_kids_safe": "only packages that declare they are made for children or "
                               "families",
    "kids.trusted_sellers": "only sellers the registry trusts at verified or above",
}


class Fit(StrEnum):
    FITS = "fits"
    PARTIAL = "partial"
    UNKNOWN = "unknown"
    EXCLUDED = "excluded"


_RANK = {Fit.FITS: 0, Fit.PARTIAL: 1, Fit.UNKNOWN: 2, Fit.EXCLUDED: 3}


@dataclass(frozen=True)
class AudienceFacts:
    """What a package declares about who it reaches."""

    age_min: int | None = None
    age_max: int | None = None
    genders: frozenset[Gender] = frozenset()
    household: frozenset[Household] = frozenset()
    kids_safe: bool = False
    mature: bool = False
    behavioural: bool = False
    topics: frozenset[str] = frozenset()


@dataclass(frozen=True)
class AudienceFit:
    fit: Fit
    reasons: tuple[str, ...] = ()
    rule: str | None = None  # the rule that excluded the package

    @property
    def rank(self) -> int:
        return _RANK[self.fit]

    @property
    def excluded(self) -> bool:
        return self.fit is Fit.EXCLUDED

    def describe(self) -> str:
        return f"{self.fit.value}: " + "; ".join(self.reasons) if self.reasons \
            else self.fit.value


def _capabilities(package: PackageSummary) -> dict[str, Any]:
    caps = (package.model_extra or {}).get("audience_capabilities")
    return caps if isinstance(caps, dict) else {}


def package_audience(package: PackageSummary) -> AudienceFacts:
    """The audience facts a package declares (see the module docstring)."""
    caps = _capabilities(package)
    standard = [str(s) for s in caps.get("standard_segment_ids") or []]
    if isinstance(package, PackageDetail):
        standard += [s for s in package.audience_segment_ids if s not in standard]
    contextual = [str(s) for s in caps.get("contextual_segment_ids") or []]
    ages = [AGE_SEGMENTS[s] for s in standard if s in AGE_SEGMENTS]
    tags = {t.strip().lower() for t in package.tags}
    categories = [c.upper() for c in [*package.cat, *contextual]]
    return AudienceFacts(
        age_min=min(a for a, _ in ages) if ages else None,
        age_max=max(b for _, b in ages) if ages else None,
        genders=frozenset(GENDER_SEGMENTS[s] for s in standard if s in GENDER_SEGMENTS),
        household=frozenset(HOUSEHOLD_SEGMENTS[s] for s in standard
                            if s in HOUSEHOLD_SEGMENTS),
        kids_safe=bool(tags & KIDS_SAFE_TAGS),
        mature=bool(tags & MATURE_TAGS) or any(
            c == m or c.startswith(f"{m}-") for c in categories for m in MATURE_CATEGORIES),
        behavioural=bool(tags & BEHAVIOURAL_TAGS) or any(
            s.isdigit() and int(s) >= FIRST_INTEREST_SEGMENT for s in standard),
        topics=frozenset(tags | {c.lower() for c in categories}),
    )


def _span(low: int | None, high: int | None) -> tuple[int, int]:
    return (low if low is not None else 0, high if high is not None else AGE_CEILING)


def _kids_fit(facts: AudienceFacts) -> AudienceFit:
    checks = [
        ("kids.no_mature_content", facts.mature, "the package carries adult content"),
        ("kids.contextual_only", facts.behavioural,
         "the package targets by behaviour or interests, not by content"),
        ("kids.no_adult_audience", facts.age_min is not None and facts.age_min >= ADULT_AGE,
         f"the package declares an adults-only audience ({facts.age_min}+)"),
        ("kids.declared_kids_safe", not facts.kids_safe,
         "the package does not declare it is made for children or families"),
    ]
    for rule, failed, reason in checks:
        if failed:
            return AudienceFit(Fit.EXCLUDED, (f"{rule}: {reason}",), rule)
    return AudienceFit(Fit.FITS, ("kids' safety rules passed: made for children, contextual",))


def audience_fit(audience: AudienceSpec | None, package: PackageSummary) -> AudienceFit:
    """How well ``package`` reaches ``audience``: fits, partial, unknown or excluded."""
    if audience is None or not audience.is_stated:
        return AudienceFit(Fit.FITS)
    facts = package_audience(package)
    if audience.is_kids:
        return _kids_fit(facts)
    minors = audience.age_min is not None and audience.age_min < ADULT_AGE
    if minors and facts.mature:
        return AudienceFit(Fit.EXCLUDED, ("minors.no_mature_content: the audience includes "
                                          "under-18s and the package carries adult content",),
                           "minors.no_mature_content")
    fits: list[Fit] = []
    reasons: list[str] = []
    wants_age = audience.age_min is not None or audience.age_max is not None
    if wants_age and facts.age_min is not None:
        lo, hi = _span(audience.age_min, audience.age_max)
        p_lo, p_hi = _span(facts.age_min, facts.age_max)
        overlap = max(0, min(hi, p_hi) - max(lo, p_lo) + 1)
        share = overlap / (hi - lo + 1)
        declared = f"{p_lo}-{p_hi}" if p_hi < AGE_CEILING else f"{p_lo}+"
        if overlap == 0:
            return AudienceFit(Fit.EXCLUDED, (f"audience.age_mismatch: the package reaches "
                                              f"ages {declared}, the brief asks for "
                                              f"{audience.describe()}",),
                               "audience.age_mismatch")
        fits.append(Fit.FITS if share >= PARTIAL_SHARE else Fit.PARTIAL)
        reasons.append(f"reaches ages {declared}: {share:.0%} of the brief's age span")
    elif wants_age:
        fits.append(Fit.UNKNOWN)
        reasons.append("the package declares no ages")
    if audience.gender is not Gender.ALL and facts.genders:
        if audience.gender not in facts.genders:
            return AudienceFit(Fit.EXCLUDED, (
                f"audience.gender_mismatch: the package reaches "
                f"{', '.join(sorted(g.value for g in facts.genders))} only",),
                "audience.gender_mismatch")
        fits.append(Fit.FITS)
    children = {Household.WITH_CHILDREN, Household.NO_CHILDREN}
    wanted_children = set(audience.household) & children
    declared_children = set(facts.household) & children
    if wanted_children and declared_children and not wanted_children & declared_children:
        return AudienceFit(Fit.EXCLUDED, (
            f"audience.household_mismatch: the package reaches households "
            f"{', '.join(sorted(h.value for h in declared_children))}",),
            "audience.household_mismatch")
    wanted_income = set(audience.household) & INCOME_BANDS
    declared_income = set(facts.household) & INCOME_BANDS
    if wanted_income and declared_income:
        fits.append(Fit.FITS if wanted_income & declared_income else Fit.PARTIAL)
        if not wanted_income & declared_income:
            reasons.append("household income bands do not overlap")
    matched = sorted(i for i in audience.interests if any(i in t for t in facts.topics))
    if matched:
        reasons.append(f"matches interests: {', '.join(matched)}")
    if not fits:
        return AudienceFit(Fit.UNKNOWN, tuple(reasons or ["the package declares no audience"]))
    return AudienceFit(max(fits, key=lambda f: _RANK[f]), tuple(reasons))


def seller_rule(card: AgentCard, audience: AudienceSpec | None) -> str | None:
    """Why a seller may not serve this audience (the kids' trust rule), or None."""
    if audience is not None and audience.is_kids and card.trust_level not in SAFE_TRUST:
        return (f"kids.trusted_sellers: {card.name} is trusted at {card.trust_level.value}; "
                "a kids' audience needs verified or above")
    return None
