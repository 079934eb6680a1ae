"""The delegation tree of a run (Portfolio Manager -> specialists -> tool calls -> guard
decisions), built once from its rationale log: each node in plain words (who did what,
and why) with the raw entry kept for on demand.

The console's run page, the HTML report and ``log show`` render these nodes; each
renderer only decides how a seller URL is shortened and how seller text is boxed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ad_buyer.events.log import LogEntry, RunRecord
from ad_buyer.reporting.facts import currency_of, is_model_call, model_cost
from ad_buyer.reporting.render import headline, rationale_line

KIND_WORDS = {"decision": "decided", "delegation": "delegated", "tool_call": "used a tool",
              "allocation": "allocated", "guard": "guard", "negotiation": "negotiated",
              "booking": "booked", "llm_call": "asked the model", "event": "event"}


@dataclass
class TreeNode:
    """One log entry: ``what`` and ``why`` in plain words (full seller URLs), the model
    usage where a model was called, the raw entry as JSON, and the entries it led to."""

    entry: LogEntry
    words: str
    what: str
    why: str
    usage: str
    children: list[TreeNode] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.entry.kind

    @property
    def agent(self) -> str:
        return self.entry.agent

    @property
    def model(self) -> str:
        return self.entry.model

    @property
    def is_guard(self) -> bool:
        return self.kind == "guard"

    @property
    def size(self) -> int:
        return 1 + sum(c.size for c in self.children)

    @property
    def raw(self) -> str:
        e = self.entry
        return json.dumps({"summary": e.summary, "rationale": e.rationale, "data": e.data},
                          indent=2, default=str)


def usage_of(entry: LogEntry) -> str:
    if not is_model_call(entry):
        return ""
    return f"{entry.prompt_tokens + entry.completion_tokens:,} tokens, {model_cost(entry)}"


def run_tree_nodes(run: RunRecord) -> list[TreeNode]:
    """The run's entries nested under their parents (an unknown parent: a root)."""
    currency = currency_of(run)
    known = {e.id for e in run.entries}
    nodes = {e.id: TreeNode(entry=e, words=KIND_WORDS.get(e.kind, e.kind),
                            what=headline(e.summary, e.kind, e.data, currency),
                            why=rationale_line(e.rationale, currency), usage=usage_of(e))
             for e in run.entries}
    roots: list[TreeNode] = []
    for entry in run.entries:
        parent = entry.parent_id if entry.parent_id in known else None
        (nodes[parent].children if parent is not None else roots).append(nodes[entry.id])
    return roots
