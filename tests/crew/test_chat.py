"""``ad-buyer chat``: gaps asked by name, revisions through the guards, booking gated."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ad_buyer.cli import run as crew_cli
from ad_buyer.events.log import RationaleLog
from ad_buyer.guards.allocation import propose_allocation
from ad_buyer.models.brief import CampaignBrief, Channel
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.storage.db import Database

from .e2e import sandbox_deals

runner = CliRunner()
BRIEF = """Campaign: Chat Test 2026
Budget $100k, flight July 1 - Sept 30 2026. CTV, mobile app and audio, adults 25-54 in the US.
Goal: consideration. Max $45 CPM. PG only.
"""


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AD_BUYER_LLM", "offline")
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def network(cli_sandbox: SandboxNetwork) -> SandboxNetwork:
    return cli_sandbox


def chat(tmp_path: Path, script: str, *options: str) -> tuple[Any, str]:
    db = f"sqlite:///{tmp_path / 'chat.db'}"
    result = runner.invoke(crew_cli.app, ["chat", "--db", db, "--reference-date", "2026-05-10",
                                          *options], input=script)
    return result, db


def _plan_rows(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("│ ")]


def test_each_revision_is_applied_through_the_guards_and_logged(
        tmp_path: Path, network: SandboxNetwork) -> None:
    script = (BRIEF + "\n"
              "move 20% from mobile to CTV\n"
              "move $5k from audio to ctv\n"
              "move 5% of the budget from ctv to audio\n"
              "drop seller Bargain Banners\n"
              "cap CPM at $30\n"
              "undo\n"
              "show plan\n"
              "help\n"
              "quit\n")
    result, db = chat(tmp_path, script)
    assert result.exit_code == 0, result.output
    out = result.output
    # consideration weights ctv 3, mobile 3, audio 2 over $100k
    assert "37,500.00" in out
    # The conversation is in a planner's words: no allocator, no channel ids.
    assert "Plan: split by the goal's weights" in out
    assert "Plan: as revised" in out
    assert re.search(r"│ mobile app +│ +30,000\.00 │ +30\.00% │", out), out
    conversation = out[out.index("Plan: split by"):]
    for internal in ("allocator", "mobile_app", "ctv", "adjusted"):
        assert internal not in conversation, internal
    assert conversation.count("I understand:") == 1  # 'help' answers once, not twice
    assert "Moved 7,500.00 USD (20% of mobile app's 37,500.00) from mobile app to CTV." in out
    assert "Moved 5,000.00 USD from audio to CTV." in out
    assert "Moved 5,000.00 USD (5% of the budget) from CTV to audio." in out
    assert "Seller Bargain Banners excluded: it will get no deal." in out
    assert "CPM capped at 30.00 USD." in out
    assert "Undone." in out
    # After undo the cap is the brief's again and the seller stays excluded.
    assert out.rstrip().splitlines()[-1] == "Nothing was booked."
    assert "CPM cap: 45.00; excluded sellers: Bargain Banners" in out
    assert sandbox_deals(network) == []
    runs = RationaleLog(Database(db)).list_runs()
    assert len(runs) == 1
    run = RationaleLog(Database(db)).get_run(runs[0].id)
    summaries = [e.summary for e in run.entries]
    assert summaries[:2] == ["allocator proposal", "revision: move 20% from mobile to CTV"]
    assert "revision: cap CPM at $30" in summaries
    assert "revision undone" in summaries
    assert run.outcome == "ended without booking"


def test_guard_refuses_a_revision_too_large_and_unknown_input_gets_help(
        tmp_path: Path, network: SandboxNetwork) -> None:
    script = (BRIEF + "\n"
              "move 90% from ctv to audio\n"
              "move 10% from ctv to dooh\n"
              "please make it better\n"
              "quit\n")
    result, db = chat(tmp_path, script)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Not applied: allocation adjustment rejected" in out
    assert "more than 25% of the budget" in out
    assert "DOOH is not in this plan" in out
    assert "I did not understand 'please make it better'." in out
    assert "move $10k from audio to CTV" in out  # the help lists what is understood
    run = RationaleLog(Database(db)).get_run(RationaleLog(Database(db)).list_runs()[0].id)
    refusals = [e for e in run.entries if e.kind == "guard"]
    assert len(refusals) == 2
    assert sandbox_deals(network) == []


@pytest.mark.parametrize("answer", ["no", "sure", "yes please", "book"])
def test_nothing_is_booked_without_an_explicit_confirmation(
        tmp_path: Path, network: SandboxNetwork, answer: str) -> None:
    result, _ = chat(tmp_path, BRIEF + "\nbook\n" + answer + "\nquit\n")
    assert result.exit_code == 0, result.output
    assert "Type 'yes' or 'confirm' to book; anything else cancels." in result.output
    assert "Cancelled: nothing was booked." in result.output
    assert sandbox_deals(network) == []


def test_confirmed_plan_is_bought_as_revised(tmp_path: Path, network: SandboxNetwork) -> None:
    script = (BRIEF + "\n"
              "move 20% from mobile to ctv\n"
              "exclude omnicast\n"
              "cap CPM at $40\n"
              "book\nconfirm\n")
    result, db = chat(tmp_path, script)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Booked portfolio" in out
    assert "run id:" in out
    deals = sandbox_deals(network)
    assert deals
    assert network.booked_deals("omnicast") == []
    logs = RationaleLog(Database(db))
    booking_run = next(r for r in logs.list_runs() if not r.name.startswith("chat:"))
    run = logs.get_run(booking_run.id)
    assert run.status == "completed"
    confirmed = next(e for e in run.entries if e.summary == "allocation confirmed in chat")
    amounts = {a["channel"]: a["amount_micros"] for a in confirmed.data["allocations"]}
    allocator = {a.channel.value: a.amount_micros for a in propose_allocation(
        CampaignBrief.model_validate(run.brief)).allocations}
    moved = allocator["mobile_app"] * 20 // 100
    assert amounts == {**allocator, "ctv": allocator["ctv"] + moved,
                       "mobile_app": allocator["mobile_app"] - moved}
    assert run.brief["max_cpm_micros"] == 40_000_000
    booked = [e for e in run.entries if e.kind == "booking" and "booked" in e.data]
    for entry in booked:
        approved = amounts[entry.data["channel"]]
        assert entry.data["committed_micros"] <= approved
        assert all(line["cpm_micros"] <= 40_000_000 for line in entry.data["booked"])
    chat_run = next(r for r in logs.list_runs() if r.name.startswith("chat:"))
    assert logs.get_run(chat_run.id).outcome == f"confirmed and bought as run {booking_run.id}"
    # The bought plan is a durable run: its id comes before anything else of it.
    assert (f"run {booking_run.id}: started; if it stops, continue it with: "
            f"ad-buyer resume {booking_run.id}") in out
    assert out.index(f"run {booking_run.id}: started") < out.index("Booked portfolio")
    # Its progress is in a planner's words; the agents and tools are for --verbose.
    progress = out[out.index(f"run {booking_run.id}: started"):out.index("Booked portfolio")]
    assert re.search(r"\nBooked \d+ CTV deals, USD [\d,]+\.\d\d\n", progress), progress
    assert "Negotiated with " in progress
    for name in ("Specialist", "Portfolio Manager", "book_portfolio", "negotiate_quote"):
        assert name not in progress, name
    assert "negotiation saved USD " in out


def test_chat_verbose_names_the_agents_and_tools(tmp_path: Path,
                                                 network: SandboxNetwork) -> None:
    result, _ = chat(tmp_path, BRIEF + "\nbook\nconfirm\n", "--verbose")
    assert result.exit_code == 0, result.output
    for shown in ("(CTV Specialist → book_portfolio)", "(Portfolio Manager → delegate_channel)"):
        assert shown in result.output, shown


def test_missing_facts_are_asked_by_name_and_merged(tmp_path: Path,
                                                    network: SandboxNetwork) -> None:
    script = ("Campaign: Gaps\nCTV and audio for adults 25-54, awareness.\n\n"
              "$80k\n"
              "July 1 - Aug 31 2026\n"
              "show\nquit\n")
    result, _ = chat(tmp_path, script)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "I will not guess them" in out
    assert "budget is missing. What is the total budget?" in out
    assert "flight_dates is missing. What are the flight dates?" in out
    assert "Read as:" in out
    assert "budget            USD 80,000.00" in out
    assert "flight            2026-07-01 to 2026-08-31 (62 days)" in out
    assert "channels          ctv, audio" in out
    assert "budget as the planner answered: $80k" in out
    assert sandbox_deals(network) == []


def test_contradiction_is_asked_not_guessed(tmp_path: Path, network: SandboxNetwork) -> None:
    script = ("Campaign: Twice\nBudget $100k or $200k, CTV, July 1 - Sept 30 2026.\n\n"
              "$150k\nquit\n")
    result, _ = chat(tmp_path, script)
    assert result.exit_code == 0, result.output
    assert "budget: the brief contradicts itself (several budgets stated: $100k; $200k)" \
        in result.output
    assert "USD 150,000.00" in result.output


def test_unanswered_gap_stops_with_exit_2_and_books_nothing(
        tmp_path: Path, network: SandboxNetwork) -> None:
    result, _ = chat(tmp_path, "CTV for adults 25-54\n\n")
    assert result.exit_code == 2
    assert "Stopped: the brief still lacks budget, flight_dates. Nothing was booked." \
        in result.output
    assert sandbox_deals(network) == []


class ScriptedModel:
    """A stand-in for a configured model: returns queued replies (no network)."""

    def __init__(self, replies: list[str]) -> None:
        from ad_buyer.llm.gateway import ModelChoice, ModelTier

        self.choice = ModelChoice(ModelTier.SPECIALIST, "scripted/test", False, "test")
        self.replies = replies
        self.seen: list[list[dict[str, str]]] = []

    @property
    def is_offline(self) -> bool:
        return False

    def complete(self, messages: list[dict[str, str]], *, json_output: bool = False,
                 purpose: str = "") -> Any:
        from decimal import Decimal

        from ad_buyer.llm.gateway import ChatReply, LLMCall, ModelTier

        self.seen.append(messages)
        return ChatReply(text=self.replies.pop(0), call=LLMCall(
            model="scripted/test", tier=ModelTier.SPECIALIST, offline=False, prompt_tokens=1,
            completion_tokens=1, cost_usd=Decimal(0), duration_ms=0, purpose=purpose))


def test_a_configured_model_reads_free_text_but_is_validated_and_cannot_book(
        tmp_path: Path, brief: CampaignBrief) -> None:
    from rich.console import Console

    from ad_buyer.cli.chat import ChatSession

    model = ScriptedModel([
        '{"kind": "move", "from_channel": "display", "to_channel": "ctv", '
        '"percent_of_channel": 50}',
        '{"kind": "book"}',
        "not json at all",
    ])
    booked: list[Any] = []
    console = Console(record=True, width=200)
    session = ChatSession(console=console, lines=iter([]), model=model,  # type: ignore[arg-type]
                          log=RationaleLog(Database(f"sqlite:///{tmp_path / 'm.db'}")),
                          book=lambda *a: booked.append(a))
    assert session.start_plan(brief)
    before = session.state.allocation.amount_for(Channel.DISPLAY)
    revision = session._understand("put half of display into the streaming tv bucket")
    assert revision is not None
    session.revise(revision)
    assert session.state.allocation.amount_for(Channel.DISPLAY) == before - before // 2
    assert session._understand("go ahead and buy everything") is None  # no "book" for models
    assert session._understand("something odd") is None
    text = console.export_text()
    assert "did not validate, so nothing was applied" in text
    assert booked == []
    assert "never invent a number" in model.seen[0][0]["content"]
