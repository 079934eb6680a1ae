"""The built-in offline model's decisions: deterministic rules over tool results.

``decide`` picks the role from the tools the agent was given (the Portfolio
Manager delegates; a specialist discovers sellers) and returns one
:class:`~ad_buyer.crew.policy.decision.Decision`. It reads only the task's
assignment JSON and the tool results; it never takes steps from prompt prose.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ad_buyer.crew.policy.conversation import read_conversation
from ad_buyer.crew.policy.decision import Decision, FinalAnswer
from ad_buyer.crew.policy.manager import decide_manager
from ad_buyer.crew.policy.specialist import decide_specialist

MANAGER_TOOL = "delegate_channel"
SPECIALIST_TOOL = "discover_sellers"


def decide(messages: Sequence[Any], tool_names: Sequence[str]) -> Decision:
    conversation = read_conversation(messages)
    if MANAGER_TOOL in tool_names:
        return decide_manager(conversation)
    if SPECIALIST_TOOL in tool_names:
        return decide_specialist(conversation)
    return FinalAnswer("The offline policy has no rule for this task: it buys media as the "
                       "Portfolio Manager or a channel specialist only.",
                       thought="no applicable rule")
