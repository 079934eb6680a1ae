"""CrewAI objects built from the definitions: tools, agents, tasks.

Every CrewAI tool is a thin shell over :func:`invoke_tool`, so validation,
the guard layer and logging are the same whichever model calls it.
"""

from __future__ import annotations

import json
from typing import Any

from crewai import Agent, Task
from crewai.tools import BaseTool
from pydantic import BaseModel, PrivateAttr

from ad_buyer.crew.definitions import AgentDefinition, CrewDefinitions
from ad_buyer.crew.tooling import ToolContext, arguments_model, invoke_tool

DELEGATE_TOOL = "delegate_work_to_coworker"


class CardTool(BaseTool):
    """A tool card exposed to CrewAI; calls go through the guard layer."""

    _definitions: CrewDefinitions = PrivateAttr()
    _ctx: ToolContext = PrivateAttr()
    _agent: str = PrivateAttr(default="")
    _model: str = PrivateAttr(default="")

    @classmethod
    def from_card(cls, definitions: CrewDefinitions, name: str, ctx: ToolContext, *,
                  agent: str, model: str) -> CardTool:
        card = definitions.tools[name].card
        tool = cls(name=card.name, description=card.description,
                   args_schema=arguments_model(card.arguments, card.name))
        tool._definitions, tool._ctx, tool._agent, tool._model = definitions, ctx, agent, model
        return tool

    def _run(self, **kwargs: Any) -> str:
        arguments = {k: (v.model_dump() if isinstance(v, BaseModel) else v)
                     for k, v in kwargs.items() if v is not None}
        return invoke_tool(self._definitions, self.name, arguments, self._ctx,
                           agent=self._agent, model=self._model)


def build_agent(definition: AgentDefinition, definitions: CrewDefinitions, ctx: ToolContext,
                llm: Any, model_label: str, *, with_tools: bool = True,
                allow_delegation: bool | None = None) -> Agent:
    tools = [CardTool.from_card(definitions, name, ctx, agent=definition.role,
                                model=model_label)
             for name in definition.tools] if with_tools else []
    return Agent(role=definition.role, goal=definition.goal, backstory=definition.backstory,
                 llm=llm, tools=tools,
                 allow_delegation=(definition.allow_delegation if allow_delegation is None
                                   else allow_delegation),
                 verbose=False, max_iter=8)


def delegation_task(definitions: CrewDefinitions, *, coworker: str, specialist_task: str,
                    context: str, expected_output: str) -> Task:
    """A task for the manager: delegate ``specialist_task`` to ``coworker``."""
    step = json.dumps({"task": specialist_task, "context": context, "coworker": coworker},
                      sort_keys=True)
    description = (
        f"Delegate this channel to {coworker}, who buys it through guarded tools. "
        f"Pass the task and context exactly as given.\n"
        f"1. Call `{DELEGATE_TOOL}` with {step}\n"
        "Then report the coworker's result unchanged."
    )
    return Task(description=description, expected_output=expected_output)
