"""Tokens and cost of a crew phase, from each distinct LLM object's own counters.

``crew.usage_metrics`` is not used: CrewAI 1.15 counts a litellm-backed
manager_agent twice (its LLM's counters plus its token callback;
crewAIInc/crewAI#4934) and counts an LLM object shared by two agents twice.
Snapshot :func:`token_counts` of :func:`crew_llms` before kickoff, then
:func:`phase_usage` gives the phase's deltas, each priced by its own model.
The run logs each call instead (:mod:`ad_buyer.crew.call_log`) and uses these
counters to check that no call went unlogged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ad_buyer.crew.llm import ModelChoice
from ad_buyer.crew.offline import OfflineLLM

if TYPE_CHECKING:
    from crewai import Crew

logger = logging.getLogger(__name__)


def phase_cost(choice: ModelChoice, prompt_tokens: int, completion_tokens: int) -> Decimal:
    """USD for these tokens at litellm's price for the model; zero offline or unpriced."""
    if choice.offline:
        return Decimal(0)
    import litellm

    try:
        prompt_cost, completion_cost = litellm.cost_per_token(
            model=choice.model, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens)
    except Exception:  # no price known for this model: logged as zero
        logger.warning("no price for %s; phase cost recorded as 0", choice.model)
        return Decimal(0)
    return Decimal(str(prompt_cost)) + Decimal(str(completion_cost))


def crew_llms(crew: Crew) -> list[Any]:
    """Each distinct LLM object the crew's agents (and manager) call, once."""
    agents = [*crew.agents, *([crew.manager_agent] if crew.manager_agent else [])]
    seen: dict[int, Any] = {}
    for agent in agents:
        llm = getattr(agent, "llm", None)
        if llm is not None and hasattr(llm, "get_token_usage_summary"):
            seen.setdefault(id(llm), llm)
    return list(seen.values())


def crew_roles(crew: Crew) -> dict[int, str]:
    """``{id(llm): role}``; an LLM object shared by several agents names them all."""
    agents = [*crew.agents, *([crew.manager_agent] if crew.manager_agent else [])]
    roles: dict[int, list[str]] = {}
    for agent in agents:
        llm = getattr(agent, "llm", None)
        if llm is not None:
            names = roles.setdefault(id(llm), [])
            if agent.role not in names:
                names.append(str(agent.role))
    return {key: ", ".join(names) for key, names in roles.items()}


def token_counts(llm: Any) -> tuple[int, int]:
    """(prompt, completion) tokens the LLM object has counted in its lifetime."""
    usage = llm.get_token_usage_summary()
    return int(usage.prompt_tokens), int(usage.completion_tokens)


def model_choice_of(llm: Any, choices: Sequence[ModelChoice]) -> ModelChoice:
    """The tier choice this LLM object runs (CrewAI may drop the litellm route prefix)."""
    if isinstance(llm, OfflineLLM):
        return next((c for c in choices if c.offline), choices[0])
    model = str(getattr(llm, "model", ""))
    real = [c for c in choices if not c.offline]
    return next((c for c in real if c.model == model), None) \
        or next((c for c in real if c.model.endswith(f"/{model}")), None) or choices[0]


class PhaseUsage(BaseModel):
    """Tokens and cost of one crew phase, summed over its distinct LLM objects."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: Decimal = Decimal(0)
    by_model: dict[str, dict[str, int | str]] = {}


def phase_usage(before: dict[int, tuple[int, int]], llms: Sequence[Any],
                 choices: Sequence[ModelChoice]) -> PhaseUsage:
    """Usage deltas of each LLM object since ``before``, priced by that LLM's own model."""
    usage = PhaseUsage()
    by_model: dict[str, dict[str, int | str]] = {}
    for llm in llms:
        prompt0, completion0 = before.get(id(llm), (0, 0))
        prompt1, completion1 = token_counts(llm)
        prompt, completion = prompt1 - prompt0, completion1 - completion0
        if prompt == completion == 0:
            continue
        choice = model_choice_of(llm, choices)
        cost = phase_cost(choice, prompt, completion)
        usage.prompt_tokens += prompt
        usage.completion_tokens += completion
        usage.cost_usd += cost
        row = by_model.setdefault(choice.label, {"prompt_tokens": 0, "completion_tokens": 0,
                                                 "cost_usd": "0"})
        row["prompt_tokens"] = int(row["prompt_tokens"]) + prompt
        row["completion_tokens"] = int(row["completion_tokens"]) + completion
        row["cost_usd"] = str(Decimal(str(row["cost_usd"])) + cost)
    usage.by_model = by_model
    return usage
