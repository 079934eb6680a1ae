"""Every model call of one crew phase, heard on CrewAI's event bus.

:class:`PhaseCallLog` registers handlers for ``LLMCallStartedEvent``,
``LLMCallCompletedEvent`` and ``LLMCallFailedEvent`` while a phase runs and
keeps only events whose source is one of that crew's own LLM objects, so
concurrent runs (each with its own LLM objects) never see each other's calls.
The handlers are removed on exit, even when the phase fails.

Each call is priced on its own (litellm's price for its tokens, cache-aware;
zero for the offline model). The LLM objects' own counters are the check: any
tokens they counted that no call event reported become one "unattributed"
call, so a phase's calls always add up to what its models counted.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from ad_buyer.crew.llm import ModelChoice
from ad_buyer.crew.phase_usage import PhaseUsage, model_choice_of, token_counts

logger = logging.getLogger(__name__)

FLUSH_TIMEOUT_S = 10.0
CallStatus = Literal["completed", "failed", "unattributed"]


@dataclass(frozen=True)
class CrewCall:
    """One model call (or the usage no call event accounted for)."""

    call_id: str
    agent: str
    choice: ModelChoice
    status: CallStatus
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: Decimal = Decimal(0)
    duration_ms: int = 0
    started_at: datetime | None = None
    error: str = ""

    @property
    def model(self) -> str:
        return self.choice.label


@dataclass
class _Pending:
    source: Any
    started: Any = None
    finished: Any = None  # the completed or failed event


class _Pricer:
    """litellm's price per call; an unpriced model is warned about once, then costs 0."""

    def __init__(self) -> None:
        self._unpriced: set[str] = set()

    def cost(self, choice: ModelChoice, prompt: int, completion: int,
             usage: dict[str, Any] | None = None) -> Decimal:
        if choice.offline or choice.model in self._unpriced or prompt == completion == 0:
            return Decimal(0)
        import litellm
        from litellm.types.utils import Usage

        try:
            # The usage object carries cached-prompt counts, priced lower than fresh ones.
            usage_object = Usage(**usage) if usage else None
            prompt_cost, completion_cost = litellm.cost_per_token(
                model=choice.model, prompt_tokens=prompt, completion_tokens=completion,
                usage_object=usage_object)
        except Exception:  # no price known for this model: logged, recorded as zero
            self._unpriced.add(choice.model)
            logger.warning("no price for %s; its calls are recorded at cost 0", choice.model)
            return Decimal(0)
        return Decimal(str(prompt_cost)) + Decimal(str(completion_cost))


def _usage_tokens(usage: dict[str, Any] | None) -> tuple[int, int] | None:
    """(prompt, completion) as CrewAI's own counters read them, or None if unreported."""
    if not usage:
        return None
    from crewai.types.usage_metrics import UsageMetrics

    metrics = UsageMetrics.from_provider_dict(usage)
    if metrics is None:
        return None
    return int(metrics.prompt_tokens), int(metrics.completion_tokens)


def _duration_ms(started: Any, finished: Any) -> int:
    if started is None or finished is None:
        return 0
    return max(0, int((finished.timestamp - started.timestamp).total_seconds() * 1000))


