"""Progress in a planner's words: "Asking CTV sellers for quotes on 6 packages",
"Negotiated with harborview: asked 20.55, offered 19.41, agreed 19.41", "Booked 5 CTV
deals, 162,957.68 USD", without the agents', tools', quotes' or proposals' internal names.

``ad-buyer run --verbose`` keeps the stage lines as the crew states them and names the
agent and tool behind each (:func:`agent_and_tool`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ad_buyer.events.models import Event, EventType

CHANNEL_WORDS = {"ctv": "CTV", "online_video": "online video", "display": "display",
                 "mobile_app": "mobile app", "performance": "performance", "audio": "audio",
                 "dooh": "DOOH", "linear_tv": "linear TV"}
# The tool each stage is said from, and whether the channel's specialist or the
# Portfolio Manager calls it.
STAGE_TOOLS = {"allocation": ("Portfolio Manager", "propose_allocation"),
               "channel": ("Portfolio Manager", "delegate_channel"),
               "discover": ("", "discover_sellers"), "media kits": ("", "read_media_kits"),
               "quotes": ("", "request_quotes"), "negotiate": ("", "negotiate_quote"),
               "proposal": ("", "propose_portfolio"), "book": ("", "book_portfolio")}

_AMOUNT = r"(?P<amount>[\d,]+\.\d\d) (?P<cur>[A-Z]{3})"
_PATTERNS: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "channel": [
        (re.compile(rf"^(?P<ch>\w+) delegated \({_AMOUNT} left\): .*proposal-\d+ is approved",
                    re.S), "The {CH} plan is approved: booking it"),
        (re.compile(rf"^(?P<ch>\w+) delegated \({_AMOUNT} left\)", re.S),
         "Buying {CH}: {cur} {amount} to spend")],
    "discover": [(re.compile(r"^(?P<ch>\w+):"), "Looking for {CH} sellers")],
    "media kits": [(re.compile(r"^(?P<ch>\w+): reading (?P<n>\d+) seller"),
                    "Reading {n} {CH} sellers' media kits")],
    "quotes": [(re.compile(r"^(?P<ch>\w+): quoting (?P<n>\d+) package"),
                "Asking {CH} sellers for quotes on {n} packages")],
    "negotiate": [
        (re.compile(r"^(?P<ch>\w+): \S+ toward (?P<target>[\d.,]+)$"),
         "Negotiating for {CH}, aiming for {target} CPM"),
        (re.compile(r"^(?P<ch>\w+): (?P<seller>\S+) \S+: (?P<outcome>[\w ]+) after "
                    r"(?P<rounds>\S+) round\(s\); (?P<terms>.*)$"),
         "Negotiated with {seller}: {terms} ({outcome}, {rounds} rounds)"),
        (re.compile(r"^(?P<ch>\w+): (?P<seller>\S+) \S+: (?P<terms>.*)$"),
         "Negotiated with {seller}: {terms}")],
    "proposal": [(re.compile(rf"^(?P<ch>\w+): checking (?P<n>\d+) quote\(s\) against {_AMOUNT}"),
                  "Choosing {CH} deals from {n} quotes within {cur} {amount}")],
    "book": [
        (re.compile(rf"^(?P<ch>\w+): planning \(dry run\) \S+ within {_AMOUNT}"),
         "Planning the {CH} deals (dry run) within {cur} {amount}"),
        (re.compile(rf"^(?P<ch>\w+): booking \S+ within {_AMOUNT}"),
         "Booking the {CH} deals within {cur} {amount}"),
        (re.compile(rf"^(?P<ch>\w+): (?P<n>\d+) deal\(s\) committed, {_AMOUNT}"),
         "Booked {n} {CH} deals, {cur} {amount}"),
        (re.compile(rf"^(?P<ch>\w+): (?P<n>\d+) deal\(s\) planned, {_AMOUNT}"),
         "Planned {n} {CH} deals (dry run), {cur} {amount}")],
}
_LEADS = {"allocation": "Budget split", "pacing": "Pacing", "done": "Done",
          "resume": "Resuming", "stopped": "Stopped"}


def _cpm(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01")) if value is not None else None
    except ArithmeticError:
        return None


def negotiation_terms(p: dict[str, Any]) -> str:
    """What the seller asked, what we offered last, what was agreed and what it saved
    (``asked`` or ``ask``, ``offered``, ``final_price``, ``outcome``, ``rounds``)."""
    asked, offered, agreed = _cpm(p.get("asked", p.get("ask"))), _cpm(p.get("offered")), \
        _cpm(p.get("final_price"))
    line = f"{p.get('outcome', '?')} after {p.get('rounds', '?')} round(s)"
    line += f"; asked CPM {asked:,}" if asked is not None else ""
    line += f", we offered {offered:,}" if offered is not None else ""
    line += f", agreed {agreed:,}" if agreed is not None else ", nothing agreed"
    if asked and agreed is not None:
        pct = ((asked - agreed) * 100 / asked).quantize(Decimal("0.1"))
        line += f", saved {asked - agreed:,} CPM ({pct}%)"
    return line


def channel_words(channel: str) -> str:
    return CHANNEL_WORDS.get(channel, channel.replace("_", " "))


def _plain_terms(terms: str) -> str:
    return terms.replace("asked CPM", "asked").replace("we offered", "offered")


def planner_stage(stage: str, detail: str) -> str:
    """A crew stage line in a planner's words (the detail as is when not recognised)."""
    for pattern, words in _PATTERNS.get(stage, []):
        found = pattern.match(detail)
        if found:
            parts = found.groupdict()
            parts["CH"] = channel_words(parts.get("ch", ""))
            if "terms" in parts:
                parts["terms"] = _plain_terms(parts["terms"])
            return words.format(**parts)
    lead = _LEADS.get(stage, stage.capitalize())
    if stage == "allocation":  # "allocator: ctv 1.00, audio 2.00 USD", "stated split: ..."
        source, _, rest = detail.partition(": ")
        if rest:
            return f"{lead}: {rest}" if source == "allocator" else f"{lead} ({source}): {rest}"
    return f"{lead}: {detail}"


