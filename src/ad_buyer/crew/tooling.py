"""Calling tools: who may call what, argument validation, the guard layer, logging.

Every tool call from a model goes through :func:`invoke_tool`:

- the tool must be one of the calling agent's own tools, and a ``channel``
  argument must be one of the calling specialist's channels (seller text that
  tells a specialist to buy another channel cannot make it do so);
- the arguments are validated against the card's JSON schema (unknown fields
  rejected);
- a money-committing tool receives its :class:`SpendLimits` from Python (the
  approved allocation and the brief), never a price from the model;
- every call counts against the run's effort limits (:mod:`ad_buyer.guards.run_limits`);
- the call is logged with its arguments, the model's rationale and a result
  summary. A policy refusal (:class:`GuardRefusal`, a desk's refusal, arguments
  that do not validate) comes back to the model as text starting with ``Error``;
  a seller's failure is reported to it as a failure; any other exception is an
  error of the run: logged with its traceback, and the run stops (failed).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from ad_buyer.async_bridge import run_sync
from ad_buyer.booking.modes import BookingMode
from ad_buyer.clients.http import SellerHttpError
from ad_buyer.crew.definitions import AgentDefinition, BoundTool, CrewDefinitions
from ad_buyer.durable_steps import current_step_key, durable
from ad_buyer.events.log import EntryKind, RationaleLog
from ad_buyer.guards.allocation import AllocationProposal, GuardLimits
from ad_buyer.guards.refusal import GuardRefusal
from ad_buyer.guards.run_limits import EffortLimits, RunLimitReached
from ad_buyer.guards.shares import ShareCap, share_violations
from ad_buyer.guards.spend import Overrun, SpendLimits, find_overrun
from ad_buyer.models.brief import CampaignBrief, Channel
from ad_buyer.models.money import from_micros
from ad_buyer.orchestration.desk.channel_desk import ChannelDesk, DeskRefusal
from ad_buyer.orchestration.desk.models import ChannelBuyResult, DeskState, ProposalLine
from ad_buyer.orchestration.desk.terms import DeskTerms
from ad_buyer.orchestration.package_selection import package_key
from ad_buyer.orchestration.seller_scope import SellerScope
from ad_buyer.reporting.render import summarise
from ad_buyer.storage.faults import classify as classify_storage_fault
from ad_buyer.untrusted import TAG

__all__ = ["ChannelBuyResult", "GuardRefusal", "SpendLimits", "ToolContext", "ToolFailure",
           "invoke_tool"]

logger = logging.getLogger(__name__)

T = TypeVar("T")
# Room for a whole media-kit reading (a few dozen packages) in the log.
LOGGED_RESULT_CHARS = 32_000

DeskFactory = Callable[[DeskTerms], ChannelDesk]
SpecialistRunner = Callable[[Channel, str], str]
StageListener = Callable[[str, str], None]


class ToolFailure(RuntimeError):
    """A tool failed with an error that is not a refusal: the run stops, failed."""


@dataclass
class ToolContext:
    """Per-run state the tools read and the guard layer enforces."""

    brief: CampaignBrief
    log: RationaleLog | None = None
    run_id: str | None = None
    desk_factory: DeskFactory | None = None
    seller_scope: SellerScope | None = None
    guard_limits: GuardLimits = field(default_factory=GuardLimits)
    proposal: AllocationProposal | None = None
    allocation: AllocationProposal | None = None
    allocation_locked: bool = False
    committed_micros: dict[Channel, int] = field(default_factory=dict)
    results: list[ChannelBuyResult] = field(default_factory=list)
    overruns: list[Overrun] = field(default_factory=list)
    share_cap: ShareCap = field(default_factory=ShareCap)
    effort: EffortLimits = field(default_factory=EffortLimits)
    # Set when a run limit is reached or a tool fails: the next model call raises it.
    stopped: Exception | None = None
    dry_run: bool = False
    booking_mode: BookingMode = "best_effort"
    progress: StageListener | None = None
    run_specialist: SpecialistRunner | None = None
    specialist_roles: dict[Channel, str] = field(default_factory=dict)
    desks: dict[Channel, ChannelDesk] = field(default_factory=dict)
    states: dict[Channel, DeskState] = field(default_factory=dict)
    parents: list[int] = field(default_factory=list)
    callers: list[AgentDefinition] = field(default_factory=list)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    # ---- the log ----

    def record(self, kind: EntryKind, **fields: Any) -> int | None:
        """Log an entry under the current parent (the delegation being worked on)."""
        log, run_id = self.log, self.run_id
        if log is None or run_id is None:
            return None
        fields.setdefault("parent_id", self.parents[-1] if self.parents else None)
        entry: int = durable(f"log {kind}", lambda: log.record(
            run_id, kind, step_key=current_step_key(), **fields))
        return entry

    @contextmanager
    def under(self, entry: int | None) -> Iterator[None]:
        """Entries logged inside hang under ``entry``."""
        if entry is None:
            yield
            return
        self.parents.append(entry)
        try:
            yield
        finally:
            self.parents.pop()

    @property
    def caller(self) -> AgentDefinition | None:
        return self.callers[-1] if self.callers else None

    def stage(self, stage: str, detail: str) -> None:
        """Tell the progress listener (if any) about a step; never fails the run."""
        if self.progress is None:
            return
        try:
            self.progress(stage, detail)
        except Exception:  # a display problem must not stop a buy
            logger.warning("progress listener failed on %s", stage, exc_info=True)

    # ---- money ----

    def approved_allocation(self) -> AllocationProposal:
        if self.allocation is None:
            raise GuardRefusal("no approved allocation yet: the Portfolio Manager must "
                               "propose (and optionally adjust) the split first")
        return self.allocation

    def remaining_micros(self, channel: Channel) -> int:
        """The channel's approved budget not yet committed."""
        if channel not in self.brief.channels:
            raise GuardRefusal(f"channel {channel.value} is not in the brief")
        approved = self.approved_allocation().amount_for(channel)
        return approved - self.committed_micros.get(channel, 0)

    def spend_limits(self, channel: Channel) -> SpendLimits:
        """The guard layer: the channel's remaining approved budget, and the brief's caps."""
        remaining = self.remaining_micros(channel)
        if remaining <= 0:
            raise GuardRefusal(f"channel {channel.value} has no approved budget left")
        return SpendLimits(channel=channel, budget_micros=remaining,
                           currency=self.brief.currency,
                           max_cpm_micros=self.brief.max_cpm_micros,
                           deal_types=list(self.brief.deal_types),
                           excluded_sellers=list(self.brief.excluded_sellers))

    def _held_in(self, channel: Channel, key: Callable[[dict[str, Any]], str]) -> dict[str, int]:
        """What each seller or package (``key`` of a booked line) holds in ``channel``."""
        held: dict[str, int] = {}
        for result in self.results:
            if result.channel == channel:
                for line in result.booked:
                    held[key(line)] = held.get(key(line), 0) + int(line.get("cost_micros") or 0)
        return held

    def _share_budget(self, channel: Channel) -> int:
        # Measured against the approved starting split too: money moved into a
        # channel later does not widen a seller's or a package's share.
        budget = self.approved_allocation().amount_for(channel)
        if self.proposal is not None:
            budget = min(budget, self.proposal.amount_for(channel))
        return budget

    def seller_room(self, channel: Channel) -> dict[str, int] | None:
        """What each seller may still take in ``channel`` under the share cap, in
        total: what it already holds there (booked, held, unknown) counts."""
        _, state = self.desk(channel)
        held = self._held_in(channel, lambda line: str(line.get("seller_url") or ""))
        return self.share_cap.room(self._share_budget(channel),
                                   {q.seller_url for q in state.quotes.values()}, held)

    def package_room(self, channel: Channel) -> dict[str, int] | None:
        """What each package may still take in ``channel`` under the package cap, in
        total, like :meth:`seller_room`."""
        _, state = self.desk(channel)
        held = self._held_in(channel, lambda line: package_key(
            str(line.get("seller_url") or ""), str(line.get("product_id") or "")))
        quoting = {package_key(q.seller_url, q.product_id) for q in state.quotes.values()}
        return self.share_cap.package_room(self._share_budget(channel), quoting, held)

    def check_shares(self, channel: Channel, lines: Sequence[ProposalLine]) -> None:
        """Refuse (before money moves) lines that take a seller or a package past its share."""
        seller_room, package_room = self.seller_room(channel), self.package_room(channel)
        violations = [] if seller_room is None else share_violations(
            [(line.seller_url, line.cost_micros) for line in lines], seller_room)
        if package_room is not None:
            violations += share_violations(
                [(package_key(line.seller_url, line.product_id), line.cost_micros)
                 for line in lines], package_room, "package")
        if violations:
            raise GuardRefusal(f"{channel.value}: " + "; ".join(violations) + " ("
                               + self.share_cap.describe() + ")")

    def commit(self, limits: SpendLimits, result: ChannelBuyResult) -> Overrun | None:
        """Record a booking's result: money that moved is counted, whatever follows.

        The guards decided before the booking; a result over ``limits`` (a seller
        booked at other terms than agreed) is recorded all the same, and returned
        as an :class:`Overrun` that the run reports (state ``over_budget``)."""
        with self._lock:
            self.committed_micros[limits.channel] = (
                self.committed_micros.get(limits.channel, 0) + result.committed_micros)
            self.results.append(result)
            overrun = find_overrun(limits, result)
            if overrun is not None:
                self.overruns.append(overrun)
        if overrun is not None:
            logger.error("run %s: %s", self.run_id, overrun.describe())
            self.record(EntryKind.GUARD, agent="guard", model="deterministic",
                        summary=f"{limits.channel.value} over budget: a seller booked at "
                                "other terms than agreed", rationale=overrun.describe(),
                        data=overrun.model_dump(mode="json"))
        return overrun

    def stop(self, reason: Exception) -> None:
        """Stop the run at the next model call (the first reason wins)."""
        with self._lock:
            if self.stopped is None:
                self.stopped = reason

    # ---- desks ----

    def desk(self, channel: Channel) -> tuple[ChannelDesk, DeskState]:
        if channel not in self.brief.channels:
            raise GuardRefusal(f"channel {channel.value} is not in the brief")
        if self.desk_factory is None:
            raise GuardRefusal("no seller network is connected to this run")
        if channel not in self.desks:
            self.desks[channel] = self.desk_factory(
                DeskTerms.from_brief(self.brief, channel, scope=self.seller_scope))
            self.states[channel] = DeskState(channel=channel.value)
        return self.desks[channel], self.states[channel]

    def desk_of_ref(self, ref: str) -> tuple[Channel, DeskState]:
        """The channel whose desk issued ``ref`` (refs start with their channel)."""
        for channel in self.brief.channels:
            if ref.startswith(f"{channel.value}-"):
                return channel, self.desk(channel)[1]
        raise GuardRefusal(f"{ref!r} belongs to no channel of this brief")

    def effect(self, label: str, make: Callable[[], Awaitable[T]]) -> T:
        """Run one seller-facing step of a desk (a durable step in a durable run)."""
        logger.debug("desk step %s", label)
        result: T = durable(label, lambda: run_sync(make()))
        return result


