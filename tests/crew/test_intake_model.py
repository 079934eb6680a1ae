"""The real-model path of brief intake: JSON validated by pydantic, never guessed."""

from __future__ import annotations

import json
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ad_buyer.intake.extract import BriefExtractionError, extract_brief
from ad_buyer.llm.gateway import ChatReply, LiteLLMChat, LLMCall, ModelChoice, ModelTier
from ad_buyer.models.brief import BriefGap, CampaignBrief, Channel

from .conftest import GOOD_BRIEF, REFERENCE

CASSETTES = Path(__file__).resolve().parents[1] / "cassettes" / "crew"


class ScriptedModel:
    """Stands in for a real model: returns one fixed reply and keeps the prompt."""

    def __init__(self, reply: str) -> None:
        self.choice = ModelChoice(ModelTier.SPECIALIST, "scripted/test", False, "test")
        self.reply = reply
        self.messages: list[dict[str, str]] = []

    @property
    def is_offline(self) -> bool:
        return False

    def complete(self, messages: list[dict[str, str]], *, json_output: bool = False,
                 purpose: str = "") -> ChatReply:
        assert json_output
        self.messages = messages
        return ChatReply(text=self.reply, call=LLMCall(
            model="scripted/test", tier=ModelTier.SPECIALIST, offline=False, prompt_tokens=1,
            completion_tokens=1, cost_usd=Decimal(0), duration_ms=0))


GOOD_JSON = {
    "name": "Summer Sips", "budget": "250000", "currency": "USD",
    "flight_start": "2026-07-01", "flight_end": "2026-09-30", "channels": ["ctv", "audio"],
    "goal": "awareness", "max_cpm": "35", "deal_types": ["PG"],
    "assumptions": ["'$' read as USD"],
}


def test_valid_model_json_becomes_a_brief() -> None:
    model = ScriptedModel(json.dumps(GOOD_JSON))
    brief = extract_brief(GOOD_BRIEF, model, reference_date=REFERENCE)
    assert isinstance(brief, CampaignBrief)
    assert brief.budget_micros == 250_000_000_000
    assert brief.max_cpm_micros == 35_000_000
    assert brief.channels == [Channel.CTV, Channel.AUDIO]
    assert brief.flight_end == date(2026, 9, 30)
    system = model.messages[0]["content"]
    assert "2026-05-10" in system
    assert '"flight_start"' in system


@pytest.mark.parametrize(("reply", "needle"), [
    ("Sure! The budget is $250k.", "does not validate"),
    (json.dumps({**GOOD_JSON, "channels": ["tiktok"]}), "channels.0"),
    (json.dumps({**GOOD_JSON, "budget": "a lot"}), "budget"),
    (json.dumps({**GOOD_JSON, "surprise": True}), "Extra inputs are not permitted"),
])
def test_invalid_model_output_is_rejected_with_a_clear_error(reply: str, needle: str) -> None:
    with pytest.raises(BriefExtractionError) as info:
        extract_brief(GOOD_BRIEF, ScriptedModel(reply), reference_date=REFERENCE)
    assert needle in str(info.value)
    assert "scripted/test" in str(info.value)


def test_model_reported_gaps_and_unstated_facts_stop_the_run() -> None:
    reply = {**GOOD_JSON, "budget": None, "contradictions": ["two flights: Q3 and August"]}
    result = extract_brief(GOOD_BRIEF, ScriptedModel(json.dumps(reply)), reference_date=REFERENCE)
    assert isinstance(result, BriefGap)
    assert "budget" in result.fields
    assert "brief" in result.fields


def test_model_values_still_pass_brief_validation() -> None:
    reply = {**GOOD_JSON, "flight_end": "2026-06-01"}
    result = extract_brief(GOOD_BRIEF, ScriptedModel(json.dumps(reply)), reference_date=REFERENCE)
    assert isinstance(result, BriefGap)
    assert "is not after its start" in result.describe()


def test_brief_intake_through_litellm_replays_a_cassette(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replays tests/cassettes/crew/brief_intake_litellm.yaml (record_mode none).

    Record it once with a key:
      AD_BUYER_RECORD=1 ANTHROPIC_API_KEY=... pytest tests/crew/test_intake_model.py -k cassette
    """
    import vcr

    cassette = CASSETTES / "brief_intake_litellm.yaml"
    recording = os.environ.get("AD_BUYER_RECORD") == "1"
    if not cassette.exists() and not recording:
        pytest.skip(f"no cassette at {cassette}: record it with AD_BUYER_RECORD=1 and "
                    "ANTHROPIC_API_KEY set (see this test's docstring)")
    if not recording:
        monkeypatch.setenv("ANTHROPIC_API_KEY", "replay-only")
    recorder = vcr.VCR(record_mode="once" if recording else "none",
                       filter_headers=["x-api-key", "authorization"],
                       match_on=["method", "scheme", "host", "path"])
    choice = ModelChoice(ModelTier.SPECIALIST, "anthropic/claude-sonnet-4-5", False, "cassette")
    with recorder.use_cassette(str(cassette)):
        result = extract_brief(GOOD_BRIEF, LiteLLMChat(choice, temperature=0),
                               reference_date=REFERENCE)
    assert isinstance(result, CampaignBrief)
    assert result.budget_micros == 250_000_000_000
    assert result.flight_start == date(2026, 7, 1)