class PhaseCallLog:
    """Context manager: collects one phase's model calls from CrewAI's event bus."""

    def __init__(self, llms: Sequence[Any], choices: Sequence[ModelChoice],
                 roles: dict[int, str] | None = None) -> None:
        self._llms = {id(llm): llm for llm in llms}
        self._choices = list(choices)
        self._roles = roles or {}
        self._lock = threading.Lock()
        self._pending: dict[str, _Pending] = {}
        self._before: dict[int, tuple[int, int]] = {}
        self._after: dict[int, tuple[int, int]] | None = None  # the counters at close
        self._registered = False

    # -- the bus ---------------------------------------------------------------

    def __enter__(self) -> PhaseCallLog:
        from crewai.events.event_bus import crewai_event_bus
        from crewai.events.types.llm_events import (
            LLMCallCompletedEvent,
            LLMCallFailedEvent,
            LLMCallStartedEvent,
        )

        self._before = {key: token_counts(llm) for key, llm in self._llms.items()}
        self._after = None
        crewai_event_bus.register_handler(LLMCallStartedEvent, self._on_started)
        crewai_event_bus.register_handler(LLMCallCompletedEvent, self._on_finished)
        crewai_event_bus.register_handler(LLMCallFailedEvent, self._on_finished)
        self._registered = True
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop listening, then wait for handlers already queued (CrewAI runs them async)."""
        if not self._registered:
            return
        from crewai.events.event_bus import crewai_event_bus
        from crewai.events.types.llm_events import (
            LLMCallCompletedEvent,
            LLMCallFailedEvent,
            LLMCallStartedEvent,
        )

        self._registered = False
        self._after = {key: token_counts(llm) for key, llm in self._llms.items()}
        crewai_event_bus.off(LLMCallStartedEvent, self._on_started)
        crewai_event_bus.off(LLMCallCompletedEvent, self._on_finished)
        crewai_event_bus.off(LLMCallFailedEvent, self._on_finished)
        if not crewai_event_bus.flush(timeout=FLUSH_TIMEOUT_S):
            logger.warning("CrewAI event handlers did not finish in %.0fs; calls not yet "
                           "heard are logged as unattributed usage", FLUSH_TIMEOUT_S)

    def _entry(self, source: Any, event: Any) -> _Pending | None:
        if self._llms.get(id(source)) is not source:
            return None  # another crew's (or run's) model
        return self._pending.setdefault(str(event.call_id), _Pending(source))

    def _on_started(self, source: Any, event: Any) -> None:
        with self._lock:
            pending = self._entry(source, event)
            if pending is not None:
                pending.started = event

    def _on_finished(self, source: Any, event: Any) -> None:
        with self._lock:
            pending = self._entry(source, event)
            # A tool-call completion may follow the call's own; keep the one with usage.
            if pending is not None and (pending.finished is None
                                        or getattr(event, "usage", None)):
                pending.finished = event

    # -- the result ------------------------------------------------------------

    def calls(self) -> list[CrewCall]:
        """The phase's calls in start order, then any usage no call event reported."""
        pricer = _Pricer()
        with self._lock:
            pending = list(self._pending.items())
        calls: list[CrewCall] = []
        reported: dict[int, tuple[int, int]] = {}
        unfinished = 0
        for call_id, item in pending:
            if item.finished is None:
                unfinished += 1  # e.g. a call CrewAI retried under a new call id
                continue
            call = self._call(call_id, item, pricer)
            prompt, completion = reported.get(id(item.source), (0, 0))
            reported[id(item.source)] = (prompt + call.prompt_tokens,
                                         completion + call.completion_tokens)
            calls.append(call)
        if unfinished:
            logger.debug("%d model call(s) started without an outcome event", unfinished)
        calls.sort(key=lambda c: (c.started_at is None, c.started_at or datetime.min))
        return calls + list(self._unattributed(reported, pricer))

    def _call(self, call_id: str, item: _Pending, pricer: _Pricer) -> CrewCall:
        choice = model_choice_of(item.source, self._choices)
        event = item.finished
        agent = (getattr(event, "agent_role", None)
                 or getattr(item.started, "agent_role", None)
                 or self._roles.get(id(item.source), ""))
        started_at = item.started.timestamp if item.started is not None else None
        duration = _duration_ms(item.started, event)
        usage = getattr(event, "usage", None)
        tokens = _usage_tokens(usage)
        error = str(getattr(event, "error", "") or "")
        status: CallStatus = "failed" if error else "completed"
        prompt, completion = tokens or (0, 0)
        return CrewCall(call_id=call_id, agent=str(agent), choice=choice, status=status,
                        prompt_tokens=prompt, completion_tokens=completion,
                        cost_usd=pricer.cost(choice, prompt, completion, usage),
                        duration_ms=duration, started_at=started_at, error=error)

    def _unattributed(self, reported: dict[int, tuple[int, int]],
                      pricer: _Pricer) -> Iterator[CrewCall]:
        for key, llm in self._llms.items():
            prompt0, completion0 = self._before.get(key, (0, 0))
            prompt1, completion1 = (self._after or {}).get(key) or token_counts(llm)
            seen_prompt, seen_completion = reported.get(key, (0, 0))
            prompt = prompt1 - prompt0 - seen_prompt
            completion = completion1 - completion0 - seen_completion
            if prompt < 0 or completion < 0:
                logger.warning("call events report more tokens than %s counted "
                               "(%d, %d); the calls are kept as reported",
                               getattr(llm, "model", "?"), -prompt, -completion)
            prompt, completion = max(prompt, 0), max(completion, 0)
            if prompt == completion == 0:
                continue
            choice = model_choice_of(llm, self._choices)
            logger.warning("%d+%d tokens of %s were counted without a call event",
                           prompt, completion, choice.label)
            yield CrewCall(call_id="", agent=self._roles.get(key, ""), choice=choice,
                           status="unattributed", prompt_tokens=prompt,
                           completion_tokens=completion,
                           cost_usd=pricer.cost(choice, prompt, completion))


@dataclass
class _Row:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: Decimal = Decimal(0)
    calls: int = 0


def phase_totals(calls: Sequence[CrewCall]) -> PhaseUsage:
    """A phase's tokens and cost: exactly the sum of its calls, also split by model."""
    rows: dict[str, _Row] = {}
    for call in calls:
        row = rows.setdefault(call.model, _Row())
        row.prompt_tokens += call.prompt_tokens
        row.completion_tokens += call.completion_tokens
        row.cost_usd += call.cost_usd
        row.calls += 1
    return PhaseUsage(
        prompt_tokens=sum(c.prompt_tokens for c in calls),
        completion_tokens=sum(c.completion_tokens for c in calls),
        cost_usd=sum((c.cost_usd for c in calls), Decimal(0)),
        by_model={label: {"prompt_tokens": r.prompt_tokens,
                          "completion_tokens": r.completion_tokens,
                          "cost_usd": str(r.cost_usd), "calls": r.calls}
                  for label, r in rows.items()})
