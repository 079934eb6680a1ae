"""Per-call model logging: one rationale-log entry per crew model call, under its phase."""

from __future__ import annotations

import logging
import threading
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from crewai.events.event_bus import crewai_event_bus
from crewai.events.types.llm_events import LLMCallCompletedEvent, LLMCallStartedEvent
from pydantic import BaseModel

from ad_buyer.crew.buyer import buyer_for_sandbox
from ad_buyer.crew.call_log import PhaseCallLog, _Pricer, phase_totals
from ad_buyer.crew.llm import ModelChoice, ModelTier
from ad_buyer.crew.offline import OFFLINE_MODEL_NAME, OfflineLLM
from ad_buyer.crew.run import _kickoff, run_campaign
from ad_buyer.crew.tooling import ToolContext
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.events.log import EntryKind, LogEntry, RationaleLog, RunRecord, RunStatus
from ad_buyer.models.brief import CampaignBrief
from ad_buyer.sandbox.testing import in_process_sandbox
from ad_buyer.storage.db import Database

from .conftest import REFERENCE

OFFLINE_ENV = {"AD_BUYER_LLM": "offline"}
OFFLINE_CHOICE = ModelChoice(ModelTier.MANAGER, OFFLINE_MODEL_NAME, True, "test")
BRIEF = """Campaign: Summer Sips 2026
Budget $250k, flight July 1 - Sept 30 2026. CTV and audio/podcast, adults 25-54 in the US.
Goal: awareness. Max $45 CPM. PD or PG."""
PHASES = ("allocation reviewed", "channels delegated and bought")


def _ask(llm: OfflineLLM, text: str = "hello there") -> str:
    return llm.call([{"role": "user", "content": text}])


def _ours(handler_owner: PhaseCallLog) -> bool:
    """Whether any of this log's handlers is still on CrewAI's (process-wide) bus."""
    handlers = [h for event in (LLMCallStartedEvent, LLMCallCompletedEvent)
                for h in crewai_event_bus._sync_handlers.get(event, frozenset())]
    return any(getattr(h, "__self__", None) is handler_owner for h in handlers)


# -- the whole offline run -------------------------------------------------------

