"""The crew phase of a run: the Portfolio Manager and the specialists it delegates to.

The manager is a CrewAI agent with one task, the campaign, and the tools to
read the brief, split and move the budget, delegate a channel and review a
proposal. Delegating runs the channel's specialist (another CrewAI agent, one
per definition, reused across its channels) on a task carrying the facts it
works from: the brief, its channel's budget, the manager's instructions and
its desk so far. Every model call and tool call is logged as it happens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ad_buyer.crew.agent_llms import crewai_llm
from ad_buyer.crew.assembly import build_agent
from ad_buyer.crew.definitions import CrewDefinitions
from ad_buyer.crew.desk_tools import channel_desk_summary
from ad_buyer.crew.manager_tools import allocation_view, render_assignment
from ad_buyer.crew.tooling import ToolContext
from ad_buyer.events.log import EntryKind
from ad_buyer.llm.gateway import ModelChoice, ModelTier
from ad_buyer.llm.metering import CallMeter
from ad_buyer.models.brief import CampaignBrief, Channel
from ad_buyer.models.money import from_micros

if TYPE_CHECKING:
    from collections.abc import Mapping

    from crewai import Agent


def brief_facts(brief: CampaignBrief) -> dict[str, Any]:
    """The brief's facts an agent buys against (amounts as text in the currency)."""
    return {
        "name": brief.name, "goal": brief.goal.value, "currency": brief.currency,
        "budget": f"{from_micros(brief.budget_micros):.2f}",
        "flight": f"{brief.flight_start} to {brief.flight_end}",
        "channels": [c.value for c in brief.channels],
        "audience": brief.audience.model_dump(mode="json"), "countries": brief.countries,
        "dmas": brief.dmas, "kpis": brief.kpis,
        "max_cpm": f"{from_micros(brief.max_cpm_micros):.2f}" if brief.max_cpm_micros else None,
        "deal_types": [d.value for d in brief.deal_types],
        "excluded_sellers": brief.excluded_sellers, "notes": brief.notes,
    }


def campaign_assignment(ctx: ToolContext) -> dict[str, Any]:
    return {"campaign": brief_facts(ctx.brief),
            "allocation": allocation_view(ctx.allocation)
            if ctx.allocation_locked and ctx.allocation else None,
            "dry_run": ctx.dry_run}


def specialist_assignment(ctx: ToolContext, channel: Channel,
                          instructions: str) -> dict[str, Any]:
    desk = channel_desk_summary(ctx, channel)
    return {"channel": channel.value, "currency": ctx.brief.currency,
            "approved_budget": desk["allocated"], "remaining_budget": desk["remaining"],
            "instructions": instructions, "brief": brief_facts(ctx.brief), "desk": desk,
            "dry_run": ctx.dry_run}


def log_model_call(ctx: ToolContext) -> Any:
    """The meter's listener: one ``llm_call`` entry per model call, as it completes."""
    from ad_buyer.llm.metering import ModelCall

    def listen(call: ModelCall) -> None:
        verb = "failed" if call.error else "decided"
        ctx.record(EntryKind.LLM_CALL, agent=call.agent, model=call.choice.label,
                   summary=f"{call.agent} {verb}: {call.decision or call.error}"[:240],
                   rationale=call.error, prompt_tokens=call.prompt_tokens,
                   completion_tokens=call.completion_tokens, cost_usd=call.cost_usd,
                   duration_ms=call.duration_ms,
                   data={"tier": call.choice.tier.value, "offline": call.choice.offline,
                         "decision": call.decision, "tool_calls": list(call.tool_calls),
                         "status": "failed" if call.error else "completed",
                         "cost_usd": "offline: no cost" if call.choice.offline
                         else str(call.cost_usd)})

    return listen


def run_crew(definitions: CrewDefinitions, ctx: ToolContext, meter: CallMeter, *,
             manager: ModelChoice, specialist: ModelChoice,
             env: Mapping[str, str] | None = None) -> str:
    """Run the manager's campaign task; returns the manager's final answer."""
    from crewai import Crew, Process, Task

    specialist_llm = crewai_llm(ModelTier.SPECIALIST, meter, env)
    specialists: dict[str, Agent] = {}

    def run_specialist(channel: Channel, instructions: str) -> str:
        definition = definitions.specialist_for(channel)
        agent = specialists.get(definition.name)
        if agent is None:
            agent = build_agent(definition, definitions, ctx, specialist_llm, specialist.label)
            specialists[definition.name] = agent
        task = Task(description=definitions.prompt(
            "channel_buy", channel=channel.value,
            assignment=render_assignment(specialist_assignment(ctx, channel, instructions))),
            expected_output=f"what you proposed or booked for {channel.value}, and why",
            agent=agent)
        return str(agent.execute_task(task))

    ctx.run_specialist = run_specialist
    ctx.specialist_roles = {c: definitions.specialist_for(c).role for c in ctx.brief.channels}
    pm = build_agent(definitions.manager, definitions, ctx,
                     crewai_llm(ModelTier.MANAGER, meter, env), manager.label)
    task = Task(description=definitions.prompt(
        "campaign", campaign_name=ctx.brief.name,
        assignment=render_assignment(campaign_assignment(ctx))),
        expected_output="what was booked per channel, what was not, and why", agent=pm)
    output = Crew(agents=[pm], tasks=[task], process=Process.sequential,
                  verbose=False).kickoff()
    return str(getattr(output, "raw", output))
