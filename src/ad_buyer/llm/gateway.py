"""The one LLM gateway: which model each tier uses, and a record of every call.

Model strings are litellm's (``anthropic/claude-opus-4-1``, ``openai/gpt-4o``,
``ollama/llama3``...), set by ``AD_BUYER_MANAGER_MODEL`` and
``AD_BUYER_SPECIALIST_MODEL``. A real model is used as soon as litellm finds
the credentials its provider needs; otherwise the built-in offline model runs.
``AD_BUYER_LLM=offline`` or ``AD_BUYER_LLM=litellm`` forces either.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from pydantic import BaseModel, Field

from ad_buyer.llm.offline import OFFLINE_MODEL_NAME

logger = logging.getLogger(__name__)

MANAGER_MODEL_ENV = "AD_BUYER_MANAGER_MODEL"
SPECIALIST_MODEL_ENV = "AD_BUYER_SPECIALIST_MODEL"
MODE_ENV = "AD_BUYER_LLM"
DEFAULT_MANAGER_MODEL = "anthropic/claude-opus-4-1"
DEFAULT_SPECIALIST_MODEL = "anthropic/claude-sonnet-4-5"


class ModelTier(StrEnum):
    MANAGER = "manager"
    SPECIALIST = "specialist"


class LLMConfigError(RuntimeError):
    """The model configuration cannot work (bad mode, forced model without a key)."""


@dataclass(frozen=True)
class ModelChoice:
    """The model a tier runs on and why."""

    tier: ModelTier
    model: str
    offline: bool
    reason: str

    @property
    def label(self) -> str:
        return f"{OFFLINE_MODEL_NAME} (deterministic rules, not an LLM)" if self.offline \
            else self.model


def configured_model(tier: ModelTier, env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    if tier is ModelTier.MANAGER:
        return env.get(MANAGER_MODEL_ENV) or DEFAULT_MANAGER_MODEL
    return env.get(SPECIALIST_MODEL_ENV) or DEFAULT_SPECIALIST_MODEL


def litellm_module() -> Any:
    """litellm, imported on first use, with its provider-list banner turned off (a
    model it cannot price or route is reported by us, once, in words)."""
    import litellm

    litellm.suppress_debug_info = True
    return litellm


# Providers whose one credential is a single environment variable: a model of theirs
# without it is known to lack credentials without importing litellm (seconds).
PROVIDER_KEYS = {"anthropic": "ANTHROPIC_API_KEY", "openai": "OPENAI_API_KEY"}


def missing_credentials(model: str) -> list[str]:
    """Environment variables litellm says the model's provider still needs."""
    provider, _, name = model.partition("/")
    key = PROVIDER_KEYS.get(provider) if name else None
    if key is not None and not os.environ.get(key):
        return [key]
    litellm = litellm_module()

    try:
        check = litellm.validate_environment(model=model)
    except Exception as exc:  # litellm raises on model strings it cannot route
        raise LLMConfigError(f"litellm cannot route model {model!r}: {exc}") from exc
    if check.get("keys_in_environment"):
        return []
    return list(check.get("missing_keys") or ["<provider credentials>"])


def resolve_model(tier: ModelTier, env: Mapping[str, str] | None = None) -> ModelChoice:
    """Pick the tier's model: real when configured (or forced), else offline."""
    env = os.environ if env is None else env
    mode = (env.get(MODE_ENV) or "auto").strip().lower()
    if mode not in {"auto", "offline", "litellm"}:
        raise LLMConfigError(f"{MODE_ENV}={mode!r}: expected offline, litellm or auto")
    model = configured_model(tier, env)
    if mode == "offline":
        return ModelChoice(tier, OFFLINE_MODEL_NAME, True, f"{MODE_ENV}=offline")
    if mode == "litellm":
        return ModelChoice(tier, model, False, f"{MODE_ENV}=litellm")
    missing = missing_credentials(model)
    if missing:
        return ModelChoice(tier, OFFLINE_MODEL_NAME, True,
                           f"no credentials for {model} (missing {', '.join(missing)})")
    return ModelChoice(tier, model, False, f"credentials found for {model}")


