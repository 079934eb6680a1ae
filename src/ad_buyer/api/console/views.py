"""What the console's pages show, made from the service's models and the rationale log:
the delegation tree in plain words (raw data kept for on demand) and the brief's facts
with the answer each can take (a run's portfolio, negotiations and savings come from
:mod:`ad_buyer.reporting.review`, as the HTML report's and the CLI's do). Nothing here
renders HTML: the templates do, with autoescape."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ad_buyer.api.models import LogNode
from ad_buyer.reporting.render import headline, rationale_line, shorten_urls

# Which answer (the intake's answer fields) settles each fact of the "read as" block,
# and an example of one.
FACT_ANSWERS = {"budget": ("budget", "$250k"),
                "flight": ("flight_dates", "July 1 - Sept 30 2027, or Q3 2027"),
                "channels": ("channels", "ctv, mobile app"),
                "split": ("channel_split", "60/40 CTV/mobile, or split evenly"),
                "max CPM": ("max_cpm", "$30"),
                "excluded sellers": ("sellers", "exclude StreamWave, or only OmniCast")}

KIND_WORDS = {"decision": "decided", "delegation": "delegated", "tool_call": "used a tool",
              "allocation": "allocated", "guard": "guard", "negotiation": "negotiated",
              "booking": "booked", "llm_call": "asked the model", "event": "event"}


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    answer_field: str | None
    example: str = ""


def facts_of(facts: list[tuple[str, str]]) -> list[Fact]:
    out = []
    for label, value in facts:
        field_, example = FACT_ANSWERS.get(label, (None, ""))
        out.append(Fact(label, value, field_, example))
    return out


@dataclass
class TreeItem:
    """One entry of the delegation tree: who did what, why, and the raw entry."""

    kind: str
    words: str
    agent: str
    model: str
    what: str
    why: str
    raw: str
    children: list[TreeItem] = field(default_factory=list)

    @property
    def is_guard(self) -> bool:
        return self.kind == "guard"

    @property
    def size(self) -> int:
        return 1 + sum(c.size for c in self.children)


def tree_of(nodes: list[LogNode], currency: str, sellers: dict[str, str]) -> list[TreeItem]:
    def item(node: LogNode) -> TreeItem:
        raw = json.dumps({"summary": node.summary, "rationale": node.rationale,
                          "data": node.data}, indent=2, default=str)
        return TreeItem(
            kind=node.kind, words=KIND_WORDS.get(node.kind, node.kind), agent=node.agent,
            model=node.model,
            what=shorten_urls(headline(node.summary, node.kind, node.data, currency), sellers),
            why=shorten_urls(rationale_line(node.rationale, currency), sellers), raw=raw,
            children=[item(c) for c in node.children])

    return [item(n) for n in nodes]