_JSON_TO_PY: dict[str, Any] = {"string": str, "integer": int, "number": float,
                               "boolean": bool}


def _annotation(schema: dict[str, Any], name: str) -> Any:
    kind = schema["type"]
    if "enum" in schema:
        return Literal[tuple(schema["enum"])]
    if kind == "array":
        return list[_annotation(schema["items"], name)]  # type: ignore[misc]
    if kind == "object":
        return arguments_model(schema, name)
    return _JSON_TO_PY[kind]


def _constraints(schema: dict[str, Any]) -> dict[str, Any]:
    mapping = {"minLength": "min_length", "maxLength": "max_length", "minimum": "ge",
               "maximum": "le", "exclusiveMinimum": "gt", "exclusiveMaximum": "lt",
               "minItems": "min_length", "maxItems": "max_length"}
    return {mapping[k]: v for k, v in schema.items() if k in mapping}


def arguments_model(schema: dict[str, Any], name: str) -> type[BaseModel]:
    """A strict pydantic model for a card's JSON argument schema."""
    required = set(schema.get("required", []))
    fields: dict[str, Any] = {}
    for prop, sub in schema.get("properties", {}).items():
        default = ... if prop in required else None
        fields[prop] = (_annotation(sub, f"{name}_{prop}") if prop in required
                        else _annotation(sub, f"{name}_{prop}") | None,
                        Field(default, **_constraints(sub)))
    model: type[BaseModel] = create_model(
        f"{name}_args", __config__=ConfigDict(extra="forbid"), **fields)
    return model


