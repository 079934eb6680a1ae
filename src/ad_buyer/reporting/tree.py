"""The rationale log as a readable rich tree (``ad-buyer log show RUN``).

By default every entry is one line (plus its why): tool results and JSON
rationales are summarised, money carries its currency and seller URLs are
short ids (a legend maps them back). ``verbose`` adds each entry's data as
``key: value`` lines; ``raw`` adds the logged JSON as is.
"""

from __future__ import annotations

import json

from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from ad_buyer.events.log import LogEntry, RunRecord
from ad_buyer.models.money import from_micros
from ad_buyer.reporting.facts import currency_of, is_offline, model_cost, run_sellers
from ad_buyer.reporting.render import shorten_urls, text_lines
from ad_buyer.reporting.review_tree import TreeNode, run_tree_nodes

_STYLE = {
    "delegation": "bold cyan", "allocation": "bold green", "booking": "bold magenta",
    "guard": "bold yellow", "negotiation": "blue", "tool_call": "white",
    "decision": "bold white", "llm_call": "dim", "event": "dim",
}


def _model(model: str) -> str:
    return "offline" if is_offline(model) else model


def entry_label(node: TreeNode, sellers: dict[str, str] | None = None) -> str:
    """One entry: kind, who, what it did; model usage only where a model was called."""
    sellers = sellers or {}
    entry = node.entry
    style = _STYLE.get(entry.kind, "white")
    who = f" [dim]{escape(entry.agent)}[/dim]" if entry.agent else ""
    model = f" [dim]({escape(_model(entry.model))})[/dim]" if entry.model else ""
    cost = ""
    if node.usage:
        tokens = entry.prompt_tokens + entry.completion_tokens
        cost = f" [dim]{tokens:,} tok, {escape(model_cost(entry))}[/dim]"
    what = shorten_urls(node.what, sellers)
    label = f"[{style}]{escape(entry.kind)}[/{style}]{who}{model}: {escape(what)}{cost}"
    why = shorten_urls(node.why, sellers)
    if why:
        label += f"\n[italic]why:[/italic] {escape(why)}"
    return label


def _details(entry: LogEntry, currency: str, *, verbose: bool, raw: bool) -> str:
    parts = []
    if verbose and entry.data:
        parts.append("\n".join(text_lines(entry.data, currency)))
    if raw and entry.data:
        parts.append(json.dumps(entry.data, sort_keys=True, indent=1, default=str))
    return "\n".join(f"[dim]{escape(p)}[/dim]" for p in parts)


def _run_label(run: RunRecord) -> str:
    models = "; ".join(f"{role} model: {escape(m)}" for role, m in
                       (("manager", run.manager_model), ("specialist", run.specialist_model)))
    offline = [m for m in (run.manager_model, run.specialist_model) if m]
    if run.total_cost_micros or not offline or not all(map(is_offline, offline)):
        cost = f"USD {from_micros(run.total_cost_micros):,.4f}"
    else:
        cost = "offline (no cost)"
    return (f"[bold]run {escape(run.id)}[/bold] {escape(run.name)} [{escape(run.status)}]\n"
            f"{models}; {run.total_tokens:,} tokens, {escape(cost)}")


def run_tree(run: RunRecord, *, verbose: bool = False, raw: bool = False) -> Tree:
    """Entries nested under their parents (delegations hold their specialists' work)."""
    currency = currency_of(run)
    sellers = run_sellers(run)
    root = Tree(_run_label(run))

    def add(node: Tree, children: list[TreeNode]) -> None:
        for child in children:
            label = entry_label(child, sellers)
            details = _details(child.entry, currency, verbose=verbose, raw=raw)
            add(node.add(f"{label}\n{details}" if details else label), child.children)

    add(root, run_tree_nodes(run))
    if run.outcome:
        root.add(f"[bold]outcome:[/bold] {escape(run.outcome)}")
    return root


def seller_legend(run: RunRecord) -> Table | None:
    """Short seller id → URL for the sellers the tree names."""
    rows = [(label, url) for url, label in sorted(run_sellers(run).items(), key=lambda i: i[1])
            if label != url]
    if not rows:
        return None
    table = Table(title="Sellers", show_edge=False)
    table.add_column("seller", no_wrap=True)
    table.add_column("url", overflow="fold")
    for label, url in rows:
        table.add_row(label, url)
    return table
