"""Phase token accounting: each distinct LLM object counted once, priced by its own model."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from ad_buyer.crew.llm import ModelChoice, ModelTier
from ad_buyer.crew.offline import OfflineLLM
from ad_buyer.crew.phase_usage import crew_llms, crew_roles, phase_usage, token_counts

OFFLINE_CHOICE = ModelChoice(ModelTier.MANAGER, "offline", True, "test")


def _spend(llm: OfflineLLM, prompt: int, completion: int) -> None:
    llm._track_token_usage_internal({"prompt_tokens": prompt, "completion_tokens": completion,
                                     "total_tokens": prompt + completion})


def _crew(*agent_llms: Any, manager: Any = None) -> Any:
    return SimpleNamespace(agents=[SimpleNamespace(llm=llm) for llm in agent_llms],
                           manager_agent=SimpleNamespace(llm=manager) if manager else None)


def test_shared_llm_and_manager_are_each_counted_once() -> None:
    shared, manager = OfflineLLM(), OfflineLLM()
    crew = _crew(shared, shared, manager=manager)
    llms = crew_llms(crew)
    assert [id(x) for x in llms] == [id(shared), id(manager)]
    _spend(shared, 100, 10)  # before the phase: not this phase's usage
    before = {id(x): token_counts(x) for x in llms}
    _spend(shared, 40, 4)
    _spend(shared, 60, 6)
    _spend(manager, 7, 3)
    usage = phase_usage(before, llms, [OFFLINE_CHOICE])
    assert (usage.prompt_tokens, usage.completion_tokens) == (107, 13)
    assert usage.cost_usd == Decimal(0)  # the offline model costs nothing, said as such
    [(label, row)] = usage.by_model.items()
    assert "not an LLM" in label
    assert row["prompt_tokens"] == 107


def test_real_models_are_priced_by_their_own_model(monkeypatch: pytest.MonkeyPatch) -> None:
    import ad_buyer.crew.phase_usage as usage_module

    priced: list[tuple[str, int, int]] = []

    def fake_cost(choice: ModelChoice, prompt: int, completion: int) -> Decimal:
        priced.append((choice.model, prompt, completion))
        return Decimal("0.001") * (prompt + completion)

    monkeypatch.setattr(usage_module, "phase_cost", fake_cost)
    manager_choice = ModelChoice(ModelTier.MANAGER, "anthropic/claude-opus-4-1", False, "t")
    specialist_choice = ModelChoice(ModelTier.SPECIALIST, "anthropic/claude-sonnet-4-5",
                                    False, "t")
    manager, specialist = OfflineLLM(), OfflineLLM()
    # Stand-ins for crewai.LLM objects: what matters is their .model and counters.
    fake_manager = SimpleNamespace(model="claude-opus-4-1",
                                   get_token_usage_summary=manager.get_token_usage_summary)
    fake_specialist = SimpleNamespace(model="anthropic/claude-sonnet-4-5",
                                      get_token_usage_summary=specialist.get_token_usage_summary)
    llms = crew_llms(_crew(fake_specialist, manager=fake_manager))
    before = {id(x): token_counts(x) for x in llms}
    _spend(manager, 10, 2)
    _spend(specialist, 30, 5)
    usage = phase_usage(before, llms, [manager_choice, specialist_choice])
    assert sorted(priced) == [("anthropic/claude-opus-4-1", 10, 2),
                              ("anthropic/claude-sonnet-4-5", 30, 5)]
    assert usage.cost_usd == Decimal("0.047")
    assert set(usage.by_model) == {"anthropic/claude-opus-4-1", "anthropic/claude-sonnet-4-5"}


def test_crew_roles_name_every_agent_sharing_an_llm() -> None:
    shared, manager = OfflineLLM(), OfflineLLM()
    crew = SimpleNamespace(
        agents=[SimpleNamespace(llm=shared, role="CTV Specialist"),
                SimpleNamespace(llm=shared, role="Audio Specialist"),
                SimpleNamespace(llm=shared, role="CTV Specialist")],
        manager_agent=SimpleNamespace(llm=manager, role="Portfolio Manager"))
    assert crew_roles(crew) == {id(shared): "CTV Specialist, Audio Specialist",
                                id(manager): "Portfolio Manager"}
