"""What a brief's run must show, each checked against what the sellers really hold.

Every expectation reads the run's result (what the buyer booked) and the
sandbox's own records (the seller's names, packages and booked deals), never
the buyer's opinion of them: an excluded seller is matched by the sandbox's
display name, and a package is adult-only when the seller's catalog says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ad_buyer.crew.run import CampaignRunResult
from ad_buyer.models.money import from_micros
from ad_buyer.sandbox.network import SandboxNetwork


class _Expectation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Status(_Expectation):
    kind: Literal["status"] = "status"
    status: Literal["completed", "blocked", "failed", "stopped"]


class BooksAtLeast(_Expectation):
    kind: Literal["books_at_least"] = "books_at_least"
    deals: int = Field(ge=0)


class BooksNothing(_Expectation):
    kind: Literal["books_nothing"] = "books_nothing"


class NoMoneyTo(_Expectation):
    kind: Literal["no_money_to"] = "no_money_to"
    seller: str = Field(min_length=1, description="the seller's display name")


class CpmCap(_Expectation):
    kind: Literal["cpm_cap"] = "cpm_cap"


class WithinBudget(_Expectation):
    kind: Literal["within_budget"] = "within_budget"


class BudgetUse(_Expectation):
    kind: Literal["budget_use"] = "budget_use"
    at_least_pct: Decimal = Field(gt=0, le=100)


class ChannelSplit(_Expectation):
    kind: Literal["channel_split"] = "channel_split"
    shares: dict[str, Decimal]
    tolerance_pct: Decimal = Decimal(5)


class OnlyChannels(_Expectation):
    kind: Literal["only_channels"] = "only_channels"
    channels: list[str] = Field(min_length=1)


class DealTypes(_Expectation):
    kind: Literal["deal_types"] = "deal_types"
    allowed: list[Literal["PG", "PD", "PA"]] = Field(min_length=1)


class NoAdultOnly(_Expectation):
    kind: Literal["no_adult_only"] = "no_adult_only"


class InCountries(_Expectation):
    kind: Literal["in_countries"] = "in_countries"
    countries: list[str] = Field(min_length=1)


Expectation = Annotated[
    Status | BooksAtLeast | BooksNothing | NoMoneyTo | CpmCap | WithinBudget | BudgetUse
    | ChannelSplit | OnlyChannels | DealTypes | NoAdultOnly | InCountries,
    Field(discriminator="kind")]


@dataclass(frozen=True)
class Outcome:
    """A run and the sandbox it booked into."""

    result: CampaignRunResult
    network: SandboxNetwork

    @property
    def lines(self) -> list[dict[str, Any]]:
        return [line for r in self.result.channel_results for line in r.booked
                if line.get("status") == "booked"]

    def held(self) -> list[Any]:
        return [d for url in self.network.seller_urls for d in self.network.booked_deals(url)]


@dataclass(frozen=True)
class Verdict:
    kind: str
    passed: bool
    detail: str


def _verdict(expectation: Any, passed: bool, detail: str) -> Verdict:
    return Verdict(str(expectation.kind), passed, detail)


def _seller_urls_named(network: SandboxNetwork, name: str) -> list[str]:
    wanted = name.strip().lower()
    return [network.seller_url(s.seller_id) for s in network.sellers
            if s.name.lower() == wanted]


def _package(network: SandboxNetwork, line: dict[str, Any]) -> Any:
    """The seller's own catalog entry for a booked line (by the product it sells)."""
    return network.seller_spec(str(line["seller_url"])).product(str(line["product_id"]))


def is_adult_only(package: Any) -> bool:
    """The seller's catalog marks the package adult-only (tag or IAB adult category)."""
    tags = {str(t).lower() for t in [*getattr(package, "tags", []),
                                     *getattr(package, "audience_tags", [])]}
    cats = {str(c).upper() for c in getattr(package, "cat", [])}
    return bool(tags & {"adult_only", "adult-only", "adult", "18+", "mature"}
                or cats & {"IAB25", "IAB26", "IAB25-3"})