class LLMCall(BaseModel):
    """One model call, for the rationale log and the run report."""

    model: str
    tier: ModelTier
    offline: bool
    prompt_tokens: int = Field(ge=0)
    completion_tokens: int = Field(ge=0)
    cost_usd: Decimal = Field(ge=0)
    duration_ms: int = Field(ge=0)
    purpose: str = ""

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class ChatReply(BaseModel):
    text: str
    call: LLMCall


class ChatModel(Protocol):
    """What intake and chat need from a model: messages in, text and a record out."""

    choice: ModelChoice

    @property
    def is_offline(self) -> bool: ...

    def complete(self, messages: list[dict[str, str]], *, json_output: bool = False,
                 purpose: str = "") -> ChatReply: ...


CallRecorder = Callable[[LLMCall], None]


class UsageLedger:
    """Collects every call's tokens and cost (exact Decimal sums)."""

    def __init__(self) -> None:
        self.calls: list[LLMCall] = []

    def __call__(self, call: LLMCall) -> None:
        self.calls.append(call)

    @property
    def total_tokens(self) -> int:
        return sum(c.total_tokens for c in self.calls)


class LiteLLMChat:
    """A real model through litellm; usage and cost from litellm's response."""

    def __init__(self, choice: ModelChoice, recorder: CallRecorder | None = None,
                 **completion_kwargs: Any) -> None:
        if choice.offline:
            raise LLMConfigError("LiteLLMChat needs a real model choice")
        self.choice = choice
        self._recorder = recorder
        self._kwargs = completion_kwargs

    @property
    def is_offline(self) -> bool:
        return False

    def complete(self, messages: list[dict[str, str]], *, json_output: bool = False,
                 purpose: str = "") -> ChatReply:
        litellm = litellm_module()
        kwargs = dict(self._kwargs)
        if json_output:
            kwargs["response_format"] = {"type": "json_object"}
        started = time.monotonic()
        response = litellm.completion(model=self.choice.model, messages=messages, **kwargs)
        duration_ms = int((time.monotonic() - started) * 1000)
        text = response.choices[0].message.content or ""
        usage = getattr(response, "usage", None)
        try:
            cost = Decimal(str(litellm.completion_cost(completion_response=response)))
        except Exception:  # unknown price: recorded as zero, and said so in the log
            logger.warning("litellm has no price for %s; cost recorded as 0", self.choice.model)
            cost = Decimal(0)
        call = LLMCall(
            model=self.choice.model, tier=self.choice.tier, offline=False,
            prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
            cost_usd=cost, duration_ms=duration_ms, purpose=purpose,
        )
        if self._recorder:
            self._recorder(call)
        return ChatReply(text=text, call=call)


class OfflineChat:
    """The offline model behind the chat interface: zero cost, counted tokens."""

    def __init__(self, tier: ModelTier = ModelTier.SPECIALIST,
                 recorder: CallRecorder | None = None, reason: str = "offline") -> None:
        self.choice = ModelChoice(tier, OFFLINE_MODEL_NAME, True, reason)
        self._recorder = recorder

    @property
    def is_offline(self) -> bool:
        return True

    def complete(self, messages: list[dict[str, str]], *, json_output: bool = False,
                 purpose: str = "") -> ChatReply:
        """The offline model reads no free text: callers use the rule-based readers."""
        raise LLMConfigError(
            f"the offline model cannot read free text for {purpose or 'this request'}; "
            f"the rule-based reader answers instead ({sum(map(len, messages))} chars unread)")


def chat_model(tier: ModelTier, recorder: CallRecorder | None = None,
               env: Mapping[str, str] | None = None) -> ChatModel:
    """The tier's model behind the plain chat interface."""
    choice = resolve_model(tier, env)
    logger.info("%s tier uses %s (%s)", tier.value, choice.label, choice.reason)
    if choice.offline:
        return OfflineChat(tier, recorder, choice.reason)
    return LiteLLMChat(choice, recorder)
