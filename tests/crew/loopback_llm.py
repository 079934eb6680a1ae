"""A test-only OpenAI-compatible chat-completions server on 127.0.0.1.

It is not a language model and not a recording of one. It answers
``POST /v1/chat/completions`` with the project's offline model decisions, so
the real LLM path (litellm request shaping, CrewAI's ``LLM`` wrapper, our
usage ledger and rationale log) runs for real over HTTP without a provider:

- a request in JSON mode (``response_format`` ``json_object``) is brief
  intake: the offline intake rules (``extract_brief`` without a model) read
  the brief and the server returns the ``ModelBriefReading`` JSON a model
  would;
- a request that carries ``tools`` gets the offline policy's decision
  (:func:`ad_buyer.crew.policy.decide`) as native tool calls, or its final
  answer as text;
- any other request gets the same decision in CrewAI's text ReAct protocol
  (the tools named in the prompt's ``Tool Name:`` lines).

Responses name their model ``loopback-offline`` and carry token usage
counted with ``ad_buyer.llm.offline.count_tokens``. Every request body and
every reply is kept, so a test can check what litellm sent and what the
buyer recorded. ``queue_replies`` makes the next replies fixed text (e.g.
broken JSON) for error-path tests. While the server runs, any socket
connection to a non-loopback address is refused and listed in
``outbound_attempts``, so a test proves no provider was reached.
"""

from __future__ import annotations

import itertools
import json
import re
import socket
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import date
from typing import Any

import uvicorn
from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse

from ad_buyer.crew.policy import decide
from ad_buyer.crew.policy.decision import Decision, FinalAnswer, native_reply
from ad_buyer.intake.extract import ModelBriefReading, extract_brief
from ad_buyer.llm.offline import count_tokens
from ad_buyer.models.brief import BriefGap, CampaignBrief, GapKind
from ad_buyer.models.money import from_micros

LOOPBACK_MODEL_NAME = "loopback-offline"
# Registered with litellm as able to call functions (see ``register_native_model``).
LOOPBACK_NATIVE_MODEL = "loopback-native"
_TOOL_NAME = re.compile(r"^Tool Name:\s*(\S+)", re.M)
# The brief-intake prompt states the date that resolves quarters ("reference date 2026-05-10").
_REFERENCE_DATE = re.compile(r"reference date\s+(\d{4}-\d{2}-\d{2})")


_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
_active_servers: list[LoopbackLLMServer] = []


def _refuse_outbound(event: str, args: tuple[Any, ...]) -> None:
    if event != "socket.connect" or not _active_servers:
        return
    address = args[1]
    if isinstance(address, tuple) and address and address[0] not in _LOOPBACK_HOSTS:
        for server in _active_servers:
            server.outbound_attempts.append(str(address))
        raise ConnectionRefusedError(f"loopback LLM tests never leave 127.0.0.1: {address}")


# Audit hooks cannot be removed; this one does nothing unless a server is running.
sys.addaudithook(_refuse_outbound)


def register_loopback_models() -> str:
    """Tell litellm both loopback models' windows (200k tokens, as real models have);
    only the native one supports function calling. Returns the native model's route."""
    import litellm

    for name, native in ((LOOPBACK_NATIVE_MODEL, True), (LOOPBACK_MODEL_NAME, False)):
        litellm.register_model({f"openai/{name}": {
            "litellm_provider": "openai", "mode": "chat", "supports_function_calling": native,
            "max_tokens": 8192, "max_input_tokens": 200_000, "max_output_tokens": 8192}})
    return f"openai/{LOOPBACK_NATIVE_MODEL}"


@dataclass(frozen=True)
class Exchange:
    """One request the server received and the reply it sent."""

    request: dict[str, Any]
    content: str
    prompt_tokens: int
    completion_tokens: int
    tool_calls: tuple[dict[str, Any], ...] = ()

    @property
    def tool_names(self) -> list[str]:
        return [c["function"]["name"] for c in self.tool_calls]

    @property
    def json_mode(self) -> bool:
        fmt = self.request.get("response_format") or {}
        return isinstance(fmt, dict) and fmt.get("type") in {"json_object", "json_schema"}


def _text(message: dict[str, Any]) -> str:
    content = message.get("content") or ""
    if isinstance(content, list):
        return "\n".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return str(content)


def brief_reading_json(messages: list[dict[str, Any]]) -> str:
    """The intake JSON the offline rules produce for the brief in ``messages``."""
    system = "\n".join(_text(m) for m in messages if m.get("role") == "system")
    found = _REFERENCE_DATE.search(system)
    if found is None:
        raise HTTPException(400, "JSON-mode request without the brief-intake reference date")
    users = [_text(m) for m in messages if m.get("role") == "user"]
    if not users:
        raise HTTPException(400, "JSON-mode request without a user message (the brief)")
    result = extract_brief(users[-1], None, reference_date=date.fromisoformat(found.group(1)))
    if isinstance(result, BriefGap):
        reading = ModelBriefReading(
            missing=[i.field for i in result.issues if i.kind is GapKind.MISSING],
            contradictions=[f"{i.field}: {i.message}" for i in result.issues
                            if i.kind is not GapKind.MISSING],
            assumptions=result.assumptions)
    else:
        reading = _reading_of(result)
    return reading.model_dump_json(exclude_defaults=True)


