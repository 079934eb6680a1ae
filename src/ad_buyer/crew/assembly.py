"""CrewAI objects built from the definitions: tools and agents.

Every CrewAI tool is a thin shell over :func:`invoke_tool` bound to the agent
that holds it, so who may call what, validation, the guard layer and logging
are the same whichever model calls it.
"""

from __future__ import annotations

from typing import Any

from crewai import Agent
from crewai.tools import BaseTool
from pydantic import BaseModel, PrivateAttr

from ad_buyer.crew.definitions import AgentDefinition, CrewDefinitions
from ad_buyer.crew.tooling import ToolContext, arguments_model, invoke_tool
from ad_buyer.untrusted import UNTRUSTED_NOTICE

# CrewAI runs several native tool calls of one reply in parallel threads unless a
# tool has a usage cap. A cap this high never binds; it keeps a run's tool calls in
# the order the model gave them, so the log (and a durable replay) follows that order.
SEQUENTIAL_TOOLS = 1_000_000
MANAGER_MAX_ITER = 60
SPECIALIST_MAX_ITER = 25


class CardTool(BaseTool):
    """A tool card exposed to CrewAI; calls go through the guard layer as its agent."""

    _definitions: CrewDefinitions = PrivateAttr()
    _ctx: ToolContext = PrivateAttr()
    _caller: AgentDefinition = PrivateAttr()
    _model: str = PrivateAttr(default="")

    @classmethod
    def from_card(cls, definitions: CrewDefinitions, name: str, ctx: ToolContext, *,
                  caller: AgentDefinition, model: str) -> CardTool:
        card = definitions.tools[name].card
        tool = cls(name=card.name, description=card.description,
                   args_schema=arguments_model(card.arguments, card.name),
                   max_usage_count=SEQUENTIAL_TOOLS)
        tool._definitions, tool._ctx, tool._caller, tool._model = definitions, ctx, caller, model
        return tool

    def _run(self, **kwargs: Any) -> str:
        arguments = {k: (v.model_dump() if isinstance(v, BaseModel) else v)
                     for k, v in kwargs.items() if v is not None}
        return invoke_tool(self._definitions, self.name, arguments, self._ctx,
                           caller=self._caller, model=self._model)


def build_agent(definition: AgentDefinition, definitions: CrewDefinitions, ctx: ToolContext,
                llm: Any, model_label: str) -> Agent:
    tools = [CardTool.from_card(definitions, name, ctx, caller=definition, model=model_label)
             for name in definition.tools]
    return Agent(role=definition.role, goal=definition.goal,
                 backstory=f"{definition.backstory}\n\n{UNTRUSTED_NOTICE}", llm=llm,
                 tools=tools, allow_delegation=False, verbose=False,
                 # Tool results are bounded by design and must reach the model whole;
                 # CrewAI would otherwise swap a large one for a file the model must read.
                 use_better_compaction=False,
                 max_iter=MANAGER_MAX_ITER if definition.tier == "manager"
                 else SPECIALIST_MAX_ITER)
