"""The offline policy decides from tool results, as a model reads them.

Conversations are built the way CrewAI hands them to a model: the task (with its
assignment JSON) as the user message, then the model's tool calls and the tool
results, natively or as ReAct text.
"""

from __future__ import annotations

import json
from typing import Any

from ad_buyer.crew.policy import decide
from ad_buyer.crew.policy.decision import FinalAnswer, ToolCall

from .loopback_llm import text_reply

SPECIALIST = ["discover_sellers", "review_desk", "read_media_kits", "request_quotes",
              "negotiate_quote", "propose_portfolio", "book_portfolio"]
MANAGER = ["review_brief", "propose_allocation", "adjust_allocation", "delegate_channel",
           "review_proposal"]


def task(assignment: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"role": "system", "content": "You are an agent."},
            {"role": "user", "content": "Buy it.\n```json\n" + json.dumps(assignment)
             + "\n```\nPlease do your best."}]


def step(messages: list[dict[str, Any]], tool: str, arguments: dict[str, Any],
         result: Any) -> None:
    call_id = f"call_{len(messages)}"
    messages.append({"role": "assistant", "content": None, "tool_calls": [
        {"id": call_id, "type": "function",
         "function": {"name": tool, "arguments": json.dumps(arguments)}}]})
    messages.append({"role": "tool", "tool_call_id": call_id, "name": tool,
                     "content": result if isinstance(result, str) else json.dumps(result)})


def spec_assignment(**desk: Any) -> dict[str, Any]:
    return {"channel": "ctv", "desk": {"proposals": [], **desk}}


SELLERS = {"sellers": [{"seller_id": "good", "trust_level": "verified"},
                       {"seller_id": "known", "trust_level": "preferred"},
                       {"seller_id": "stranger", "trust_level": "unknown"}]}


def package(ref: str, seller: str, cpm: str, fits: bool = True) -> dict[str, Any]:
    return {"ref": ref, "seller_id": seller, "expected_cpm": cpm, "fits": fits}


def test_specialist_discovers_then_reads_the_trusted_sellers_kits() -> None:
    messages = task(spec_assignment())
    first = decide(messages, SPECIALIST)
    assert first == ToolCall("discover_sellers", {"channel": "ctv"}, first.thought)
    step(messages, "discover_sellers", {"channel": "ctv"}, SELLERS)
    second = decide(messages, SPECIALIST)
    assert isinstance(second, ToolCall)
    assert second.tool == "read_media_kits"
    assert second.arguments["seller_ids"] == ["good", "known"]  # not the unknown seller


def test_specialist_quotes_only_fitting_packages_cheapest_first_two_per_seller() -> None:
    messages = task(spec_assignment())
    step(messages, "discover_sellers", {"channel": "ctv"}, SELLERS)
    step(messages, "read_media_kits", {"channel": "ctv", "seller_ids": ["good"]},
         {"packages": [package("ctv-P1", "good", "20.00"), package("ctv-P2", "good", "10.00"),
                       package("ctv-P3", "good", "15.00"),
                       package("ctv-P4", "known", "5.00", fits=False),
                       package("ctv-P5", "known", "30.00")]})
    decision = decide(messages, SPECIALIST)
    assert isinstance(decision, ToolCall)
    assert decision.tool == "request_quotes"
    assert decision.arguments["package_refs"] == ["ctv-P2", "ctv-P3", "ctv-P5"]


def quotes() -> dict[str, Any]:
    return {"quotes": [
        {"ref": "ctv-Q1", "package_ref": "ctv-P2", "cost": "40000.00",
         "target_limits": {"floor": "7.00", "ceiling": "10.00"}},
        {"ref": "ctv-Q2", "package_ref": "ctv-P3", "cost": "60000.00",
         "target_limits": {"floor": "10.50", "ceiling": "15.00"}},
        {"ref": "ctv-Q3", "package_ref": "ctv-P5", "cost": "50000.00"}]}


