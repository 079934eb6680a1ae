"""What the console's pages show, made from the service's models and the rationale log:
the delegation tree in plain words (raw data kept for on demand), negotiations with
their savings against the opening ask, and the brief's facts with the answer each can
take. Nothing here renders HTML: the templates do, with autoescape."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ad_buyer.api.models import LogNode
from ad_buyer.events.log import RunRecord
from ad_buyer.models.money import cost_micros, to_micros
from ad_buyer.reporting.facts import money, price
from ad_buyer.reporting.portfolio import seller_label
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


@dataclass(frozen=True)
class NegotiationRow:
    seller: str
    what: str
    asked: str
    walk_away: str
    agreed: str
    saved: str
    saved_micros: int  # on the booked impressions; 0 when no booked deal matches
    outcome: str
    rounds: list[str]
    round_count: int
    note: str


@dataclass(frozen=True)
class Negotiations:
    rows: list[NegotiationRow]
    saved_micros: int
    saved_text: str


def _micros(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return to_micros(value)
    except (ArithmeticError, ValueError, TypeError):
        return None


def _round(r: dict[str, Any], currency: str) -> str:
    return (f"round {r.get('round_number', '?')}: we offered "
            f"{price(r.get('buyer_price'), currency)},"
            f" the seller asked {price(r.get('seller_price'), currency)}"
            f" ({r.get('action') or 'no answer'})")


def _booked_lines(run: RunRecord) -> list[dict[str, Any]]:
    from ad_buyer.reporting.facts import channel_results

    return [raw for result in channel_results(run) for raw in result.booked
            if raw.get("status") == "booked"]


def _impressions(booked: list[dict[str, Any]], d: dict[str, Any], agreed: int | None) -> int:
    """The booked impressions the negotiated price applies to (by quote, else by seller
    and the agreed CPM)."""
    url = str(d.get("seller_url") or "").rstrip("/")
    for raw in booked:
        if d.get("quote_id") and raw.get("quote_id") == d.get("quote_id"):
            return int(raw.get("impressions") or 0)
    for raw in booked:
        if raw.get("seller_url") == url and agreed is not None \
                and int(raw.get("cpm_micros") or 0) == agreed:
            return int(raw.get("impressions") or 0)
    return 0


def negotiations_of(run: RunRecord, currency: str) -> Negotiations:
    """Each negotiation: what the seller asked first, what was agreed, and the saving
    (per CPM, and on the impressions booked at that price)."""
    booked = _booked_lines(run)
    names = {str(raw.get("seller_url")): str(raw.get("seller_name") or "") for raw in booked}
    rows = []
    for entry in run.entries:
        if entry.kind != "negotiation":
            continue
        d = entry.data
        given = d.get("rounds")  # the rounds, or (in older logs) only their count
        rounds = [r for r in given if isinstance(r, dict)] if isinstance(given, list) else []
        opening = _micros(d.get("ask"))
        if opening is None and rounds:
            opening = _micros(rounds[0].get("seller_price"))
        agreed = _micros(d.get("final_price"))
        walk_away = _micros(d.get("walk_away"))
        saved, saved_micros = "—", 0
        if opening and agreed is not None:
            pct = (Decimal(opening - agreed) * 100 / Decimal(opening)).quantize(Decimal("0.1"))
            saved = f"{money(opening - agreed, currency)} CPM ({pct}%)"
            saved_micros = cost_micros(opening - agreed, _impressions(booked, d, agreed))
        note = ""
        if agreed is not None and walk_away is not None and agreed > walk_away:
            note = ("agreed above the walk-away: the walk-away is the best other seller's "
                    "price in this seller's terms, used as leverage, not a limit; the "
                    "agreed price is within the brief's CPM cap")
        url = str(d.get("seller_url") or "").rstrip("/")
        rows.append(NegotiationRow(
            seller=names.get(url) or (seller_label(url) if url else
                                      str(d.get("seller_id") or "—")),
            what=str(d.get("package_name") or d.get("quote_id") or entry.summary),
            asked=money(opening, currency) if opening is not None else "—",
            walk_away=money(walk_away, currency) if walk_away is not None else "—",
            agreed=money(agreed, currency) if agreed is not None else "—",
            saved=saved, saved_micros=saved_micros, outcome=str(d.get("outcome") or "—"),
            rounds=[_round(r, currency) for r in rounds],
            round_count=len(rounds) if rounds else int(given) if isinstance(given, int) else 0,
            note=note))
    total = sum(r.saved_micros for r in rows)
    return Negotiations(rows=rows, saved_micros=total, saved_text=money(total, currency))
