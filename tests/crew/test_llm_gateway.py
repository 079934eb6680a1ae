from __future__ import annotations

import json

import pytest
from crewai.llms.base_llm import BaseLLM

from ad_buyer.crew.agent_llms import MeteredLLM, OfflineLLM, crewai_llm
from ad_buyer.llm.gateway import (
    DEFAULT_MANAGER_MODEL,
    DEFAULT_SPECIALIST_MODEL,
    LiteLLMChat,
    LLMConfigError,
    ModelChoice,
    ModelTier,
    OfflineChat,
    UsageLedger,
    chat_model,
    resolve_model,
)
from ad_buyer.llm.metering import CallMeter
from ad_buyer.llm.offline import OFFLINE_MODEL_NAME, count_tokens

SPECIALIST_TOOLS = [{"type": "function", "function": {"name": name, "parameters": {}}}
                    for name in ("discover_sellers", "read_media_kits", "request_quotes")]
TASK = ("# Channel buy: ctv\n\n```json\n"
        + json.dumps({"channel": "ctv", "desk": {"proposals": []}}) + "\n```\n")


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
    llm = crewai_llm(ModelTier.SPECIALIST, CallMeter(), env={"AD_BUYER_LLM": "offline"})
    assert isinstance(llm, OfflineLLM)
    assert isinstance(llm, BaseLLM)
    assert (llm.model, llm.provider, llm.llm_type) == ("offline", "offline", "offline")
    assert llm.supports_function_calling()  # the policy answers with native tool calls


def test_real_models_reach_crewai_through_litellm() -> None:
    llm = crewai_llm(ModelTier.MANAGER, CallMeter(), env={"AD_BUYER_LLM": "litellm"})
    assert isinstance(llm, MeteredLLM)
    assert llm.model == DEFAULT_MANAGER_MODEL
    assert llm.is_litellm
    # Anthropic and OpenAI defaults get native tool calls; CrewAI falls back to text
    # (ReAct) tool calling only for a model litellm says cannot call functions.
    assert llm.supports_function_calling()
    text_only = crewai_llm(ModelTier.SPECIALIST, CallMeter(), env={
        "AD_BUYER_LLM": "litellm", "AD_BUYER_SPECIALIST_MODEL": "ollama/some-local-model"})
    assert not text_only.supports_function_calling()


def test_offline_policy_answers_with_one_native_tool_call_and_is_metered() -> None:
    meter = CallMeter()
    llm = OfflineLLM(meter)
    messages = [{"role": "system", "content": "You are the CTV Specialist."},
                {"role": "user", "content": TASK}]
    reply = llm.call(messages, tools=SPECIALIST_TOOLS)
    assert isinstance(reply, list)
    [call] = reply
    assert call["function"]["name"] == "discover_sellers"
    assert json.loads(call["function"]["arguments"]) == {"channel": "ctv"}
    assert OfflineLLM(CallMeter()).call(messages, tools=SPECIALIST_TOOLS) == reply  # deterministic
    [logged] = meter.calls
    assert logged.choice.offline
    assert logged.prompt_tokens == count_tokens(json.dumps(messages))
    assert logged.completion_tokens == count_tokens(json.dumps(reply))
    assert logged.decision == "calls discover_sellers(channel=ctv)"
    assert logged.cost_usd == 0


def test_offline_model_refuses_structured_output_instead_of_guessing() -> None:
    from ad_buyer.models.brief import CampaignBrief

    with pytest.raises(ValueError, match="does not produce structured output"):
        OfflineLLM().call("read this brief", response_model=CampaignBrief)


def test_offline_chat_reads_no_free_text() -> None:
    ledger = UsageLedger()
    chat = OfflineChat(ModelTier.MANAGER, ledger)
    assert chat.is_offline
    assert chat.choice.model == OFFLINE_MODEL_NAME
    with pytest.raises(LLMConfigError, match="cannot read free text"):
        chat.complete([{"role": "user", "content": "hello there"}], purpose="chat")
    assert ledger.calls == []


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