def test_specialist_negotiates_the_largest_open_quote_inside_its_limits_then_proposes() -> None:
    messages = task(spec_assignment())
    step(messages, "discover_sellers", {"channel": "ctv"}, SELLERS)
    step(messages, "read_media_kits", {"channel": "ctv", "seller_ids": ["good"]},
         {"packages": [package("ctv-P2", "good", "10.00")]})
    step(messages, "request_quotes", {"channel": "ctv", "package_refs": ["ctv-P2"]}, quotes())
    first = decide(messages, SPECIALIST)
    assert isinstance(first, ToolCall)
    assert (first.tool, first.arguments["quote_ref"]) == ("negotiate_quote", "ctv-Q2")
    assert 10.5 <= first.arguments["target_cpm"] <= 15.0
    assert first.arguments["target_cpm"] == 12.08  # 35% of the way from floor to ceiling
    step(messages, "negotiate_quote", first.arguments, "Error: negotiate_quote refused: x")
    second = decide(messages, SPECIALIST)
    assert isinstance(second, ToolCall)
    assert second.arguments["quote_ref"] == "ctv-Q1"
    step(messages, "negotiate_quote", second.arguments,
         {"quote": {**quotes()["quotes"][0], "target_limits": None}})
    third = decide(messages, SPECIALIST)
    assert isinstance(third, ToolCall)
    assert third.tool == "propose_portfolio"
    assert third.arguments["quote_refs"] == ["ctv-Q1", "ctv-Q2", "ctv-Q3"]
    step(messages, "propose_portfolio", third.arguments,
         {"proposal_id": "ctv-proposal-1", "status": "proposed", "cost": "149000.00",
          "budget_use_pct": "99.3", "lines": [{"quote_ref": "ctv-Q1", "seller_id": "good"}]})
    final = decide(messages, SPECIALIST)
    assert isinstance(final, FinalAnswer)
    assert "ctv-proposal-1" in final.text


def test_specialist_books_only_an_approved_proposal() -> None:
    approved = {"proposal_id": "ctv-proposal-1", "status": "approved", "lines": []}
    messages = task(spec_assignment(proposals=[approved], sellers=3))
    decision = decide(messages, SPECIALIST)
    assert decision == ToolCall("book_portfolio", {
        "channel": "ctv", "proposal_id": "ctv-proposal-1",
        "rationale": "ctv-proposal-1 was approved by the Portfolio Manager; "
                     "booking it as approved"}, decision.thought)
    proposed = {**approved, "status": "proposed"}
    returning = decide(task(spec_assignment(proposals=[proposed], sellers=3)), SPECIALIST)
    assert isinstance(returning, ToolCall)
    assert returning.tool == "review_desk"  # picks up its earlier work; never books


def test_the_same_decisions_from_text_tool_calling() -> None:
    native = task(spec_assignment())
    step(native, "discover_sellers", {"channel": "ctv"}, SELLERS)
    text = task(spec_assignment())
    text.append({"role": "assistant", "content": text_reply(
        ToolCall("discover_sellers", {"channel": "ctv"}, "find who sells it"))
        + "\nObservation: " + json.dumps(SELLERS) + "\n\nNow decide what to do next."})
    assert decide(native, SPECIALIST) == decide(text, SPECIALIST)


