"""A run's effort limits, held in Python whatever the models do.

- tool calls per run (``AD_BUYER_MAX_TOOL_CALLS``);
- delegations per channel (``AD_BUYER_MAX_DELEGATIONS_PER_CHANNEL``): how often
  the Portfolio Manager may hand one channel to its specialist.

(Model requests, tokens and cost in USD are counted where the model calls are,
and stop the run the same way.) Reaching a limit raises :class:`RunLimitReached`
naming it; the run stops cleanly, records why, and keeps what it booked.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

MAX_TOOL_CALLS_ENV = "AD_BUYER_MAX_TOOL_CALLS"
MAX_DELEGATIONS_ENV = "AD_BUYER_MAX_DELEGATIONS_PER_CHANNEL"
DEFAULT_MAX_TOOL_CALLS = 300
DEFAULT_MAX_DELEGATIONS = 4


class RunLimitReached(RuntimeError):
    """The run used up one of its limits (named in ``limit``); it stops cleanly."""

    def __init__(self, limit: str, message: str) -> None:
        self.limit = limit
        super().__init__(message)


def positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    """A whole number of at least 1 from ``env[name]``, else ``default``."""
    raw = (env.get(name) or "").strip().replace("_", "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a whole number") from None
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return value


def positive_decimal(env: Mapping[str, str], name: str, default: Decimal) -> Decimal:
    """A positive amount from ``env[name]`` (``5``, ``2.50``), else ``default``."""
    raw = (env.get(name) or "").strip().lstrip("$").replace("_", "")
    if not raw:
        return default
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"{name}={raw!r} is not an amount") from None
    if not value.is_finite() or value <= 0:
        raise ValueError(f"{name} must be above 0, got {raw}")
    return value


@dataclass
class EffortLimits:
    """Counts a run's tool calls and delegations against its limits (thread safe)."""

    max_tool_calls: int = DEFAULT_MAX_TOOL_CALLS
    max_delegations_per_channel: int = DEFAULT_MAX_DELEGATIONS
    tool_calls: int = 0
    delegations: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> EffortLimits:
        env = os.environ if env is None else env
        return cls(max_tool_calls=positive_int(env, MAX_TOOL_CALLS_ENV, DEFAULT_MAX_TOOL_CALLS),
                   max_delegations_per_channel=positive_int(env, MAX_DELEGATIONS_ENV,
                                                            DEFAULT_MAX_DELEGATIONS))

    def count_tool_call(self) -> None:
        """Count one tool call, or raise when the run has made all it may."""
        with self._lock:
            if self.tool_calls >= self.max_tool_calls:
                raise RunLimitReached(
                    MAX_TOOL_CALLS_ENV, f"the run reached its limit of {self.max_tool_calls} "
                                        f"tool calls ({MAX_TOOL_CALLS_ENV})")
            self.tool_calls += 1

    def count_delegation(self, channel: str) -> None:
        """Count one delegation of ``channel``, or raise past the limit."""
        with self._lock:
            done = self.delegations.get(channel, 0)
            if done >= self.max_delegations_per_channel:
                raise RunLimitReached(
                    MAX_DELEGATIONS_ENV,
                    f"the run reached its limit of {self.max_delegations_per_channel} "
                    f"delegations of {channel} ({MAX_DELEGATIONS_ENV})")
            self.delegations[channel] = done + 1