def _render(result: Any) -> str:
    if isinstance(result, BaseModel):
        return result.model_dump_json()
    if isinstance(result, str):
        return result
    return json.dumps(result, default=str)


def clip_text(text: str, limit: int) -> str:
    """Shorten a tool result for the log without leaving seller text outside its markers."""
    if len(text) <= limit:
        return text
    clipped = text[:limit]
    if clipped.count(f"<{TAG}") > clipped.count(f"</{TAG}>"):
        clipped += f"\n</{TAG}>"
    return clipped + " [truncated]"


def _caller_refusal(name: str, raw: Any, caller: AgentDefinition | None) -> str | None:
    """Why ``caller`` may not make this call, or None."""
    if caller is None:
        return None
    if name not in caller.tools:
        return f"{name} is not one of the {caller.role}'s tools ({', '.join(caller.tools)})"
    channel = raw.get("channel") if isinstance(raw, dict) else None
    if channel is not None and caller.channels and \
            str(channel) not in {c.value for c in caller.channels}:
        return (f"channel {channel!r} is outside the {caller.role}'s channels "
                f"({', '.join(c.value for c in caller.channels)})")
    return None


def invoke_tool(definitions: CrewDefinitions, name: str, arguments: dict[str, Any] | str,
                ctx: ToolContext, *, caller: AgentDefinition | None = None,
                model: str = "") -> str:
    """Validate, guard, run and log one tool call; errors come back as text for the model."""
    bound: BoundTool | None = definitions.tools.get(name)
    agent = caller.role if caller else ""
    if bound is None:
        return f"Error: unknown tool {name!r}"
    if ctx.stopped is not None:
        return f"Error: the run has stopped ({ctx.stopped}); make no more tool calls"
    started = time.monotonic()
    raw: Any = {}
    try:
        ctx.effort.count_tool_call()
        raw = json.loads(arguments) if isinstance(arguments, str) else dict(arguments)
        refusal = _caller_refusal(name, raw, caller)
        if refusal is not None:
            raise GuardRefusal(refusal)
        args = arguments_model(bound.card.arguments, name).model_validate(raw)
        kwargs = args.model_dump(exclude_none=True)
        if bound.card.commits_money:
            limits = ctx.spend_limits(Channel(kwargs["channel"]))
            ctx.record(EntryKind.GUARD, agent="guard", model="deterministic",
                       summary=f"{name}: limits set by Python for {limits.channel.value}",
                       rationale=f"approved budget {from_micros(limits.budget_micros)} "
                                 f"{limits.currency}; caps from the brief",
                       data={"tool": name, "limits": limits.model_dump(mode="json")})
            kwargs["limits"] = limits
        if caller is not None:
            ctx.callers.append(caller)
        try:
            result = bound.function(ctx, **kwargs)
            text = _render(result)
            gist = summarise(result, ctx.brief.currency, width=200)
        finally:
            if caller is not None:
                ctx.callers.pop()
        ok = True
    except RunLimitReached as exc:
        ctx.stop(exc)
        text, ok = f"Error: the run has stopped: {exc}", False
        gist = clip_text(text, 200)
        ctx.record(EntryKind.GUARD, agent="guard", model="deterministic",
                   summary=f"run limit reached: {exc.limit}", rationale=str(exc),
                   data={"tool": name, "limit": exc.limit})
    except (ValidationError, json.JSONDecodeError, GuardRefusal, DeskRefusal) as exc:
        text, ok = f"Error: {name} refused: {exc}", False
        gist = clip_text(text, 200)
        if isinstance(exc, GuardRefusal | DeskRefusal):
            ctx.record(EntryKind.GUARD, agent="guard", model="deterministic",
                       summary=f"{name} refused for {agent or 'a caller'}", rationale=str(exc),
                       data={"tool": name, "arguments": raw if isinstance(raw, dict)
                             else str(arguments), "caller": agent})
    except (SellerHttpError, httpx.HTTPError) as exc:  # a seller failed: the model may retry
        logger.warning("tool %s: a seller failed: %s", name, exc, exc_info=True)
        text, ok = f"Error: {name} failed at a seller: {type(exc).__name__}: {exc}", False
        gist = clip_text(text, 200)
    except Exception as exc:  # a bug or an engine failure: an error of the run, not a refusal
        if classify_storage_fault(exc) is not None:
            raise  # failed storage ends the command with its own one line, not as a tool bug
        logger.exception("tool %s failed; the run stops", name)
        ctx.stop(ToolFailure(f"{name} failed: {type(exc).__name__}: {exc}"))
        text, ok = "Error: the run has stopped on an internal error; make no more tool calls", \
            False
        gist = f"{name} failed: {type(exc).__name__}: {exc}"[:200]
    ctx.record(EntryKind.TOOL_CALL, agent=agent, model=model,
               summary=f"{name} {'ok' if ok else 'refused'}: {gist}",
               rationale=str(raw.get("rationale", "")) if isinstance(raw, dict) else "",
               data={"tool": name, "arguments": raw if isinstance(raw, dict)
                     else str(arguments), "result": clip_text(text, LOGGED_RESULT_CHARS),
                     "ok": ok, "commits_money": bound.card.commits_money},
               duration_ms=int((time.monotonic() - started) * 1000))
    return text
