"""The campaign brief: what a media planner asks the buyer to do.

``CampaignBrief`` is strict: every field is validated and nothing is guessed.
What a piece of text did not say (or said twice, differently) is reported in a
:class:`BriefGap` instead, and a run stops before any seller call until the
gap is closed.
"""

from __future__ import annotations

from datetime import date
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


class AudienceSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    age_min: int | None = Field(default=None, ge=13, le=99)
    age_max: int | None = Field(default=None, ge=13, le=99)
    gender: Gender = Gender.ALL
    interests: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _age_range_ordered(self) -> AudienceSpec:
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            raise ValueError(f"age range {self.age_min}-{self.age_max} is reversed")
        return self


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
    max_cpm_micros: int | None = Field(default=None, gt=0)
    deal_types: list[DealType] = Field(default_factory=list)
    excluded_sellers: list[str] = Field(default_factory=list)
    notes: str = ""
    assumptions: list[str] = Field(
        default_factory=list,
        description="every inference made while reading the brief, stated for review",
    )

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


class GapKind(StrEnum):
    MISSING = "missing"
    CONTRADICTORY = "contradictory"
    INVALID = "invalid"


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

    @property
    def fields(self) -> list[str]:
        return [issue.field for issue in self.issues]

    def describe(self) -> str:
        lines = ["The brief cannot be run until these are resolved:"]
        lines += [f"  - {issue}" for issue in self.issues]
        return "\n".join(lines)


class BriefIncompleteError(ValueError):
    """Raised when a run is asked for with a brief that has gaps."""

    def __init__(self, gap: BriefGap) -> None:
        self.gap = gap
        super().__init__(gap.describe())