def manager_messages(allocation: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    messages = task({"campaign": {"name": "x"}, "allocation": None})
    step(messages, "review_brief", {}, {"brief": {"budget_micros": 100_000_000_000}})
    if allocation is not None:
        step(messages, "propose_allocation", {}, allocation)
    return messages


ALLOCATION = {"allocations": [{"channel": "audio", "amount_micros": 30_000_000_000},
                              {"channel": "ctv", "amount_micros": 70_000_000_000}]}


def desk(channel: str, *proposals: dict[str, Any], unquoted: int = 0,
         remaining: int = 0) -> dict[str, Any]:
    return {"channel": channel, "desk": {"proposals": list(proposals),
                                         "unquoted_fitting_packages": unquoted,
                                         "remaining_micros": remaining,
                                         "committed": "0.00", "allocated": "70000.00"}}


def proposal(channel: str, status: str, use: str, lines: int = 2) -> dict[str, Any]:
    return {"proposal_id": f"{channel}-proposal-1", "channel": channel, "status": status,
            "budget_use_pct": use, "lines": [{"quote_ref": f"{channel}-Q{i}"}
                                             for i in range(lines)]}


def test_manager_reads_the_brief_takes_the_split_and_delegates_the_largest_first() -> None:
    messages = task({"campaign": {"name": "x"}, "allocation": None})
    assert decide(messages, MANAGER).tool == "review_brief"  # type: ignore[union-attr]
    messages = manager_messages()
    assert decide(messages, MANAGER).tool == "propose_allocation"  # type: ignore[union-attr]
    first = decide(manager_messages(ALLOCATION), MANAGER)
    assert isinstance(first, ToolCall)
    assert (first.tool, first.arguments["channel"]) == ("delegate_channel", "ctv")


def test_manager_asks_once_for_a_revision_of_an_underfilled_proposal() -> None:
    messages = manager_messages(ALLOCATION)
    step(messages, "delegate_channel", {"channel": "ctv", "instructions": "buy ctv please"},
         desk("ctv", proposal("ctv", "proposed", "62.0"), unquoted=3))
    review = decide(messages, MANAGER)
    assert isinstance(review, ToolCall)
    assert review.arguments["decision"] == "revise"
    assert "62%" in review.arguments["rationale"]
    step(messages, "review_proposal", review.arguments,
         {"proposal": proposal("ctv", "revise", "62.0")})
    again = decide(messages, MANAGER)
    assert isinstance(again, ToolCall)
    assert again.tool == "delegate_channel"
    assert again.arguments["instructions"].startswith("Revise ctv-proposal-1")
    step(messages, "delegate_channel", again.arguments,
         desk("ctv", {**proposal("ctv", "proposed", "75.0"),
                      "proposal_id": "ctv-proposal-2"}, unquoted=1))
    second_review = decide(messages, MANAGER)
    assert isinstance(second_review, ToolCall)
    assert second_review.arguments["decision"] == "approve"  # one revision only


def test_manager_rejects_an_empty_proposal_and_moves_the_money_it_left() -> None:
    messages = manager_messages(ALLOCATION)
    step(messages, "delegate_channel", {"channel": "ctv", "instructions": "buy ctv please"},
         desk("ctv", proposal("ctv", "proposed", "0.0", lines=0),
              remaining=70_000_000_000))
    reject = decide(messages, MANAGER)
    assert isinstance(reject, ToolCall)
    assert reject.arguments["decision"] == "reject"
    step(messages, "review_proposal", reject.arguments,
         {"proposal": proposal("ctv", "rejected", "0.0", lines=0)})
    move = decide(messages, MANAGER)
    assert isinstance(move, ToolCall)
    assert move.tool == "adjust_allocation"
    assert move.arguments["moves"] == [{"from_channel": "ctv", "to_channel": "audio",
                                        "percent_of_budget": 70.0}]
    step(messages, "adjust_allocation", move.arguments, "Error: adjust_allocation refused: "
                                                        "more than 10% of the budget")
    after = decide(messages, MANAGER)
    assert isinstance(after, ToolCall)
    assert (after.tool, after.arguments["channel"]) == ("delegate_channel", "audio")


def test_manager_has_approved_proposals_booked_then_answers() -> None:
    messages = manager_messages({"allocations": [{"channel": "ctv",
                                                  "amount_micros": 100_000_000_000}]})
    step(messages, "delegate_channel", {"channel": "ctv", "instructions": "buy ctv please"},
         desk("ctv", proposal("ctv", "proposed", "99.0")))
    step(messages, "review_proposal", {"proposal_id": "ctv-proposal-1", "decision": "approve",
                                       "rationale": "fits"},
         {"proposal": proposal("ctv", "approved", "99.0")})
    book = decide(messages, MANAGER)
    assert isinstance(book, ToolCall)
    assert book.arguments == {"channel": "ctv",
                              "instructions": "ctv-proposal-1 is approved: book it as approved."}
    step(messages, "delegate_channel", book.arguments,
         desk("ctv", proposal("ctv", "booked", "99.0")))
    final = decide(messages, MANAGER)
    assert isinstance(final, FinalAnswer)
    assert final.text.startswith("Campaign settled. ctv:")


def test_a_task_for_no_known_role_gets_a_plain_answer() -> None:
    answer = decide(task({}), ["some_other_tool"])
    assert isinstance(answer, FinalAnswer)
    assert "no rule for this task" in answer.text
