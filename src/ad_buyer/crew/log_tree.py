"""The rationale log as a readable rich tree (``ad-buyer log show RUN``)."""

from __future__ import annotations

from rich.markup import escape
from rich.tree import Tree

from ad_buyer.events.log import LogEntry, RunRecord
from ad_buyer.models.money import from_micros

_STYLE = {
    "delegation": "bold cyan", "allocation": "bold green", "booking": "bold magenta",
    "guard": "bold yellow", "negotiation": "blue", "tool_call": "white",
    "decision": "bold white", "llm_call": "dim", "event": "dim",
}


def entry_label(entry: LogEntry) -> str:
    style = _STYLE.get(entry.kind, "white")
    who = f" [dim]{escape(entry.agent)}[/dim]" if entry.agent else ""
    model = f" [dim]({escape(entry.model)})[/dim]" if entry.model else ""
    cost = ""
    tokens = entry.prompt_tokens + entry.completion_tokens
    if tokens or entry.cost_micros:
        cost = f" [dim]{tokens} tok, ${from_micros(entry.cost_micros):.4f}[/dim]"
    label = f"[{style}]{escape(entry.kind)}[/{style}]{who}{model}: {escape(entry.summary)}{cost}"
    if entry.rationale:
        label += f"\n[italic]why:[/italic] {escape(entry.rationale)}"
    return label


def run_tree(run: RunRecord) -> Tree:
    """Entries nested under their parents (delegations hold their specialists' work)."""
    root = Tree(
        f"[bold]run {escape(run.id)}[/bold] {escape(run.name)} [{escape(run.status)}]\n"
        f"manager model: {escape(run.manager_model)}; specialist model: "
        f"{escape(run.specialist_model)}; {run.total_tokens} tokens, "
        f"${from_micros(run.total_cost_micros):.4f}"
    )
    known = {e.id for e in run.entries}

    def add(node: Tree, parent: int | None) -> None:
        for entry in run.entries:
            effective = entry.parent_id if entry.parent_id in known else None
            if effective == parent:
                add(node.add(entry_label(entry)), entry.id)

    add(root, None)
    if run.outcome:
        root.add(f"[bold]outcome:[/bold] {escape(run.outcome)}")
    return root