@pytest.fixture(scope="module")
def offline_run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One offline run, every OfflineLLM call counted by a wrapper around the model."""
    counted: list[tuple[int, int]] = []
    original = OfflineLLM.call

    def counting_call(self: OfflineLLM, messages: Any, *args: Any, **kwargs: Any) -> Any:
        before = self.get_token_usage_summary()
        reply = original(self, messages, *args, **kwargs)
        after = self.get_token_usage_summary()
        counted.append((after.prompt_tokens - before.prompt_tokens,
                        after.completion_tokens - before.completion_tokens))
        return reply

    db = Database(f"sqlite:///{tmp_path_factory.mktemp('calls') / 'run.db'}")
    bus = InMemoryEventBus()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(OfflineLLM, "call", counting_call)
        result = run_campaign(BRIEF, buyer=buyer_for_sandbox(bus, in_process_sandbox()),
                              db=db, bus=bus, env=OFFLINE_ENV, reference_date=REFERENCE)
    assert result.status is RunStatus.COMPLETED, result.report
    yield RationaleLog(db).get_run(result.run_id), counted
    db.dispose()


def _phase(record: RunRecord, summary: str) -> tuple[LogEntry, list[LogEntry]]:
    [phase] = [e for e in record.entries if e.kind == "decision" and e.summary == summary]
    return phase, [e for e in record.children(phase.id) if e.kind == EntryKind.LLM_CALL]


def test_every_offline_crew_call_is_one_entry(offline_run: Any) -> None:
    record, counted = offline_run
    calls = [c for summary in PHASES for c in _phase(record, summary)[1]]
    # In call order, each entry holds exactly what the model counted for that call.
    assert [(c.prompt_tokens, c.completion_tokens) for c in calls] == counted
    assert len(calls) >= 8  # review, then delegate / survey / buy per channel
    for call in calls:
        assert "offline" in call.model
        assert "not an LLM" in call.model
        assert call.cost_micros == 0
        assert call.data["offline"] is True
        assert call.data["cost_usd"] == "offline: no cost"
        assert call.data["status"] == "completed"
        assert call.duration_ms >= 0
    assert {c.agent for c in calls} == {"Portfolio Manager", "CTV Specialist",
                                        "Audio Specialist"}


def test_offline_phase_totals_are_the_sum_of_their_calls(offline_run: Any) -> None:
    record, _ = offline_run
    for summary in PHASES:
        phase, calls = _phase(record, summary)
        assert calls, summary
        assert phase.prompt_tokens == sum(c.prompt_tokens for c in calls) > 0
        assert phase.completion_tokens == sum(c.completion_tokens for c in calls) > 0
        assert phase.cost_micros == sum(c.cost_micros for c in calls) == 0
        assert phase.data["model_calls"] == len(calls)
        assert phase.data["usage_rollup"] is True
        [row] = phase.data["usage_by_model"].values()
        assert row["calls"] == len(calls)
        assert all(c.summary.startswith(f"{summary}: model call ") for c in calls)


def test_no_handler_outlives_the_run(offline_run: Any) -> None:
    for event in (LLMCallStartedEvent, LLMCallCompletedEvent):
        owners = {type(getattr(h, "__self__", None))
                  for h in crewai_event_bus._sync_handlers.get(event, frozenset())}
        assert PhaseCallLog not in owners


# -- scoping -----------------------------------------------------------------------

def test_a_log_hears_only_its_own_models_and_stops_on_exit() -> None:
    mine, other = OfflineLLM(), OfflineLLM()
    with PhaseCallLog([mine], [OFFLINE_CHOICE], roles={id(mine): "Buyer"}) as log:
        _ask(mine)
        _ask(other)  # another crew's model, on the same process-wide bus
        _ask(mine, "a second question")
    assert not _ours(log)
    _ask(mine)  # after the phase: not this phase's call
    calls = log.calls()
    assert [c.status for c in calls] == ["completed", "completed"]
    assert {c.agent for c in calls} == {"Buyer"}
    assert sum(c.prompt_tokens for c in calls) == 2 + 3
    assert len({c.call_id for c in calls}) == 2


def test_concurrent_phases_in_threads_do_not_see_each_other() -> None:
    llms = [OfflineLLM() for _ in range(4)]
    logs: list[PhaseCallLog] = [PhaseCallLog([llm], [OFFLINE_CHOICE]) for llm in llms]
    barrier = threading.Barrier(len(llms))

    def phase(index: int) -> None:
        with logs[index]:
            barrier.wait(timeout=10)  # every log is registered before anyone calls
            for _ in range(index + 1):
                _ask(llms[index])
            barrier.wait(timeout=10)  # every call is made before anyone unregisters

    threads = [threading.Thread(target=phase, args=(i,)) for i in range(len(llms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert [len(log.calls()) for log in logs] == [1, 2, 3, 4]
    assert not any(_ours(log) for log in logs)


def test_handlers_are_removed_when_the_phase_fails() -> None:
    llm = OfflineLLM()
    log = PhaseCallLog([llm], [OFFLINE_CHOICE])

    def failing_phase() -> None:
        with log:
            _ask(llm)
            raise RuntimeError("crew blew up")

    with pytest.raises(RuntimeError, match="crew blew up"):
        failing_phase()
    assert not _ours(log)
    [call] = log.calls()
    assert call.status == "completed"


# -- failed calls, unreported usage, pricing --------------------------------------

class _Shape(BaseModel):
    x: int


def test_a_failed_call_is_an_entry_with_its_error() -> None:
    llm = OfflineLLM()
    with PhaseCallLog([llm], [OFFLINE_CHOICE]) as log, \
            pytest.raises(ValueError, match="structured output"):
        llm.call("give me JSON", response_model=_Shape)
    [call] = log.calls()
    assert call.status == "failed"
    assert "structured output for _Shape" in call.error
    assert (call.prompt_tokens, call.completion_tokens, call.cost_usd) == (0, 0, Decimal(0))


def test_usage_without_a_call_event_is_logged_as_unattributed(
        caplog: pytest.LogCaptureFixture) -> None:
    llm = OfflineLLM()
    with caplog.at_level(logging.WARNING, logger="ad_buyer.crew.call_log"), \
            PhaseCallLog([llm], [OFFLINE_CHOICE], roles={id(llm): "Buyer"}) as log:
        _ask(llm)
        # A code path that counts tokens but emits no event (CrewAI's native tool calls).
        llm._track_token_usage_internal({"prompt_tokens": 40, "completion_tokens": 4,
                                         "total_tokens": 44})
    completed, unattributed = log.calls()
    assert (unattributed.status, unattributed.agent) == ("unattributed", "Buyer")
    assert (unattributed.prompt_tokens, unattributed.completion_tokens) == (40, 4)
    totals = phase_totals([completed, unattributed])
    summary = llm.get_token_usage_summary()
    # The calls still add up to everything the model counted.
    assert (totals.prompt_tokens, totals.completion_tokens) == \
        (summary.prompt_tokens, summary.completion_tokens)
    assert "counted without a call event" in caplog.text


def test_real_model_calls_are_priced_one_by_one_by_litellm() -> None:
    import litellm

    choice = ModelChoice(ModelTier.SPECIALIST, "anthropic/claude-sonnet-4-5", False, "t")
    pricer = _Pricer()
    expected = sum(Decimal(str(part)) for part in litellm.cost_per_token(
        model=choice.model, prompt_tokens=1000, completion_tokens=100))
    assert pricer.cost(choice, 1000, 100) == expected > 0
    # Cached prompt tokens cost less than fresh ones, as the provider bills them.
    cached = pricer.cost(choice, 1000, 100, {"prompt_tokens": 1000, "completion_tokens": 100,
                                             "total_tokens": 1100,
                                             "prompt_tokens_details": {"cached_tokens": 800}})
    assert 0 < cached < expected
    assert pricer.cost(OFFLINE_CHOICE, 1000, 100) == 0


def test_an_unpriced_model_costs_zero_and_is_warned_about_once(
        caplog: pytest.LogCaptureFixture) -> None:
    choice = ModelChoice(ModelTier.MANAGER, "openai/no-such-model-anywhere", False, "t")
    pricer = _Pricer()
    with caplog.at_level(logging.WARNING, logger="ad_buyer.crew.call_log"):
        costs = [pricer.cost(choice, 10, 2) for _ in range(3)]
    assert costs == [Decimal(0)] * 3
    assert caplog.text.count("no price for openai/no-such-model-anywhere") == 1


# -- a phase that fails mid-way ----------------------------------------------------

def test_a_failed_phase_still_logs_the_calls_it_paid_for(brief: CampaignBrief,
                                                         rationale_log: RationaleLog) -> None:
    llm = OfflineLLM()

    def kickoff() -> None:
        _ask(llm, "first step")
        _ask(llm, "second step")
        raise RuntimeError("seller network down")

    crew: Any = SimpleNamespace(agents=[SimpleNamespace(llm=llm, role="CTV Specialist")],
                                manager_agent=None, kickoff=kickoff)
    run_id = rationale_log.start_run(name="failing phase")
    ctx = ToolContext(brief=brief, log=rationale_log, run_id=run_id)
    with pytest.raises(RuntimeError, match="seller network down"):
        _kickoff(crew, ctx, [OFFLINE_CHOICE], agent="Portfolio Manager",
                 summary="channels delegated and bought")
    record = rationale_log.get_run(run_id)
    phase, calls = _phase(record, "channels delegated and bought: failed")
    assert "seller network down" in phase.rationale
    assert [c.agent for c in calls] == ["CTV Specialist", "CTV Specialist"]
    assert phase.prompt_tokens == sum(c.prompt_tokens for c in calls) == 2 + 2
    assert phase.completion_tokens == sum(c.completion_tokens for c in calls) > 0