def _reading_of(brief: CampaignBrief) -> ModelBriefReading:
    return ModelBriefReading(
        name=brief.name, budget=from_micros(brief.budget_micros), currency=brief.currency,
        flight_start=brief.flight_start, flight_end=brief.flight_end, channels=brief.channels,
        goal=brief.goal, kpis=brief.kpis, audience=brief.audience, countries=brief.countries,
        dmas=brief.dmas,
        max_cpm=from_micros(brief.max_cpm_micros) if brief.max_cpm_micros else None,
        deal_types=brief.deal_types, excluded_sellers=brief.excluded_sellers, notes=brief.notes,
        assumptions=brief.assumptions)


def _apply_stop(text: str, stop: Any) -> str:
    sequences = [stop] if isinstance(stop, str) else list(stop or [])
    cut = min((text.find(s) for s in sequences if s and s in text), default=-1)
    return text if cut < 0 else text[:cut]


class LoopbackLLMServer:
    """uvicorn on a free 127.0.0.1 port, in a background thread; use as a context manager."""

    def __init__(self) -> None:
        self.exchanges: list[Exchange] = []
        self.outbound_attempts: list[str] = []
        self._queued: deque[str] = deque()
        self.failure: tuple[int, dict[str, Any]] | None = None
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.app = self._build_app()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def fail_with(self, status: int, message: str, code: str) -> None:
        """Answer every request with an OpenAI-style error (a bad key, an unknown model)."""
        self.failure = (status, {"error": {"message": message, "type": "invalid_request_error",
                                           "code": code}})

    def queue_replies(self, *contents: str) -> None:
        """Answer the next requests with these exact texts, in order."""
        with self._lock:
            self._queued.extend(contents)

    def _next_reply(self, body: dict[str, Any]) -> str | list[dict[str, Any]]:
        with self._lock:
            if self._queued:
                return self._queued.popleft()
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            raise HTTPException(400, "messages must be a non-empty list")
        fmt = body.get("response_format") or {}
        if isinstance(fmt, dict) and fmt.get("type") in {"json_object", "json_schema"}:
            return brief_reading_json(messages)
        tools = body.get("tools")
        if tools:
            names = [t["function"]["name"] for t in tools if isinstance(t, dict)]
            return native_reply(decide(messages, names), salt=str(len(messages)))
        prompt = "\n".join(_text(m) for m in messages if isinstance(m, dict))
        decision = decide(messages, list(dict.fromkeys(_TOOL_NAME.findall(prompt))))
        return _apply_stop(text_reply(decision), body.get("stop"))

    def _build_app(self) -> FastAPI:
        app = FastAPI(title="loopback offline LLM (test only)")

        @app.post("/v1/chat/completions", response_model=None)
        def chat_completions(body: dict[str, Any]) -> dict[str, Any] | JSONResponse:
            if self.failure is not None:
                return JSONResponse(self.failure[1], status_code=self.failure[0])
            if body.get("stream"):
                raise HTTPException(400, "the loopback server does not stream")
            reply = self._next_reply(body)
            messages = body.get("messages") or []
            prompt_tokens = sum(count_tokens(_text(m)) for m in messages if isinstance(m, dict))
            calls = tuple(reply) if isinstance(reply, list) else ()
            content = "" if calls else str(reply)
            completion_tokens = count_tokens(content or json.dumps(list(calls)))
            with self._lock:
                self.exchanges.append(Exchange(body, content, prompt_tokens, completion_tokens,
                                               calls))
                number = next(self._ids)
            message: dict[str, Any] = {"role": "assistant", "content": content or None}
            if calls:
                message["tool_calls"] = list(calls)
            return {
                "id": f"chatcmpl-loopback-{number}", "object": "chat.completion",
                "created": int(time.time()), "model": str(body.get("model")),
                "choices": [{"index": 0, "finish_reason": "tool_calls" if calls else "stop",
                             "message": message}],
                "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                          "total_tokens": prompt_tokens + completion_tokens},
            }

        return app

    def __enter__(self) -> LoopbackLLMServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name="loopback-llm", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("loopback LLM server did not start")
            time.sleep(0.01)
        _active_servers.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        if self in _active_servers:
            _active_servers.remove(self)
        assert self._server is not None
        assert self._thread is not None
        self._server.should_exit = True
        self._thread.join(timeout=10)


def text_reply(decision: Decision) -> str:
    """A ReAct reply for agents that call tools through text."""
    thought = decision.thought or "offline policy"
    if isinstance(decision, FinalAnswer):
        return f"Thought: {thought}\nFinal Answer: {decision.text}"
    return f"Thought: {thought}\nAction: {decision.tool}\nAction Input: {decision.arguments_json}"
