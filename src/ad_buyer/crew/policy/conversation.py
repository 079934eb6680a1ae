"""What the offline policy reads: the task's assignment and every tool result so far.

A conversation arrives in one of CrewAI's two tool protocols:

- native tool calls (OpenAI shape): assistant messages carry ``tool_calls``
  and each result is a ``{"role": "tool", "name": ..., "content": ...}``;
- text (ReAct): assistant text with ``Action:`` / ``Action Input:`` lines and
  the result after ``Observation:``.

Either way the policy sees the same :class:`Conversation`: the assignment
(the JSON block of the task), and the tool steps in order, each with its
arguments and its result parsed as JSON (``None`` when the result is not JSON,
for instance a refusal). Nothing is read from prompt prose.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

_JSON_BLOCK = re.compile(r"```json\s*\n(.*?)\n```", re.S)
_ACTION = re.compile(r"^Action:\s*(\S+)\s*$", re.M)
_ACTION_INPUT = re.compile(r"^Action Input:\s*(\{.*?\})\s*$", re.M | re.S)
_OBSERVATION = re.compile(r"Observation:\s*(.*)", re.S)


def content_text(message: Any) -> str:
    """A message's text, whatever shape its content has."""
    content = message.get("content", "") if isinstance(message, dict) else message
    if isinstance(content, list):
        return "\n".join(str(part.get("text", "")) if isinstance(part, dict) else str(part)
                         for part in content)
    return str(content or "")


def leading_json(text: str) -> Any:
    """The JSON value a text starts with (text the agent runtime appended after it is
    ignored), or None."""
    try:
        value, _end = json.JSONDecoder().raw_decode(text.lstrip())
    except (TypeError, ValueError):
        return None
    return value


@dataclass(frozen=True)
class ToolStep:
    """One tool call the model made and what came back."""

    name: str
    arguments: dict[str, Any]
    text: str

    @property
    def result(self) -> Any:
        return leading_json(self.text)

    @property
    def ok(self) -> bool:
        return not self.text.startswith("Error")


@dataclass
class Conversation:
    assignment: dict[str, Any]
    steps: list[ToolStep] = field(default_factory=list)

    def results(self, name: str) -> Iterator[dict[str, Any]]:
        """Every successful result of tool ``name`` that is a JSON object, oldest first."""
        for step in self.steps:
            if step.name == name and step.ok and isinstance(step.result, dict):
                yield step.result

    def last(self, name: str) -> dict[str, Any] | None:
        found = list(self.results(name))
        return found[-1] if found else None

    def called(self, name: str, **matching: Any) -> bool:
        return any(step.name == name and all(step.arguments.get(k) == v
                                             for k, v in matching.items())
                   for step in self.steps)


def _assignment(messages: Sequence[Any]) -> dict[str, Any]:
    for message in messages:
        if isinstance(message, dict) and message.get("role") == "user":
            match = _JSON_BLOCK.search(content_text(message))
            if match:
                data = leading_json(match.group(1))
                return data if isinstance(data, dict) else {}
    return {}


def _native_steps(messages: Sequence[Any]) -> list[ToolStep]:
    calls: dict[str, tuple[str, dict[str, Any]]] = {}
    steps: list[ToolStep] = []
    for message in messages:
        if not isinstance(message, dict):
            continue
        for call in message.get("tool_calls") or []:
            function = call.get("function", {}) if isinstance(call, dict) else {}
            arguments = function.get("arguments")
            parsed = leading_json(arguments) if isinstance(arguments, str) else arguments
            calls[str(call.get("id"))] = (str(function.get("name", "")),
                                         parsed if isinstance(parsed, dict) else {})
        if message.get("role") == "tool":
            name, arguments = calls.get(str(message.get("tool_call_id")),
                                        (str(message.get("name", "")), {}))
            steps.append(ToolStep(name or str(message.get("name", "")), arguments,
                                  content_text(message)))
    return steps


def _text_steps(messages: Sequence[Any]) -> list[ToolStep]:
    steps: list[ToolStep] = []
    pending: tuple[str, dict[str, Any]] | None = None
    for message in messages:
        if not isinstance(message, dict) or message.get("role") == "system":
            continue
        text = content_text(message)
        if message.get("role") == "assistant":
            action = _ACTION.search(text)
            if action:
                raw = _ACTION_INPUT.search(text)
                arguments = leading_json(raw.group(1)) if raw else {}
                pending = (action.group(1), arguments if isinstance(arguments, dict) else {})
        observation = _OBSERVATION.search(text)
        if pending is not None and observation:
            steps.append(ToolStep(pending[0], pending[1], observation.group(1).strip()))
            pending = None
    return steps


def read_conversation(messages: Sequence[Any]) -> Conversation:
    steps = _native_steps(messages)
    if not steps:
        steps = _text_steps(messages)
    return Conversation(assignment=_assignment(messages), steps=steps)
