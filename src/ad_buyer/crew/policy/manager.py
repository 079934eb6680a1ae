"""The offline Portfolio Manager: allocates, delegates, reviews, moves budget.

Judgements, each from structured tool results:

- read the brief, then take the allocator's split (a chat-confirmed split is
  used as it stands);
- delegate channels largest budget first, one at a time, so money a channel
  cannot use can move to a channel not yet bought;
- review each proposal: reject an empty one; ask once for a revision when it
  uses under :data:`FILL_FLOOR` of the channel budget while fitting packages
  are still unquoted; otherwise approve, then have the specialist book it;
- after a channel is settled, move what it left unspent (at least
  :data:`MOVE_FLOOR` of its budget) to the next channel not yet delegated,
  within the guard limits (a refused move is not retried).
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Any

from ad_buyer.crew.policy.conversation import Conversation
from ad_buyer.crew.policy.decision import Decision, FinalAnswer, ToolCall

FILL_FLOOR = Decimal("0.90")
MOVE_FLOOR = Decimal("0.05")
MAX_REVISIONS = 1
MAX_DELEGATIONS = 4
SETTLED = ("booked", "planned", "rejected")


def _micros(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class ManagerView:
    """The campaign as the manager's tool results show it."""

    def __init__(self, conv: Conversation) -> None:
        self.conv = conv
        self.brief = (conv.last("review_brief") or {}).get("brief") or {}
        allocation = None
        for step in conv.steps:
            if step.name in ("propose_allocation", "adjust_allocation") and step.ok \
                    and isinstance(step.result, dict):
                allocation = step.result
        locked = conv.assignment.get("allocation")
        self.allocation: dict[str, Any] | None = allocation or locked
        self.desks: dict[str, dict[str, Any]] = {}
        self.delegations: dict[str, int] = {}
        for step in conv.steps:
            result = step.result if step.ok else None
            if step.name == "delegate_channel":
                channel = str(step.arguments.get("channel", ""))
                self.delegations[channel] = self.delegations.get(channel, 0) + 1
                if isinstance(result, dict) and isinstance(result.get("desk"), dict):
                    self.desks[channel] = result["desk"]
            if step.name == "review_proposal" and isinstance(result, dict):
                self._update(result.get("proposal") or {})

    def _update(self, proposal: dict[str, Any]) -> None:
        desk = self.desks.get(str(proposal.get("channel", "")))
        if desk is None:
            return
        desk["proposals"] = [proposal if p.get("proposal_id") == proposal.get("proposal_id")
                             else p for p in desk.get("proposals", [])]

    def channels(self) -> list[tuple[str, int]]:
        if not self.allocation:
            return []
        rows = [(str(a["channel"]), _micros(a.get("amount_micros")))
                for a in self.allocation.get("allocations", [])]
        return sorted(rows, key=lambda row: (-row[1], row[0]))

    def latest_proposal(self, channel: str) -> dict[str, Any] | None:
        proposals = (self.desks.get(channel) or {}).get("proposals") or []
        return proposals[-1] if proposals else None

    def revisions(self, channel: str) -> int:
        return sum(1 for step in self.conv.steps if step.name == "review_proposal"
                   and step.arguments.get("decision") == "revise"
                   and str(step.arguments.get("proposal_id", "")).startswith(f"{channel}-"))

    def settled(self, channel: str, amount: int) -> bool:
        if amount <= 0:
            return True
        if channel not in self.delegations:
            return False
        if self.delegations[channel] >= MAX_DELEGATIONS:
            return True
        latest = self.latest_proposal(channel)
        return latest is None or latest.get("status") in SETTLED

    def leftover(self, channel: str) -> int:
        desk = self.desks.get(channel) or {}
        return _micros(desk.get("remaining_micros"))


