"""The model objects CrewAI agents call: the offline policy, or a real model.

Both go through the run's :class:`~ad_buyer.llm.metering.CallMeter`:
limits are checked before each call and every call is recorded (tokens,
cost, what the model decided) as it completes.

- :class:`OfflineLLM` answers with the deterministic policy, in CrewAI's
  native tool-calling protocol (it reports function-calling support).
- :class:`MeteredLLM` is CrewAI's litellm-backed ``LLM``: native tool calls
  for models litellm says support them (Anthropic, OpenAI...), text (ReAct)
  tool calling otherwise, decided by CrewAI.

Native tool calls are run one at a time (see :data:`SEQUENTIAL_TOOLS`).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from crewai import LLM
from crewai.llms.base_llm import BaseLLM
from pydantic import BaseModel, PrivateAttr

from ad_buyer.crew.policy import decide
from ad_buyer.crew.policy.decision import native_reply
from ad_buyer.durable_steps import durable
from ad_buyer.llm.gateway import ModelChoice, ModelTier, resolve_model
from ad_buyer.llm.metering import CallMeter, ModelCall, Pricer, describe_reply
from ad_buyer.llm.offline import OFFLINE_MODEL_NAME, count_tokens

if TYPE_CHECKING:
    from collections.abc import Mapping

logger = logging.getLogger(__name__)

_PRICER = Pricer()
# CrewAI keeps 85% of a model's window for the conversation, as its own catalog does.
CONTEXT_WINDOW_SHARE = 0.85


def _agent_role(from_agent: Any) -> str:
    return str(getattr(from_agent, "role", "") or "agent")


def _metered(meter: CallMeter, choice: ModelChoice, from_agent: Any,
             produce: Callable[[], tuple[Any, int, int]]) -> Any:
    """Check the limits, make the call, record it (a failed call is recorded too)."""
    meter.check()
    started = time.monotonic()
    try:
        reply, prompt, completion = durable(f"model call {_agent_role(from_agent)}", produce)
    except Exception as exc:
        meter.record(ModelCall(agent=_agent_role(from_agent), choice=choice, prompt_tokens=0,
                               completion_tokens=0, cost_usd=_PRICER.cost(choice, 0, 0),
                               duration_ms=int((time.monotonic() - started) * 1000),
                               decision="", error=f"{type(exc).__name__}: {exc}"))
        raise
    decision, tool_calls = describe_reply(reply)
    meter.record(ModelCall(agent=_agent_role(from_agent), choice=choice, prompt_tokens=prompt,
                           completion_tokens=completion,
                           cost_usd=_PRICER.cost(choice, prompt, completion),
                           duration_ms=int((time.monotonic() - started) * 1000),
                           decision=decision, tool_calls=tool_calls))
    return reply


def _tool_names(tools: Any) -> list[str]:
    names: list[str] = []
    for schema in tools or []:
        function = schema.get("function", schema) if isinstance(schema, dict) else {}
        if isinstance(function, dict) and function.get("name"):
            names.append(str(function["name"]))
    return names


class OfflineLLM(BaseLLM):
    """CrewAI model slot filled by the deterministic policy; never a real LLM."""

    llm_type: str = OFFLINE_MODEL_NAME
    is_offline: bool = True
    _meter: CallMeter = PrivateAttr()
    _choice: ModelChoice = PrivateAttr()

    def __init__(self, meter: CallMeter | None = None, tier: ModelTier = ModelTier.SPECIALIST,
                 **data: Any) -> None:
        # BaseLLM requires an explicit model and would label the provider "openai".
        data.setdefault("model", OFFLINE_MODEL_NAME)
        data.setdefault("provider", OFFLINE_MODEL_NAME)
        super().__init__(**data)
        self._meter = meter or CallMeter()
        self._choice = ModelChoice(tier, OFFLINE_MODEL_NAME, True, "offline policy")

    def supports_function_calling(self) -> bool:
        return True

    def get_context_window_size(self) -> int:
        return 200_000

    def get_input_tokens_count(self, messages: Any, tools: Any = None,
                               response_model: Any = None) -> int:
        return count_tokens(json.dumps(messages, default=str))

    def call(self, messages: Any, tools: Any = None, callbacks: Any = None,
             available_functions: Any = None, from_task: Any = None, from_agent: Any = None,
             response_model: type[BaseModel] | None = None) -> Any:
        if response_model is not None:
            raise ValueError("the offline policy does not produce structured output for "
                             f"{response_model.__name__}")
        formatted = list(self._format_messages(messages))

        def produce() -> tuple[Any, int, int]:
            reply = native_reply(decide(formatted, _tool_names(tools)), salt=str(len(formatted)))
            prompt = count_tokens(json.dumps(formatted, default=str))
            completion = count_tokens(reply if isinstance(reply, str) else json.dumps(reply))
            return reply, prompt, completion

        return _metered(self._meter, self._choice, from_agent, produce)

    async def acall(self, messages: Any, tools: Any = None, callbacks: Any = None,
                    available_functions: Any = None, from_task: Any = None,
                    from_agent: Any = None,
                    response_model: type[BaseModel] | None = None) -> Any:
        return self.call(messages, tools, callbacks, available_functions, from_task,
                         from_agent, response_model)


class MeteredLLM(LLM):
    """CrewAI's litellm-backed model, metered per call."""

    _meter: CallMeter = PrivateAttr()
    _choice: ModelChoice = PrivateAttr()

    def bind(self, meter: CallMeter, choice: ModelChoice) -> MeteredLLM:
        self._meter, self._choice = meter, choice
        return self

    def get_context_window_size(self) -> int:
        """CrewAI's catalog first; else the window litellm knows for the model (an
        OpenAI-compatible server's model registered with litellm, say)."""
        if self.context_window_size == 0:
            from ad_buyer.llm.gateway import litellm_module

            litellm = litellm_module()

            try:
                known = int(litellm.get_model_info(self.model).get("max_input_tokens") or 0)
            except Exception:  # litellm has no entry for this model
                known = 0
            if known:
                self.context_window_size = int(known * CONTEXT_WINDOW_SHARE)
        return super().get_context_window_size()

    def call(self, messages: Any, tools: Any = None, callbacks: Any = None,
             available_functions: Any = None, from_task: Any = None, from_agent: Any = None,
             response_model: type[BaseModel] | None = None) -> Any:
        def produce() -> tuple[Any, int, int]:
            before = self.get_token_usage_summary()
            reply = super(MeteredLLM, self).call(
                messages, tools, callbacks, available_functions, from_task, from_agent,
                response_model)
            after = self.get_token_usage_summary()
            return (reply, after.prompt_tokens - before.prompt_tokens,
                    after.completion_tokens - before.completion_tokens)

        return _metered(self._meter, self._choice, from_agent, produce)


def crewai_llm(tier: ModelTier, meter: CallMeter,
               env: Mapping[str, str] | None = None) -> BaseLLM:
    """The tier's model as a CrewAI model object, metered by the run's meter."""
    choice = resolve_model(tier, env)
    logger.info("%s tier uses %s (%s)", tier.value, choice.label, choice.reason)
    if choice.offline:
        return OfflineLLM(meter, tier)
    # is_litellm keeps CrewAI on its litellm path: its native provider classes would
    # need each vendor's SDK and bypass the one gateway.
    llm = MeteredLLM(model=choice.model, is_litellm=True, provider="litellm")
    return llm.bind(meter, choice)
