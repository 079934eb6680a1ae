"""The built-in offline model: deterministic, no network, labelled "offline".

It is not a language model and never claims to be one. It speaks CrewAI's
text tool-calling protocol (``Thought / Action / Action Input`` and
``Final Answer``) so a crew runs end to end on a fresh machine, and its
decisions are the ones the prompt templates spell out as numbered steps::

    1. Call `discover_sellers` with {"channel": "ctv"}
    2. Call `request_quotes`

It calls each listed tool, in order, that the agent actually has; then it
answers with the last observation, so the result a person reads is exactly
what the deterministic tools computed.
"""

from __future__ import annotations

import json
import logging
import re
from typing import TYPE_CHECKING, Any

from crewai.events.types.llm_events import LLMCallType
from crewai.llms.base_llm import BaseLLM, llm_call_context
from pydantic import BaseModel

if TYPE_CHECKING:
    from crewai.agents.agent_builder.base_agent import BaseAgent
    from crewai.task import Task
    from crewai.tools.base_tool import BaseTool
    from crewai.utilities.types import LLMMessage

logger = logging.getLogger(__name__)

OFFLINE_MODEL_NAME = "offline"
_TOKEN = re.compile(r"\w+|[^\w\s]")
_STEP = re.compile(r"^\s*\d+\.\s+Call\s+`([A-Za-z0-9_\-]+)`(?:\s+with\s+(\{.*\}))?\s*$", re.M)
_TOOL_NAME = re.compile(r"^Tool Name:\s*(\S+)", re.M)
_TOOL_LIST = re.compile(r"only one name of \[([^\]]*)\]")
_ACTION = re.compile(r"^Action:\s*(\S+)", re.M)


def count_tokens(text: str) -> int:
    """Deterministic token count: words and punctuation marks."""
    return len(_TOKEN.findall(text))


def _content(message: Any) -> str:
    content = message.get("content", "") if isinstance(message, dict) else str(message)
    if isinstance(content, list):
        return "\n".join(str(part.get("text", "")) if isinstance(part, dict) else str(part)
                         for part in content)
    return str(content or "")


class OfflineStep(BaseModel):
    tool: str
    arguments: dict[str, Any]


def planned_steps(prompt: str) -> list[OfflineStep]:
    """The numbered ``Call `tool` with {...}`` steps a prompt spells out."""
    steps: list[OfflineStep] = []
    for match in _STEP.finditer(prompt):
        arguments = json.loads(match.group(2)) if match.group(2) else {}
        if not isinstance(arguments, dict):
            raise ValueError(f"step arguments for {match.group(1)!r} must be a JSON object")
        steps.append(OfflineStep(tool=match.group(1), arguments=arguments))
    return steps


def available_tools(prompt: str, tools: list[dict[str, Any]] | None) -> list[str]:
    names: list[str] = []
    for schema in tools or []:
        function = schema.get("function", schema) if isinstance(schema, dict) else {}
        if isinstance(function, dict) and function.get("name"):
            names.append(str(function["name"]))
    names += _TOOL_NAME.findall(prompt)
    for listed in _TOOL_LIST.findall(prompt):
        names += [n.strip() for n in listed.split(",") if n.strip()]
    return list(dict.fromkeys(names))


def decide(messages: list[Any], tools: list[dict[str, Any]] | None = None) -> str:
    """The offline model's next message for a conversation (pure function)."""
    task_text = "\n".join(_content(m) for m in messages
                          if not (isinstance(m, dict) and m.get("role") == "assistant"))
    assistant = [_content(m) for m in messages
                 if isinstance(m, dict) and m.get("role") == "assistant"]
    names = set(available_tools(task_text, tools))
    steps = [s for s in planned_steps(task_text) if s.tool in names]
    done = [a for text in assistant for a in _ACTION.findall(text)]
    for index, step in enumerate(steps):
        if index >= len(done):
            return (
                f"Thought: offline model, step {index + 1} of {len(steps)}: "
                f"the task says to call {step.tool}.\n"
                f"Action: {step.tool}\n"
                f"Action Input: {json.dumps(step.arguments, sort_keys=True)}"
            )
    observation = ""
    for text in reversed(assistant):
        if "Observation:" in text:
            observation = text.rsplit("Observation:", 1)[1].strip()
            break
    if observation:
        return (
            f"Thought: offline model: all {len(steps)} step(s) done; "
            f"reporting the last tool result unchanged.\nFinal Answer: {observation}"
        )
    return (
        "Thought: offline model: this task lists no tool steps I can run.\n"
        "Final Answer: offline model made no decision: the task lists no runnable steps."
    )


