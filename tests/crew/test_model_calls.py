"""The run's model-call meter: limits from config, one record per call, in order."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.llm.gateway import ModelChoice, ModelTier
from ad_buyer.llm.metering import (
    CallMeter,
    ModelCall,
    ModelLimitReached,
    RunLimits,
    describe_reply,
)

CHOICE = ModelChoice(ModelTier.MANAGER, "offline", True, "test")


def call(tokens: int) -> ModelCall:
    return ModelCall(agent="Portfolio Manager", choice=CHOICE, prompt_tokens=tokens,
                     completion_tokens=0, cost_usd=Decimal(0), duration_ms=1, decision="x")


def test_limits_come_from_config_and_are_checked() -> None:
    assert RunLimits.from_env({}) == RunLimits()
    limits = RunLimits.from_env({"AD_BUYER_MAX_MODEL_REQUESTS": "2",
                                 "AD_BUYER_MAX_MODEL_TOKENS": "1_000"})
    assert limits == RunLimits(max_requests=2, max_tokens=1000)
    for bad, message in (("two", "is not a whole number"), ("0", "must be at least 1")):
        with pytest.raises(ValueError, match=message):
            RunLimits.from_env({"AD_BUYER_MAX_MODEL_REQUESTS": bad})


def test_the_meter_stops_at_either_limit_and_hears_every_call() -> None:
    heard: list[ModelCall] = []
    meter = CallMeter(RunLimits(max_requests=3, max_tokens=100), listener=heard.append)
    meter.check()
    meter.record(call(60))
    meter.check()
    meter.record(call(50))
    with pytest.raises(ModelLimitReached, match="limit of 100 model tokens"):
        meter.check()
    assert [c.prompt_tokens for c in heard] == [60, 50]
    requests = CallMeter(RunLimits(max_requests=1))
    requests.record(call(1))
    with pytest.raises(ModelLimitReached, match="limit of 1 model requests"):
        requests.check()


def test_a_failing_listener_never_breaks_the_run() -> None:
    def broken(_call: ModelCall) -> None:
        raise RuntimeError("database is locked")

    meter = CallMeter(listener=broken)
    meter.record(call(5))
    assert meter.requests == 1


def test_replies_are_described_in_words() -> None:
    text, calls = describe_reply([{"id": "c1", "type": "function", "function": {
        "name": "request_quotes",
        "arguments": '{"channel": "ctv", "package_refs": ["ctv-P1", "ctv-P2"]}'}}])
    assert text == "calls request_quotes(channel=ctv; package_refs=ctv-P1, ctv-P2)"
    assert calls == ({"tool": "request_quotes",
                      "arguments": '{"channel": "ctv", "package_refs": ["ctv-P1", "ctv-P2"]}'},)
    assert describe_reply("All   done.\nBooked.") == ("All done. Booked.", ())