def check(expectation: Any, outcome: Outcome) -> Verdict:
    result, lines = outcome.result, outcome.lines
    brief = result.brief
    if isinstance(expectation, Status):
        return _verdict(expectation, result.status.value == expectation.status,
                        f"status {result.status.value}")
    if isinstance(expectation, BooksAtLeast):
        held = len(outcome.held())
        return _verdict(expectation, held >= expectation.deals and held == len(lines),
                        f"{len(lines)} deal(s) reported, {held} held by sellers")
    if isinstance(expectation, BooksNothing):
        return _verdict(expectation, not lines and not outcome.held(),
                        f"{len(outcome.held())} deal(s) held by sellers")
    if isinstance(expectation, NoMoneyTo):
        urls = set(_seller_urls_named(outcome.network, expectation.seller))
        if not urls:
            return _verdict(expectation, False, f"no sandbox seller is named "
                                                f"{expectation.seller!r}")
        paid = [d for url in urls for d in outcome.network.booked_deals(url)]
        return _verdict(expectation, not paid, f"{len(paid)} deal(s) at {expectation.seller}")
    if brief is None:
        return _verdict(expectation, False, "the brief was not read")
    if isinstance(expectation, CpmCap):
        cap = brief.max_cpm_micros
        over = [x for x in lines if cap is not None and int(x["cpm_micros"]) > cap]
        return _verdict(expectation, cap is not None and not over,
                        f"{len(over)} deal(s) over the cap" if cap else "the brief has no cap")
    if isinstance(expectation, WithinBudget):
        return _verdict(expectation, result.committed_micros <= brief.budget_micros,
                        f"committed {from_micros(result.committed_micros):,.2f}")
    if isinstance(expectation, BudgetUse):
        use = Decimal(result.committed_micros) * 100 / brief.budget_micros
        return _verdict(expectation, use >= expectation.at_least_pct, f"{use:.1f}% used")
    if isinstance(expectation, ChannelSplit):
        return _split(expectation, result)
    if isinstance(expectation, OnlyChannels):
        spent = {r.channel.value for r in result.channel_results if r.booked}
        return _verdict(expectation, spent <= set(expectation.channels),
                        f"money in {sorted(spent)}")
    if isinstance(expectation, DealTypes):
        types = {str(x["deal_type"]) for x in lines}
        return _verdict(expectation, types <= set(expectation.allowed), f"types {sorted(types)}")
    if isinstance(expectation, NoAdultOnly):
        adult = [x["product_id"] for x in lines if is_adult_only(_package(outcome.network, x))]
        return _verdict(expectation, not adult, f"adult-only packages booked: {adult}")
    if isinstance(expectation, InCountries):
        wanted = set(expectation.countries)
        outside = [x["product_id"] for x in lines
                   if not {g.split("-")[0] for g in _package(outcome.network, x).geo_targets}
                   & wanted]
        return _verdict(expectation, not outside, f"outside {sorted(wanted)}: {outside}")
    raise TypeError(f"unknown expectation {expectation!r}")


def _split(expectation: ChannelSplit, result: CampaignRunResult) -> Verdict:
    total = result.committed_micros
    if total <= 0:
        return _verdict(expectation, False, "nothing committed")
    by_channel: dict[str, int] = {}
    for r in result.channel_results:
        by_channel[r.channel.value] = by_channel.get(r.channel.value, 0) + r.committed_micros
    shares = {c: Decimal(by_channel.get(c, 0)) * 100 / total for c in expectation.shares}
    off = {c: s for c, s in shares.items()
           if abs(s - expectation.shares[c]) > expectation.tolerance_pct}
    shown = ", ".join(f"{c} {s:.1f}%" for c, s in shares.items())
    return _verdict(expectation, not off, shown)


Checker = Callable[[Any, Outcome], Verdict]


def check_all(expectations: Sequence[Any], outcome: Outcome) -> list[Verdict]:
    return [check(e, outcome) for e in expectations]