class OfflineLLM(BaseLLM):
    """CrewAI model slot filled by deterministic rules; never a real LLM."""

    llm_type: str = OFFLINE_MODEL_NAME
    model: str = OFFLINE_MODEL_NAME
    provider: str = OFFLINE_MODEL_NAME
    is_offline: bool = True

    def __init__(self, **data: Any) -> None:
        # BaseLLM requires an explicit model and would label the provider "openai".
        data.setdefault("model", OFFLINE_MODEL_NAME)
        data.setdefault("provider", OFFLINE_MODEL_NAME)
        super().__init__(**data)

    def supports_function_calling(self) -> bool:
        # Text protocol (Action / Action Input), so CrewAI parses our replies.
        return False

    def get_context_window_size(self) -> int:
        return 200_000

    def get_input_tokens_count(
        self,
        messages: str | list[LLMMessage],
        tools: list[dict[str, BaseTool]] | None = None,
        response_model: type[BaseModel] | None = None,
    ) -> int:
        if isinstance(messages, str):
            return count_tokens(messages)
        return sum(count_tokens(_content(m)) for m in messages)

    def call(
        self,
        messages: str | list[LLMMessage],
        tools: list[dict[str, BaseTool]] | None = None,
        callbacks: list[Any] | None = None,
        available_functions: dict[str, Any] | None = None,
        from_task: Task | None = None,
        from_agent: BaseAgent | None = None,
        response_model: type[BaseModel] | None = None,
    ) -> str:
        # Inside a call scope with started/completed (or failed) events, as CrewAI's own
        # providers do, so per-call listeners (the rationale log) hear offline calls too.
        with llm_call_context():
            self._emit_call_started_event(messages=messages, tools=tools, callbacks=callbacks,
                                          available_functions=available_functions,
                                          from_task=from_task, from_agent=from_agent)
            try:
                if response_model is not None:
                    raise ValueError(
                        "the offline model does not produce structured output for "
                        f"{response_model.__name__}; use the rule-based path or a real model"
                    )
                formatted = self._format_messages(messages)
                reply = decide(list(formatted), tools)
            except Exception as exc:
                self._emit_call_failed_event(error=str(exc), from_task=from_task,
                                             from_agent=from_agent)
                raise
            prompt_tokens = self.get_input_tokens_count(formatted)
            completion_tokens = count_tokens(reply)
            usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                     "total_tokens": prompt_tokens + completion_tokens}
            self._track_token_usage_internal(usage)
            self._emit_call_completed_event(response=reply, call_type=LLMCallType.LLM_CALL,
                                            from_task=from_task, from_agent=from_agent,
                                            messages=formatted, usage=usage)
        logger.debug("offline model reply (%d+%d tokens)", prompt_tokens, completion_tokens)
        return reply

    async def acall(
        self,
        messages: str | list[LLMMessage],
        tools: list[dict[str, BaseTool]] | None = None,
        callbacks: list[Any] | None = None,
        available_functions: dict[str, Any] | None = None,
        from_task: Task | None = None,
        from_agent: BaseAgent | None = None,
        response_model: type[BaseModel] | None = None,
    ) -> str:
        return self.call(messages, tools, callbacks, available_functions, from_task,
                         from_agent, response_model)
