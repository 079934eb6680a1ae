"""Calling tools: argument validation, the guard layer, and logging.

Every tool call from a model goes through :func:`invoke_tool`: the arguments
are validated against the card's JSON schema (unknown fields rejected), a
money-committing tool receives its :class:`SpendLimits` from Python (the
approved allocation and the brief) and never a price from the model, and the
call is logged with its arguments and a result summary.
"""

from __future__ import annotations

import inspect
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from ad_buyer.crew.allocation import AllocationProposal, GuardLimits
from ad_buyer.crew.async_bridge import run_sync
from ad_buyer.crew.definitions import BoundTool, CrewDefinitions
from ad_buyer.crew.untrusted import TAG
from ad_buyer.events.log import EntryKind, RationaleLog
from ad_buyer.models.brief import CampaignBrief, Channel
from ad_buyer.models.buyer_identity import DealType
from ad_buyer.models.money import from_micros

logger = logging.getLogger(__name__)

# Room for a whole survey (header plus its size-limited seller block) in the log.
LOGGED_RESULT_CHARS = 8000


class SpendLimits(BaseModel):
    """What a money-committing tool may spend: set by Python, never by a model."""

    model_config = ConfigDict(frozen=True)

    channel: Channel
    budget_micros: int = Field(ge=0)
    currency: str
    max_cpm_micros: int | None = None
    deal_types: list[DealType] = Field(default_factory=list)
    excluded_sellers: list[str] = Field(default_factory=list)


class GuardRefusal(RuntimeError):
    """The guard layer refused a money-committing call; nothing was spent."""


class ChannelBuyResult(BaseModel):
    """What a channel buy committed (integer micros) and what it could not."""

    channel: Channel
    committed_micros: int = Field(ge=0)
    booked: list[dict[str, Any]] = Field(default_factory=list)
    not_booked: list[str] = Field(default_factory=list)
    negotiations: list[dict[str, Any]] = Field(default_factory=list)
    summary: str = ""


class ChannelBuyer(Protocol):
    """The buying engine behind the specialists' tools (the orchestrator adapter)."""

    def survey(self, brief: CampaignBrief, channel: Channel) -> Any: ...

    def buy(self, brief: CampaignBrief, limits: SpendLimits) -> Any: ...


StageListener = Callable[[str, str], None]


@dataclass
class ToolContext:
    """Per-run state the tools read and the guard layer enforces."""

    brief: CampaignBrief
    log: RationaleLog | None = None
    run_id: str | None = None
    buyer: ChannelBuyer | None = None
    guard_limits: GuardLimits = field(default_factory=GuardLimits)
    proposal: AllocationProposal | None = None
    allocation: AllocationProposal | None = None
    committed_micros: dict[Channel, int] = field(default_factory=dict)
    results: list[ChannelBuyResult] = field(default_factory=list)
    parent_entry: int | None = None
    channel_parents: dict[str, int] = field(default_factory=dict)
    active_channel: str = ""
    dry_run: bool = False
    progress: StageListener | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, kind: EntryKind, *, channel: str | None = None, **fields: Any) -> int | None:
        """Log an entry under the channel's delegation (or the run's current parent)."""
        if self.log is None or self.run_id is None:
            return None
        parent = self.channel_parents.get(channel or "", self.parent_entry)
        fields.setdefault("parent_id", parent)
        return self.log.record(self.run_id, kind, **fields)

    def spend_limits(self, channel: Channel) -> SpendLimits:
        """The guard layer: the channel's remaining approved budget, and the brief's caps."""
        if self.allocation is None:
            raise GuardRefusal("no approved allocation yet: the Portfolio Manager must "
                               "propose (and optionally adjust) the split first")
        if channel not in self.brief.channels:
            raise GuardRefusal(f"channel {channel.value} is not in the brief")
        remaining = self.allocation.amount_for(channel) - self.committed_micros.get(channel, 0)
        if remaining <= 0:
            raise GuardRefusal(f"channel {channel.value} has no approved budget left")
        return SpendLimits(channel=channel, budget_micros=remaining,
                           currency=self.brief.currency,
                           max_cpm_micros=self.brief.max_cpm_micros,
                           deal_types=list(self.brief.deal_types),
                           excluded_sellers=list(self.brief.excluded_sellers))

    def stage(self, stage: str, detail: str) -> None:
        """Tell the progress listener (if any) about a step; never fails the run."""
        if self.progress is None:
            return
        try:
            self.progress(stage, detail)
        except Exception:  # a display problem must not stop a buy
            logger.warning("progress listener failed on %s", stage, exc_info=True)

    def buy(self, limits: SpendLimits) -> Any:
        """Call the buying engine within ``limits``; a dry run plans and quotes, books nothing."""
        if self.buyer is None:
            raise GuardRefusal("no buying engine is connected to this run")
        if not self.dry_run:
            return self.buyer.buy(self.brief, limits)
        try:
            accepts = "dry_run" in inspect.signature(self.buyer.buy).parameters
        except (TypeError, ValueError):
            accepts = False
        if not accepts:
            raise GuardRefusal("this buying engine cannot plan without booking (no dry_run); "
                               "nothing was booked")
        return self.buyer.buy(self.brief, limits, dry_run=True)  # type: ignore[call-arg]

    def commit(self, limits: SpendLimits, result: ChannelBuyResult) -> None:
        with self._lock:
            if result.committed_micros > limits.budget_micros:
                raise GuardRefusal(
                    f"{limits.channel.value} buy reported {from_micros(result.committed_micros)} "
                    f"committed, over its limit {from_micros(limits.budget_micros)}")
            self.committed_micros[limits.channel] = (
                self.committed_micros.get(limits.channel, 0) + result.committed_micros)
            self.results.append(result)


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
               "maximum": "le", "exclusiveMinimum": "gt", "exclusiveMaximum": "lt"}
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
    return json.dumps(result, sort_keys=True, default=str)


