"""The offline policy's answer: call a tool, or give the final answer.

Rendered in whichever protocol the agent speaks: native tool calls (a list of
OpenAI-shaped tool calls, as CrewAI expects back from a model that supports
function calling) or text (ReAct ``Thought / Action / Action Input`` lines).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ToolCall:
    tool: str
    arguments: dict[str, Any] = field(default_factory=dict)
    thought: str = ""

    def call_id(self, salt: str) -> str:
        digest = hashlib.sha256(f"{salt}|{self.tool}|{self.arguments_json}".encode())
        return f"call_{digest.hexdigest()[:16]}"

    @property
    def arguments_json(self) -> str:
        return json.dumps(self.arguments, sort_keys=True)


@dataclass(frozen=True)
class FinalAnswer:
    text: str
    thought: str = ""


Decision = ToolCall | FinalAnswer


def native_reply(decision: Decision, salt: str) -> list[dict[str, Any]] | str:
    """A native tool-calling reply: a one-call list, or the final text."""
    if isinstance(decision, FinalAnswer):
        return decision.text
    return [{"id": decision.call_id(salt), "type": "function",
             "function": {"name": decision.tool, "arguments": decision.arguments_json}}]