def _review(view: ManagerView, channel: str, proposal: dict[str, Any]) -> ToolCall:
    pid = str(proposal["proposal_id"])
    use = Decimal(str(proposal.get("budget_use_pct") or 0)) / 100
    desk = view.desks.get(channel) or {}
    if not proposal.get("lines"):
        return ToolCall("review_proposal", {
            "proposal_id": pid, "decision": "reject",
            "rationale": "the proposal books nothing"}, thought="empty proposal")
    if (use < FILL_FLOOR and _micros(desk.get("unquoted_fitting_packages")) > 0
            and view.revisions(channel) < MAX_REVISIONS):
        return ToolCall("review_proposal", {
            "proposal_id": pid, "decision": "revise",
            "rationale": f"it uses {use:.0%} of the {channel} budget while "
                         f"{desk.get('unquoted_fitting_packages')} fitting package(s) are "
                         f"unquoted; quote more of them to reach at least {FILL_FLOOR:.0%}"},
            thought="under-filled proposal with inventory left")
    return ToolCall("review_proposal", {
        "proposal_id": pid, "decision": "approve",
        "rationale": f"every line passed the brief's checks and the guards; it uses {use:.0%} "
                     f"of the {channel} budget"}, thought="proposal is sound")


def _move(view: ManagerView, source: str, targets: list[str]) -> ToolCall | None:
    budget = _micros(view.brief.get("budget_micros"))
    leftover = view.leftover(source)
    amount = dict(view.channels()).get(source, 0)
    if not targets or budget <= 0 or amount <= 0 or Decimal(leftover) < MOVE_FLOOR * amount:
        return None
    target = targets[0]
    if view.conv.called("adjust_allocation") and any(
            m.get("from_channel") == source for step in view.conv.steps
            if step.name == "adjust_allocation" for m in step.arguments.get("moves", [])):
        return None
    pct = (Decimal(leftover) * 100 / budget).quantize(Decimal("0.01"), ROUND_FLOOR)
    if pct <= 0:
        return None
    return ToolCall("adjust_allocation", {
        "moves": [{"from_channel": source, "to_channel": target,
                   "percent_of_budget": float(pct)}],
        "rationale": f"{source} could not use {pct}% of the campaign budget; {target} has not "
                     "been bought yet and can put it to work"}, thought="move unused budget")


def decide_manager(conv: Conversation) -> Decision:
    view = ManagerView(conv)
    if not view.brief:
        return ToolCall("review_brief", {}, thought="read the brief first")
    if view.allocation is None:
        return ToolCall("propose_allocation", {}, thought="get the allocator's split")
    channels = view.channels()
    pending = [c for c, amount in channels if c not in view.delegations and amount > 0]
    for channel, amount in channels:
        if view.settled(channel, amount):
            continue
        if channel not in view.delegations:
            continue  # delegated below, once the channels in hand are settled
        latest = view.latest_proposal(channel)
        assert latest is not None
        status = latest.get("status")
        if status == "proposed":
            return _review(view, channel, latest)
        pid = latest["proposal_id"]
        instructions = (f"{pid} is approved: book it as approved." if status == "approved"
                        else f"Revise {pid}: {latest.get('review_rationale', '')}")
        return ToolCall("delegate_channel", {"channel": channel, "instructions": instructions},
                        thought=f"{channel}: {status}")
    for channel, amount in channels:
        if channel in view.delegations and view.settled(channel, amount):
            move = _move(view, channel, [c for c in pending if c != channel])
            if move is not None:
                return move
    if pending:
        channel = pending[0]
        return ToolCall("delegate_channel", {
            "channel": channel,
            "instructions": f"Buy {channel} within its approved budget. Choose sellers and "
                            "packages that fit the brief's audience, geography and brand "
                            "safety; propose a portfolio for my review."},
            thought=f"delegate {channel}")
    lines = []
    for channel, amount in channels:
        desk = view.desks.get(channel) or {}
        allocated = desk.get("allocated") or f"{Decimal(amount) / 1_000_000:.2f}"
        lines.append(f"{channel}: {desk.get('committed', '0.00')} committed of {allocated}")
    return FinalAnswer("Campaign settled. " + "; ".join(lines) + ".", thought="all channels done")
