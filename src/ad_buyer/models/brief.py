"""The campaign brief: what a media planner asks the buyer to do.

``CampaignBrief`` is strict: every field is validated and nothing is guessed.
What a piece of text did not say (or said twice, differently) is reported in a
:class:`BriefGap` instead, and a run stops before any seller call until the
gap is closed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ad_buyer.models.buyer_identity import DealType
from ad_buyer.models.money import Currency, Money, from_micros


class Channel(StrEnum):
    CTV = "ctv"
    ONLINE_VIDEO = "online_video"
    DISPLAY = "display"
    MOBILE_APP = "mobile_app"
    PERFORMANCE = "performance"
    AUDIO = "audio"
    DOOH = "dooh"
    LINEAR_TV = "linear_tv"


class CampaignGoal(StrEnum):
    AWARENESS = "awareness"
    CONSIDERATION = "consideration"
    PERFORMANCE = "performance"


class Gender(StrEnum):
    ALL = "all"
    FEMALE = "female"
    MALE = "male"


class Household(StrEnum):
    """Household facts a brief can target (a small vocabulary; see the README).

    Each maps to IAB Audience Taxonomy 1.1 household segments
    (``ad_buyer.orchestration.audience_fit``).
    """

    WITH_CHILDREN = "with_children"
    NO_CHILDREN = "no_children"
    INCOME_UNDER_50K = "income_under_50k"
    INCOME_50K_100K = "income_50k_100k"
    INCOME_100K_150K = "income_100k_150k"
    INCOME_150K_PLUS = "income_150k_plus"


KIDS_AGE_LIMIT = 13  # COPPA: an audience with anyone under 13 is a kids' audience
AGE_CEILING = 99


class AudienceSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    age_min: int | None = Field(default=None, ge=0, le=AGE_CEILING)
    age_max: int | None = Field(default=None, ge=0, le=AGE_CEILING)
    gender: Gender = Gender.ALL
    household: list[Household] = Field(default_factory=list)
    interests: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _age_range_ordered(self) -> AudienceSpec:
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            raise ValueError(f"age range {self.age_min}-{self.age_max} is reversed")
        return self

    @property
    def is_kids(self) -> bool:
        """True when the audience includes children under 13 (the kids' safety rules apply)."""
        return self.age_min is not None and self.age_min < KIDS_AGE_LIMIT

    @property
    def is_stated(self) -> bool:
        return (self.age_min is not None or self.age_max is not None
                or self.gender is not Gender.ALL or bool(self.household or self.interests))

    def describe(self) -> str:
        if not self.is_stated:
            return "not stated (everyone)"
        who = {Gender.ALL: "people", Gender.FEMALE: "women", Gender.MALE: "men"}[self.gender]
        if self.age_min is not None and self.age_max is not None:
            who += f" {self.age_min}-{self.age_max}"
        elif self.age_min is not None:
            who += f" {self.age_min}+"
        elif self.age_max is not None:
            who += f" up to {self.age_max}"
        parts = [who + (" (a kids' audience: the kids' safety rules apply)"
                        if self.is_kids else "")]
        if self.household:
            parts.append("household " + ", ".join(h.value for h in self.household))
        if self.interests:
            parts.append("interests " + ", ".join(self.interests))
        return "; ".join(parts)


class CampaignBrief(BaseModel):
    """A validated brief. Budget and max CPM are integer micros."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=200)
    budget_micros: int = Field(gt=0, description="total budget, integer micros")
    currency: Currency = "USD"
    flight_start: date
    flight_end: date
    channels: list[Channel] = Field(min_length=1)
    goal: CampaignGoal = CampaignGoal.AWARENESS
    kpis: list[str] = Field(default_factory=list)
    audience: AudienceSpec = Field(default_factory=AudienceSpec)
    countries: list[str] = Field(default_factory=list)
    dmas: list[str] = Field(default_factory=list, description="Nielsen DMA codes")
    regions: list[str] = Field(
        default_factory=list,
        description="ISO 3166-2 subdivisions (US states as US-TX, ...) the brief names")
    max_cpm_micros: int | None = Field(default=None, gt=0)
    deal_types: list[DealType] = Field(default_factory=list)
    excluded_sellers: list[str] = Field(
        default_factory=list,
        description="sellers as the planner named them; resolved against the registry "
                    "(ad_buyer.orchestration.seller_names) before any quote")
    included_sellers: list[str] = Field(
        default_factory=list,
        description="'only these sellers', as the planner named them; empty means any")
    channel_split: dict[Channel, Decimal] = Field(
        default_factory=dict,
        description="a stated split: percent of the budget per channel (each > 0, at most "
                    "two decimals, summing to 100, one entry per channel); the allocator "
                    "honours it exactly. Empty: the documented goal weights apply")
    max_seller_share_pct: Decimal | None = Field(
        default=None, gt=0, le=100,
        description="the largest percent of a channel's budget one seller may take, as the "
                    "brief states it; None: the run's cap (by default 40%) applies")
    no_seller_share_cap: bool = Field(
        default=False, description="the brief asks for no per-seller share cap")
    notes: str = ""
    assumptions: list[str] = Field(
        default_factory=list,
        description="every inference made while reading the brief, stated for review",
    )
    not_understood: list[str] = Field(
        default_factory=list,
        description="parts of the brief no reader understood, quoted for the planner")

    @field_validator("channels")
    @classmethod
    def _unique_channels(cls, value: list[Channel]) -> list[Channel]:
        if len(set(value)) != len(value):
            raise ValueError("channels must not repeat")
        return value

    @field_validator("countries")
    @classmethod
    def _iso_countries(cls, value: list[str]) -> list[str]:
        for code in value:
            if len(code) != 2 or not code.isalpha() or not code.isupper():
                raise ValueError(f"country {code!r} is not an ISO 3166-1 alpha-2 code")
        return value

    @model_validator(mode="after")
    def _flight_ordered(self) -> CampaignBrief:
        if self.flight_end <= self.flight_start:
            raise ValueError(
                f"flight_end {self.flight_end} must be after flight_start {self.flight_start}"
            )
        return self

    @model_validator(mode="after")
    def _sellers_consistent(self) -> CampaignBrief:
        both = {s.casefold() for s in self.excluded_sellers} & \
            {s.casefold() for s in self.included_sellers}
        if both:
            raise ValueError(f"sellers both excluded and included: {', '.join(sorted(both))}")
        return self

    @model_validator(mode="after")
    def _one_seller_share(self) -> CampaignBrief:
        if self.no_seller_share_cap and self.max_seller_share_pct is not None:
            raise ValueError("the brief asks both for no seller cap and for a seller share")
        return self

    @model_validator(mode="after")
    def _split_complete(self) -> CampaignBrief:
        split = self.channel_split
        if not split:
            return self
        if set(split) != set(self.channels):
            raise ValueError(
                "the channel split must name exactly the brief's channels "
                f"(split: {', '.join(c.value for c in split)}; channels: "
                f"{', '.join(c.value for c in self.channels)})")
        for channel, pct in split.items():
            if pct <= 0 or pct.as_tuple().exponent < -2:  # type: ignore[operator]
                raise ValueError(f"split share for {channel.value} must be a positive "
                                 f"percent with at most two decimals, got {pct}")
        total = sum(split.values(), Decimal(0))
        if total != 100:
            raise ValueError(f"the channel split sums to {total}%, not 100%")
        return self

    @property
    def budget(self) -> Money:
        return Money(amount_micros=self.budget_micros, currency=self.currency)

    @property
    def flight_days(self) -> int:
        return (self.flight_end - self.flight_start).days + 1

    def summary(self) -> str:
        cpm = f", max CPM {from_micros(self.max_cpm_micros):.2f}" if self.max_cpm_micros else ""
        return (
            f"{self.name}: {self.budget} {self.flight_start}..{self.flight_end}, "
            f"{', '.join(c.value for c in self.channels)}, goal {self.goal.value}{cpm}"
        )

    def facts(self) -> list[tuple[str, str]]:
        """Every fact the run will act on, as (label, value) lines for a person."""
        split = ", ".join(f"{c.value} {p.normalize():f}%" for c, p in self.channel_split.items())
        cpm = (f"{self.currency} {from_micros(self.max_cpm_micros):,.2f}"
               if self.max_cpm_micros else "none")
        lines = [
            ("campaign", self.name),
            ("budget", str(self.budget)),
            ("flight", f"{self.flight_start.isoformat()} to {self.flight_end.isoformat()} "
                       f"({self.flight_days} days)"),
            ("channels", ", ".join(c.value for c in self.channels)),
            ("split", split or "not stated: the goal weights apply"),
            ("goal", self.goal.value + (f"; KPIs {', '.join(self.kpis)}" if self.kpis else "")),
            ("audience", self.audience.describe()),
            ("geo", ", ".join(self.countries + self.regions) or "not stated"),
            ("max CPM", cpm),
            ("deal types", ", ".join(d.value for d in self.deal_types) or "any"),
            ("excluded sellers", ", ".join(self.excluded_sellers) or "none"),
            ("only sellers", ", ".join(self.included_sellers) or "any"),
        ]
        if self.dmas:
            lines.insert(8, ("DMAs", ", ".join(self.dmas)))
        if self.no_seller_share_cap:
            lines.append(("seller share", "no cap"))
        elif self.max_seller_share_pct is not None:
            lines.append(("seller share", f"at most {self.max_seller_share_pct.normalize():f}% "
                                          "of a channel's budget per seller"))
        if self.notes:
            lines.append(("notes", self.notes))
        return lines

    def read_as(self) -> ReadAs:
        """The "read as" block: facts taken, assumptions made, what was not understood."""
        return ReadAs(facts=self.facts(), assumptions=list(self.assumptions),
                      not_understood=list(self.not_understood))


class ReadAs(BaseModel):
    """How a brief was read, shown before any seller is called."""

    model_config = ConfigDict(frozen=True)

    facts: list[tuple[str, str]] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    not_understood: list[str] = Field(default_factory=list)

    def lines(self) -> list[str]:
        out = ["Read as:"]
        width = max((len(label) for label, _ in self.facts), default=0)
        out += [f"  {label.ljust(width)}  {value}" for label, value in self.facts]
        out.append("Assumed:" if self.assumptions else "Assumed: nothing")
        out += [f"  - {a}" for a in self.assumptions]
        if self.not_understood:
            out.append("Not understood (ignored):")
            out += [f"  - {u!r}" for u in self.not_understood]
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


class GapKind(StrEnum):
    MISSING = "missing"
    CONTRADICTORY = "contradictory"
    INVALID = "invalid"
    AMBIGUOUS = "ambiguous"  # more than one reading: asked in chat, refused in a batch run


class BriefIssue(BaseModel):
    model_config = ConfigDict(frozen=True)

    field: str
    kind: GapKind
    message: str

    def __str__(self) -> str:
        return f"{self.field} ({self.kind.value}): {self.message}"


class BriefGap(BaseModel):
    """What a brief is missing or contradicts; a run stops on any of these."""

    model_config = ConfigDict(frozen=True)

    issues: list[BriefIssue] = Field(min_length=1)
    assumptions: list[str] = Field(default_factory=list)
    not_understood: list[str] = Field(default_factory=list)

    @property
    def fields(self) -> list[str]:
        return [issue.field for issue in self.issues]

    def read_as(self) -> ReadAs:
        return ReadAs(assumptions=list(self.assumptions),
                      not_understood=list(self.not_understood))

    def describe(self) -> str:
        lines = ["The brief cannot be run until these are resolved:"]
        lines += [f"  - {issue}" for issue in self.issues]
        return "\n".join(lines)


class BriefIncompleteError(ValueError):
    """Raised when a run is asked for with a brief that has gaps."""

    def __init__(self, gap: BriefGap) -> None:
        self.gap = gap
        super().__init__(gap.describe())
