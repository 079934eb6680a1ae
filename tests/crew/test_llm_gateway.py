from __future__ import annotations

from decimal import Decimal

import pytest
from crewai.agents.parser import AgentAction, AgentFinish, parse
from crewai.llms.base_llm import BaseLLM

from ad_buyer.crew.llm import (
    DEFAULT_MANAGER_MODEL,
    DEFAULT_SPECIALIST_MODEL,
    LiteLLMChat,
    LLMConfigError,
    ModelChoice,
    ModelTier,
    OfflineChat,
    UsageLedger,
    chat_model,
    crewai_llm,
    resolve_model,
)
from ad_buyer.crew.offline import OFFLINE_MODEL_NAME, OfflineLLM, count_tokens, decide

TOOLS_PROMPT = (
    "Tool Name: survey_channel\nTool Arguments: {}\nTool Description: survey\n"
    "Tool Name: buy_channel\nTool Arguments: {}\nTool Description: buy\n"
    "Action: the action to take, only one name of [survey_channel, buy_channel]\n"
)
TASK = (
    "Current Task: buy ctv\n"
    '1. Call `survey_channel` with {"channel": "ctv"}\n'
    '2. Call `buy_channel` with {"channel": "ctv", "rationale": "approved budget"}\n'
    "3. Call `not_my_tool`\n"
)


def test_defaults_are_opus_and_sonnet_class_and_offline_without_keys() -> None:
    manager = resolve_model(ModelTier.MANAGER, env={})
    specialist = resolve_model(ModelTier.SPECIALIST, env={})
    assert manager.offline
    assert specialist.offline
    assert manager.model == OFFLINE_MODEL_NAME
    assert DEFAULT_MANAGER_MODEL in manager.reason
    assert "ANTHROPIC_API_KEY" in manager.reason
    assert DEFAULT_SPECIALIST_MODEL in specialist.reason
    assert "offline" in manager.label
    assert "not an LLM" in manager.label


def test_real_model_is_used_once_its_key_is_configured() -> None:
    env = {"ANTHROPIC_API_KEY": "sk-test"}
    # litellm reads the process environment, so set it there for this check.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANTHROPIC_API_KEY", "sk-test")
        mp.delenv("AD_BUYER_LLM", raising=False)
        choice = resolve_model(ModelTier.MANAGER, env=env)
    assert choice is not None
    assert not choice.offline
    assert choice.model == DEFAULT_MANAGER_MODEL


def test_env_chooses_models_and_mode_can_be_forced() -> None:
    env = {"AD_BUYER_SPECIALIST_MODEL": "openai/gpt-4o-mini", "AD_BUYER_LLM": "litellm"}
    forced = resolve_model(ModelTier.SPECIALIST, env=env)
    assert (forced.model, forced.offline) == ("openai/gpt-4o-mini", False)
    offline = resolve_model(ModelTier.SPECIALIST, env={"AD_BUYER_LLM": "offline",
                                                       "OPENAI_API_KEY": "x"})
    assert offline.offline
    with pytest.raises(LLMConfigError, match="expected offline, litellm or auto"):
        resolve_model(ModelTier.MANAGER, env={"AD_BUYER_LLM": "sometimes"})


def test_chat_model_and_crewai_llm_default_to_offline() -> None:
    ledger = UsageLedger()
    model = chat_model(ModelTier.MANAGER, ledger, env={"AD_BUYER_LLM": "offline"})
    assert model.is_offline
    llm = crewai_llm(ModelTier.SPECIALIST, env={"AD_BUYER_LLM": "offline"})
    assert isinstance(llm, OfflineLLM)
    assert isinstance(llm, BaseLLM)
    assert (llm.model, llm.provider, llm.llm_type) == ("offline", "offline", "offline")


def test_real_models_reach_crewai_through_litellm() -> None:
    llm = crewai_llm(ModelTier.MANAGER, env={"AD_BUYER_LLM": "litellm"})
    assert llm.model == DEFAULT_MANAGER_MODEL
    assert llm.is_litellm
    assert not isinstance(llm, OfflineLLM)


def test_offline_model_follows_steps_in_crewai_protocol() -> None:
    llm = OfflineLLM()
    messages = [{"role": "system", "content": TOOLS_PROMPT}, {"role": "user", "content": TASK}]
    first = llm.call(messages)
    action = parse(first)
    assert isinstance(action, AgentAction)
    assert action.tool == "survey_channel"
    assert '"channel": "ctv"' in action.tool_input
    messages.append({"role": "assistant", "content": first + "\nObservation: 3 sellers"})
    second = parse(llm.call(messages))
    assert isinstance(second, AgentAction)
    assert second.tool == "buy_channel"
    messages.append({"role": "assistant",
                     "content": "Action: buy_channel\nObservation: booked 2 deals"})
    final = parse(llm.call(messages))
    assert isinstance(final, AgentFinish)
    assert final.output == "booked 2 deals"


def test_offline_model_is_deterministic_and_counts_tokens() -> None:
    messages = [{"role": "system", "content": TOOLS_PROMPT}, {"role": "user", "content": TASK}]
    a, b = OfflineLLM(), OfflineLLM()
    assert a.call(messages) == b.call(messages) == decide(messages)
    usage = a.get_token_usage_summary()
    assert usage.prompt_tokens == count_tokens(TOOLS_PROMPT) + count_tokens(TASK)
    assert usage.completion_tokens == count_tokens(decide(messages))
    assert usage.successful_requests == 1


def test_offline_model_refuses_structured_output_instead_of_guessing() -> None:
    from ad_buyer.models.brief import CampaignBrief

    with pytest.raises(ValueError, match="does not produce structured output"):
        OfflineLLM().call("read this brief", response_model=CampaignBrief)


def test_offline_chat_records_zero_cost() -> None:
    ledger = UsageLedger()
    reply = OfflineChat(ModelTier.MANAGER, ledger).complete(
        [{"role": "user", "content": "hello there"}], purpose="chat")
    assert reply.call.offline
    assert reply.call.model == "offline"
    assert reply.call.cost_usd == Decimal(0)
    assert reply.call.prompt_tokens == 2
    assert ledger.calls == [reply.call]


def test_litellm_chat_records_usage_and_cost_without_network() -> None:
    # litellm's mock_response builds a response locally: no provider is called.
    ledger = UsageLedger()
    choice = ModelChoice(ModelTier.SPECIALIST, "anthropic/claude-sonnet-4-5", False, "test")
    chat = LiteLLMChat(choice, ledger, mock_response='{"ok": true}')
    reply = chat.complete([{"role": "user", "content": "hi"}], json_output=True, purpose="t")
    assert reply.text == '{"ok": true}'
    assert reply.call.model == "anthropic/claude-sonnet-4-5"
    assert not reply.call.offline
    assert reply.call.prompt_tokens > 0
    assert reply.call.completion_tokens > 0
    assert reply.call.cost_usd >= 0
    assert ledger.total_tokens == reply.call.total_tokens


def test_litellm_chat_refuses_an_offline_choice() -> None:
    with pytest.raises(LLMConfigError):
        LiteLLMChat(ModelChoice(ModelTier.MANAGER, "offline", True, "x"))