def clip_text(text: str, limit: int) -> str:
    """Shorten a tool result for the log without leaving seller text outside its markers."""
    if len(text) <= limit:
        return text
    clipped = text[:limit]
    if clipped.count(f"<{TAG}") > clipped.count(f"</{TAG}>"):
        clipped += f"\n</{TAG}>"
    return clipped + " [truncated]"


def invoke_tool(definitions: CrewDefinitions, name: str, arguments: dict[str, Any] | str,
                ctx: ToolContext, *, agent: str = "", model: str = "") -> str:
    """Validate, guard, run and log one tool call; errors come back as text for the model."""
    bound: BoundTool | None = definitions.tools.get(name)
    if bound is None:
        return f"Error: unknown tool {name!r}"
    started = time.monotonic()
    raw: Any = {}
    channel = ""
    try:
        raw = json.loads(arguments) if isinstance(arguments, str) else dict(arguments)
        channel = str(raw.get("channel", "")) if isinstance(raw, dict) else ""
        if channel:
            ctx.active_channel = channel
        args = arguments_model(bound.card.arguments, name).model_validate(raw)
        kwargs = args.model_dump(exclude_none=True)
        if bound.card.commits_money:
            limits = ctx.spend_limits(Channel(kwargs["channel"]))
            ctx.record(EntryKind.GUARD, channel=channel, agent=agent, model=model,
                       summary=f"{name}: limits set by Python for {limits.channel.value}",
                       rationale=f"approved budget {from_micros(limits.budget_micros)} "
                                 f"{limits.currency}; caps from the brief",
                       data={"tool": name, "limits": limits.model_dump(mode="json")})
            kwargs["limits"] = limits
        result = run_sync(bound.function(ctx, **kwargs))
        text = _render(result)
        ok = True
    except (ValidationError, json.JSONDecodeError, GuardRefusal, ValueError, KeyError) as exc:
        text, ok = f"Error: {name} rejected: {exc}", False
        if isinstance(exc, GuardRefusal):
            ctx.record(EntryKind.GUARD, channel=channel, agent=agent, model=model,
                       summary=f"{name} refused",
                       rationale=str(exc), data={"tool": name, "arguments": arguments})
    except Exception as exc:  # a seller or engine failure: logged, reported to the model
        logger.exception("tool %s failed", name)
        text, ok = f"Error: {name} failed: {type(exc).__name__}: {exc}", False
    ctx.record(EntryKind.TOOL_CALL, channel=channel, agent=agent, model=model,
               summary=f"{name} {'ok' if ok else 'rejected'}: {clip_text(text, 200)}",
               rationale=str(raw.get("rationale", "")) if ok and isinstance(raw, dict) else "",
               data={"tool": name, "arguments": arguments if isinstance(arguments, dict)
                     else str(arguments), "result": clip_text(text, LOGGED_RESULT_CHARS), "ok": ok,
                     "commits_money": bound.card.commits_money},
               duration_ms=int((time.monotonic() - started) * 1000))
    return text
