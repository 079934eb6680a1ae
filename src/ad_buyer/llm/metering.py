"""Every model call of a run: counted against the run's limits, priced, logged.

One :class:`CallMeter` per run is shared by every agent's model object (the
offline policy and real models alike). Before a call it checks the run's
limits (:class:`RunLimits`: model requests, tokens and cost in USD, from
``AD_BUYER_MAX_MODEL_REQUESTS``, ``AD_BUYER_MAX_MODEL_TOKENS`` and
``AD_BUYER_MAX_MODEL_COST_USD``; the cost is litellm's price of each call) and
raises :class:`ModelLimitReached` when one is used up, or the reason the run was
stopped by a tool (a run limit, a failed tool); after it, it records a
:class:`ModelCall` (agent, model, tokens, cost, duration, what the model
decided) and hands it to the run's listener, which writes it to the rationale
log as it happens, so the log is the trace of what each model did, in order.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ad_buyer.guards.run_limits import RunLimitReached, positive_decimal, positive_int
from ad_buyer.llm.gateway import ModelChoice

logger = logging.getLogger(__name__)

MAX_REQUESTS_ENV = "AD_BUYER_MAX_MODEL_REQUESTS"
MAX_TOKENS_ENV = "AD_BUYER_MAX_MODEL_TOKENS"
MAX_COST_ENV = "AD_BUYER_MAX_MODEL_COST_USD"
DEFAULT_MAX_REQUESTS = 400
DEFAULT_MAX_TOKENS = 4_000_000
DEFAULT_MAX_COST_USD = Decimal(25)
DECISION_CHARS = 600
ARGUMENT_CHARS = 80


class ModelLimitReached(RunLimitReached):
    """The run used up its model requests, tokens or cost; it stops cleanly here."""


@dataclass(frozen=True)
class RunLimits:
    max_requests: int = DEFAULT_MAX_REQUESTS
    max_tokens: int = DEFAULT_MAX_TOKENS
    max_cost_usd: Decimal = DEFAULT_MAX_COST_USD

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> RunLimits:
        env = os.environ if env is None else env
        return cls(max_requests=positive_int(env, MAX_REQUESTS_ENV, DEFAULT_MAX_REQUESTS),
                   max_tokens=positive_int(env, MAX_TOKENS_ENV, DEFAULT_MAX_TOKENS),
                   max_cost_usd=positive_decimal(env, MAX_COST_ENV, DEFAULT_MAX_COST_USD))


@dataclass(frozen=True)
class ModelCall:
    """One model call and what the model decided in it."""

    agent: str
    choice: ModelChoice
    prompt_tokens: int
    completion_tokens: int
    cost_usd: Decimal
    duration_ms: int
    decision: str
    tool_calls: tuple[dict[str, Any], ...] = ()
    error: str = ""

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


CallListener = Callable[[ModelCall], None]


class CallMeter:
    """A run's model-call counter, limit guard and call listener (thread safe)."""

    def __init__(self, limits: RunLimits | None = None,
                 listener: CallListener | None = None,
                 stopped: Callable[[], Exception | None] | None = None) -> None:
        self.limits = limits or RunLimits()
        self.listener = listener
        self.stopped = stopped
        self.calls: list[ModelCall] = []
        self._lock = threading.Lock()

    @property
    def requests(self) -> int:
        return len(self.calls)

    @property
    def tokens(self) -> int:
        return sum(c.total_tokens for c in self.calls)

    @property
    def cost_usd(self) -> Decimal:
        return sum((c.cost_usd for c in self.calls), Decimal(0))

    def check(self) -> None:
        """Raise :class:`ModelLimitReached` when the next call would exceed a limit,
        or the reason a tool stopped the run."""
        reason = self.stopped() if self.stopped is not None else None
        if reason is not None:
            raise reason
        with self._lock:
            if self.requests >= self.limits.max_requests:
                raise ModelLimitReached(
                    MAX_REQUESTS_ENV,
                    f"the run reached its limit of {self.limits.max_requests} model requests "
                    f"({MAX_REQUESTS_ENV})")
            if self.tokens >= self.limits.max_tokens:
                raise ModelLimitReached(
                    MAX_TOKENS_ENV,
                    f"the run reached its limit of {self.limits.max_tokens:,} model tokens "
                    f"({MAX_TOKENS_ENV}; {self.tokens:,} used)")
            if self.cost_usd >= self.limits.max_cost_usd:
                raise ModelLimitReached(
                    MAX_COST_ENV,
                    f"the run reached its limit of {self.limits.max_cost_usd} USD of model "
                    f"cost ({MAX_COST_ENV}; {self.cost_usd:.4f} USD used)")

    def record(self, call: ModelCall) -> None:
        with self._lock:
            self.calls.append(call)
        if self.listener is not None:
            try:
                self.listener(call)
            except Exception:  # logging a call must never break the run
                logger.exception("could not log a model call of %s", call.agent)


def _argument_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_argument_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {_argument_text(v)}" for k, v in value.items())
    text = " ".join(str(value).split())
    return text if len(text) <= ARGUMENT_CHARS else text[:ARGUMENT_CHARS] + "..."


def call_text(tool: str, arguments: str) -> str:
    """``tool(key=value; ...)`` for reading, from the call's JSON arguments."""
    try:
        parsed = json.loads(arguments) if arguments else {}
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        return f"{tool}({_argument_text(arguments)})"
    return f"{tool}(" + "; ".join(f"{k}={_argument_text(v)}" for k, v in parsed.items()) + ")"


def describe_reply(reply: Any) -> tuple[str, tuple[dict[str, Any], ...]]:
    """(what the model decided, in words; its tool calls) for a model's reply."""
    calls: list[dict[str, Any]] = []
    if isinstance(reply, list):
        for item in reply:
            function = item.get("function", {}) if isinstance(item, dict) else \
                getattr(item, "function", None)
            name = function.get("name") if isinstance(function, dict) else \
                getattr(function, "name", "")
            arguments = function.get("arguments") if isinstance(function, dict) else \
                getattr(function, "arguments", "")
            if not isinstance(arguments, str):
                arguments = json.dumps(arguments, default=str)
            calls.append({"tool": str(name), "arguments": arguments})
        text = "calls " + "; then ".join(call_text(c["tool"], c["arguments"]) for c in calls)
    else:
        text = " ".join(str(reply).split())
    if len(text) > DECISION_CHARS:
        text = text[:DECISION_CHARS] + f"... [+{len(text) - DECISION_CHARS} chars]"
    return text, tuple(calls)


class Pricer:
    """litellm's price per call; an unpriced model is warned about once, then costs 0."""

    def __init__(self) -> None:
        self._unpriced: set[str] = set()

    def cost(self, choice: ModelChoice, prompt: int, completion: int) -> Decimal:
        if choice.offline or choice.model in self._unpriced or prompt == completion == 0:
            return Decimal(0)
        from ad_buyer.llm.gateway import litellm_module

        litellm = litellm_module()

        try:
            prompt_cost, completion_cost = litellm.cost_per_token(
                model=choice.model, prompt_tokens=prompt, completion_tokens=completion)
        except Exception:  # no price known for this model: logged, recorded as zero
            self._unpriced.add(choice.model)
            logger.warning("no price for %s; its calls are recorded at cost 0", choice.model)
            return Decimal(0)
        return Decimal(str(prompt_cost)) + Decimal(str(completion_cost))
