"""What a pacing policy sees and what it may decide.

A policy is a pure function from a :class:`CycleView` (the books at one
cycle, including what sellers answered to earlier requests) to a list of
:class:`Action`. The engine's own policy is
:func:`ad_buyer.pacing.reallocation.plan_reallocation`; benchmarks plug in
baselines through the same door, so every policy gets the same information
and the same levers (budget moves, throttle and increase requests), and the
same :class:`~ad_buyer.pacing.executor.ChangeExecutor` sends its decisions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ad_buyer.pacing.models import DealKey, PacingPlan
from ad_buyer.pacing.state import Allocation, Measurement


class ActionKind(StrEnum):
    MOVE = "move"
    THROTTLE = "throttle_delivery"
    INCREASE = "increase_delivery"


@dataclass(frozen=True)
class Action:
    """One decision. ``source`` None on a move means unallocated campaign budget."""

    kind: ActionKind
    target: DealKey
    rationale: str
    amount_micros: int = 0
    source: DealKey | None = None


@dataclass(frozen=True)
class SentRequest:
    """A change request sent in this run and the seller's answer so far.

    ``change_type`` is ``budget``, ``increase_delivery`` or ``throttle_delivery``;
    ``amount_micros`` is the budget change asked for (negative for a cut, 0 for
    delivery requests); ``at`` is the books' time of the decision that sent it;
    ``status`` is ``applied``, ``pending``, ``rejected`` or ``failed``.
    """

    key: DealKey
    change_type: str
    amount_micros: int
    at: datetime
    status: str


@dataclass(frozen=True)
class CycleView:
    """The books at one cycle, read-only.

    ``history`` holds each deal's accepted measurements, oldest first.
    ``stalled`` deals delivered nothing over the stall window; ``unmeasured``
    deals had no trustworthy report this cycle; ``requests`` are the change
    requests sent in this run, oldest first, with the sellers' answers;
    ``declined`` are the delivery requests (deal, kind) a person rejected in
    manual mode, which are not proposed again.
    """

    plan: PacingPlan
    at: datetime
    allocations: Mapping[DealKey, Allocation]
    history: Mapping[DealKey, Sequence[Measurement]]
    stalled: frozenset[DealKey] = frozenset()
    unmeasured: frozenset[DealKey] = frozenset()
    requests: tuple[SentRequest, ...] = ()
    declined: frozenset[tuple[DealKey, ActionKind]] = frozenset()

    def latest(self, key: DealKey) -> Measurement | None:
        measurements = self.history.get(key)
        return measurements[-1] if measurements else None

    def spend(self, key: DealKey) -> int:
        latest = self.latest(key)
        return latest.spend_micros if latest else 0

    def sent(self, key: DealKey, change_type: str) -> list[SentRequest]:
        """Requests of one type for one deal (failed sends excluded: nothing reached
        the seller)."""
        return [r for r in self.requests
                if r.key == key and r.change_type == change_type and r.status != "failed"]

    def last_asked(self, key: DealKey, kind: ActionKind) -> datetime | None:
        """When the deal was last asked to throttle or to deliver more."""
        sent = self.sent(key, kind.value)
        return sent[-1].at if sent else None

    def refused(self, key: DealKey, kind: ActionKind) -> bool:
        """The seller refused to throttle or to deliver more on this deal."""
        return any(r.status == "rejected" for r in self.sent(key, kind.value))

    def cut_refused(self, key: DealKey) -> bool:
        return any(r.status == "rejected" and r.amount_micros < 0
                   for r in self.sent(key, "budget"))

    def smallest_refused_raise(self, key: DealKey) -> int | None:
        """The smallest budget increase the seller refused for this deal."""
        refused = [r.amount_micros for r in self.sent(key, "budget")
                   if r.status == "rejected" and r.amount_micros > 0]
        return min(refused) if refused else None


Policy = Callable[[CycleView], list[Action]]