def agent_and_tool(stage: str, channel: str, specialists: Mapping[str, str]) -> str:
    """``(CTV Specialist → request_quotes)`` for a stage line under ``--verbose``;
    ``specialists`` maps a channel to its specialist's role."""
    agent, tool = STAGE_TOOLS.get(stage, ("", ""))
    if not tool:
        return ""
    return f"({agent or specialists.get(channel, f'{channel_words(channel)} specialist')} → " \
           f"{tool})"


def _seller(p: dict[str, Any]) -> str:
    url = str(p.get("seller_url") or "")
    return str(p.get("seller_id") or url.rstrip("/").rsplit("/", 1)[-1] or "a seller")


def _names(ids: Any) -> str:
    if not isinstance(ids, list) or not ids:
        return "none"
    return ", ".join(dict.fromkeys(str(i) for i in ids))


def planner_event(event: Event, channel: str) -> str | None:
    """A seller-side event in a planner's words, or None for events not shown."""
    p = event.payload
    kind = event.event_type
    ch = channel_words(str(p.get("media_type") or channel))
    if kind == EventType.INVENTORY_DISCOVERED:
        return f"Found {p.get('sellers_found', 0)} {ch} seller(s): {_names(p.get('seller_ids'))}"
    if kind == EventType.QUOTE_RECEIVED:
        line = (f"{p.get('quotes_received', 0)} quote(s) in from "
                f"{_names(p.get('seller_ids_received'))}")
        failed = p.get("seller_ids_failed") or []
        return line + (f"; no quote from {_names(failed)}" if failed else "")
    if kind == EventType.QUOTE_REJECTED:
        return f"Set aside the quote from {_seller(p)}: {p.get('reason', '?')}"
    if kind == EventType.NEGOTIATION_COMPLETED:
        terms = negotiation_terms(p)
        outcome, _, rest = terms.partition("; ")
        return f"Negotiated with {_seller(p)}: {_plain_terms(rest or outcome)}"
    if kind == EventType.DEAL_BOOKED:
        return (f"Booked with {_seller(p)}: deal {p.get('deal_id', '?')} "
                f"({p.get('deal_type', '?')}) at {p.get('final_cpm', '?')} CPM")
    if kind == EventType.DEAL_BOOKING_FAILED:
        return f"Booking with {_seller(p)} failed: {p.get('error', '?')}"
    if kind == EventType.GUARD_REJECTED:
        return f"A spending limit stopped a buy from {_seller(p)}: {p.get('reason', '?')}"
    if kind == EventType.DEAL_CANCELLED:
        return f"Deal with {_seller(p)} cancelled: {p.get('reason', '?')}"
    return None
