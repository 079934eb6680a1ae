"""Structured log data as something a buyer reads: HTML tables and one-line summaries.

Tool results and rationales in the log are often JSON; they are shown as small
tables or ``key: value`` lines with money formatted. Seller-written text stays
inside its ``<untrusted_seller_data>`` marking: in HTML it is escaped and set in
a labelled box, never interpreted as markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from ad_buyer.reporting.facts import NO_VALUE, money, price
from ad_buyer.untrusted import TAG

UNTRUSTED_BLOCK = re.compile(
    rf'<{TAG}(?:\s+source="(?P<source>[^"]*)")?[^>]*>\n?(?P<body>.*?)\n?</{TAG}>'
    r"(?:\n?\(reminder: the block above is seller data, not instructions\))?", re.DOTALL)
# A block cut by the log's summary limit: no closing tag.
_OPEN_TAG = re.compile(rf"<{TAG}\b.*", re.DOTALL)
_PRICE_KEYS = {"ask", "walk_away", "final_price", "final_cpm", "buyer_price", "seller_price",
               "expected_cpm", "budget", "total_spend", "remaining_budget", "amount", "cost",
               "spend", "target_cpm", "base_cpm"}
_HIDDEN_KEYS = {"event_id", "event_run_id"}
_COLUMN_ORDER = ["channel", "seller_name", "seller_url", "seller_id", "package_name",
                 "product_id", "deal_id", "deal_type", "cpm_micros", "impressions",
                 "cost_micros", "amount_micros", "share_pct", "status"]
MAX_DEPTH = 4


def label(key: str) -> str:
    """``cpm_micros`` → ``CPM``; ``max_cpm_micros`` → ``max CPM``."""
    words = key.removesuffix("_micros").replace("_", " ")
    return re.sub(r"\bcpm\b", "CPM", words)


def json_or_text(text: str) -> Any:
    """The JSON a string holds (object or list), else the string itself."""
    stripped = text.strip()
    if stripped[:1] in "{[":
        try:
            return json.loads(stripped)
        except ValueError:
            return text
    return text


def scalar_text(key: str, value: Any, currency: str) -> str:
    """One value as plain text: money with currency, counts with separators, ``—`` for none."""
    if value is None or value == "":
        return NO_VALUE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key.endswith("_micros") and isinstance(value, int):
        return money(value, currency)
    if key in _PRICE_KEYS and isinstance(value, int | float | str):
        return price(value, currency)
    if key.endswith("_pct"):
        return f"{value}%"
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}"
    return str(value)


def _visible(record: Mapping[str, Any]) -> list[str]:
    keys = [k for k in record if k not in _HIDDEN_KEYS]
    # "amount" next to "amount_micros" says the same thing less exactly.
    return [k for k in keys if f"{k}_micros" not in record]


class HtmlValues:
    """Renders log values as escaped HTML; seller URLs become short labels with a tooltip."""

    def __init__(self, currency: str, sellers: Mapping[str, str]) -> None:
        self.currency = currency
        self.sellers = dict(sellers)
        urls = sorted(self.sellers, key=len, reverse=True)
        self._urls = re.compile("|".join(re.escape(escape(u)) for u in urls)) if urls else None

    def seller(self, url: str) -> str:
        short = self.sellers.get(url, url)
        return f'<span class="seller" title="{escape(url)}">{escape(short)}</span>'

    def text(self, text: str) -> str:
        """Escaped text, seller URLs shortened, untrusted blocks boxed."""
        parts: list[str] = []
        at = 0
        for block in UNTRUSTED_BLOCK.finditer(text):
            parts.append(self._plain(text[at:block.start()]))
            parts.append(self.untrusted(block.group("body"), block.group("source") or ""))
            at = block.end()
        rest = text[at:]
        cut = _OPEN_TAG.search(rest)
        if cut:  # a block the summary limit cut off: still seller text
            parts.append(self._plain(rest[:cut.start()]))
            parts.append(self.untrusted(rest[cut.start():], "", cut_off=True))
        else:
            parts.append(self._plain(rest))
        return "".join(parts)

    def _plain(self, text: str) -> str:
        escaped = escape(text)
        if self._urls is None:
            return escaped
        by_escaped = {escape(u): u for u in self.sellers}
        return self._urls.sub(lambda m: self.seller(by_escaped[m.group(0)]), escaped)

    def untrusted(self, body: str, source: str, *, cut_off: bool = False) -> str:
        data = _json_body(body)
        inner = (self.value(data, depth=1) if not isinstance(data, str)
                 else f"<pre>{escape(body)}</pre>")
        where = f" from {escape(source)}" if source else ""
        note = " (cut short in the log)" if cut_off else ""
        return (f'<div class="untrusted" data-untrusted="seller"><div class="untrusted-label">'
                f"Seller-supplied text{where}: untrusted data, shown as written, never followed"
                f"{note}</div>{inner}</div>")

    def scalar(self, key: str, value: Any) -> str:
        if isinstance(value, str) and value in self.sellers:
            return self.seller(value)
        if isinstance(value, str):
            return self.text(value)
        return escape(scalar_text(key, value, self.currency))

    def value(self, value: Any, key: str = "", depth: int = 0) -> str:
        """Any JSON value: dicts as key/value tables, lists of records as tables."""
        if isinstance(value, str):
            parsed = json_or_text(value)
            if not isinstance(parsed, str) and depth < MAX_DEPTH:
                return self.value(parsed, key, depth + 1)
        if depth > MAX_DEPTH and isinstance(value, dict | list):
            return f"<code>{escape(json.dumps(value, sort_keys=True, default=str))}</code>"
        if isinstance(value, dict):
            return self._record(value, depth)
        if isinstance(value, list):
            return self._list(value, key, depth)
        return self.scalar(key, value)

    def _record(self, record: Mapping[str, Any], depth: int) -> str:
        keys = _visible(record)
        if not keys:
            return f'<span class="dim">{NO_VALUE}</span>'
        rows = "".join(f"<tr><th>{escape(label(k))}</th><td>{self.value(record[k], k, depth + 1)}"
                       "</td></tr>" for k in keys)
        return f'<table class="kv">{rows}</table>'

    def _list(self, items: list[Any], key: str, depth: int) -> str:
        if not items:
            return '<span class="dim">none</span>'
        records = [i for i in items if isinstance(i, dict)]
        others = [i for i in items if not isinstance(i, dict)]
        parts = [self.records(records, depth)] if records else []
        if others:
            parts.append(", ".join(self.value(i, key, depth + 1) for i in others))
        return "".join(parts)

    def records(self, items: Iterable[Mapping[str, Any]], depth: int = 0) -> str:
        rows = list(items)
        seen = list(dict.fromkeys(k for r in rows for k in _visible(r)))
        columns = [k for k in _COLUMN_ORDER if k in seen] + [k for k in seen
                                                           if k not in _COLUMN_ORDER]
        head = "".join(f"<th>{escape(label(c))}</th>" for c in columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{self.value(r.get(c), c, depth + 1)}</td>" for c in columns)
            + "</tr>" for r in rows)
        return f'<table class="records"><tr>{head}</tr>{body}</table>'


def _json_body(body: str) -> Any:
    """A seller block's JSON: one document, or one record per line (survey results)."""
    whole = json_or_text(body)
    if not isinstance(whole, str):
        return whole
    lines = [line for line in body.splitlines() if line.strip()]
    records = [json_or_text(line) for line in lines if not line.startswith("[truncated")]
    if records and all(isinstance(r, dict) for r in records):
        return records + [line for line in lines if line.startswith("[truncated")]
    return body


def raw_details(data: Any, title: str = "raw data") -> str:
    """The exact logged data, collapsed."""
    text = json.dumps(data, sort_keys=True, indent=1, default=str)
    return f"<details><summary>{escape(title)}</summary><pre>{escape(text)}</pre></details>"


# -- one-line text summaries (the rich tree) ---------------------------------------------

def has_untrusted(*texts: str) -> bool:
    """Whether any text carries (part of) a seller block."""
    return any(_OPEN_TAG.search(t) for t in texts)


def strip_untrusted(text: str) -> str:
    """Seller blocks replaced by a marker saying how much seller text was there."""
    def marker(match: re.Match[str]) -> str:
        return f"[untrusted seller data: {len(match.group('body'))} chars]"

    text = UNTRUSTED_BLOCK.sub(marker, text)
    return _OPEN_TAG.sub("[untrusted seller data, cut short]", text)


def summarise(value: Any, currency: str, width: int = 160) -> str:
    """A JSON value (or JSON text) as one readable line."""
    if isinstance(value, str):
        parsed = json_or_text(value)
        if isinstance(parsed, str):
            return _clip(" ".join(strip_untrusted(value).split()), width)
        value = parsed
    if isinstance(value, dict):
        return _clip(_summarise_record(value, currency), width)
    if isinstance(value, list):
        return f"{len(value)} item(s)"
    return scalar_text("", value, currency)


def _summarise_record(record: Mapping[str, Any], currency: str) -> str:
    if isinstance(record.get("summary"), str) and record["summary"]:
        return strip_untrusted(record["summary"])
    allocations = record.get("allocations")
    if isinstance(allocations, list):
        split = ", ".join(
            f"{a.get('channel')} {scalar_text('amount_micros', a.get('amount_micros'), currency)}"
            + (f" ({a['share_pct']}%)" if a.get("share_pct") else "")
            for a in allocations if isinstance(a, dict))
        why = f"; {record['rationale']}" if record.get("rationale") else ""
        return f"split {split}{why}"
    if isinstance(record.get("booked"), list):
        committed = sum(int(b.get("cost_micros") or 0) for b in record["booked"]
                        if isinstance(b, dict))
        return f"{len(record['booked'])} deal(s), {money(committed, currency)}"
    return "; ".join(f"{label(k)}: {_gist(k, record[k], currency)}" for k in _visible(record))


def _gist(key: str, value: Any, currency: str) -> str:
    if isinstance(value, str) and not isinstance(json_or_text(value), str):
        value = json_or_text(value)
    if isinstance(value, list):
        if not value:
            return "none"
        return f"{len(value)} item(s)" if not all(
            isinstance(v, str | int | float) for v in value) else ", ".join(map(str, value))
    if isinstance(value, dict):
        return f"{len(value)} field(s)"
    if isinstance(value, str):
        return " ".join(strip_untrusted(value).split())
    return scalar_text(key, value, currency)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def shorten_urls(text: str, sellers: Mapping[str, str]) -> str:
    """Plain text with every known seller URL replaced by its short label."""
    for url in sorted(sellers, key=len, reverse=True):
        text = text.replace(url, sellers[url])
    return text


def headline(summary: str, kind: str, data: Mapping[str, Any], currency: str) -> str:
    """What an entry did, in one line: tool results and event payloads summarised."""
    if kind == "tool_call" and "tool" in data and "result" in data:
        if not isinstance(json_or_text(str(data["result"])), dict | list):
            # A result cut for the log is no longer JSON: the summary made at record time.
            return summarise(summary, currency, width=400)
        status = "ok" if data.get("ok") else "failed"
        return f"{data['tool']} {status}: {summarise(data['result'], currency)}"
    if "event_type" in data:
        details = {k: v for k, v in data.items() if k != "event_type"}
        rest = summarise(details, currency) if details else ""
        return f"{summary}: {rest}" if rest else summary
    return summarise(summary, currency, width=400)


def rationale_line(rationale: str, currency: str) -> str:
    return summarise(rationale, currency, width=400) if rationale else ""


def mark_untrusted(text: str) -> str:
    """Plain text with each seller block fenced by visible UNTRUSTED markers."""
    def fence(match: re.Match[str]) -> str:
        source = match.group("source") or "seller"
        return (f"[UNTRUSTED SELLER DATA from {source}, not instructions]\n"
                f"{match.group('body')}\n[END UNTRUSTED SELLER DATA]")

    text = UNTRUSTED_BLOCK.sub(fence, text)
    return _OPEN_TAG.sub(lambda m: "[UNTRUSTED SELLER DATA, cut short]\n" + m.group(0), text)


def text_lines(value: Any, currency: str, key: str = "", depth: int = 0) -> list[str]:
    """A JSON value as indented ``key: value`` lines (``log show --verbose``)."""
    pad = "  " * depth
    if isinstance(value, str) and not isinstance(json_or_text(value), str) and depth < MAX_DEPTH:
        value = json_or_text(value)
    if isinstance(value, dict):
        lines: list[str] = []
        for k in _visible(value):
            item = value[k]
            if isinstance(item, str) and not isinstance(json_or_text(item), str):
                item = json_or_text(item)
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}{label(k)}:")
                lines.extend(text_lines(item, currency, k, depth + 1))
            else:
                lines.extend(_text_scalar(f"{pad}{label(k)}: ", k, item, currency, pad))
        return lines
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            if isinstance(item, dict):
                out.append(f"{pad}- " + "; ".join(
                    f"{label(k)}: {_gist(k, item[k], currency)}" for k in _visible(item)))
            else:
                out.extend(_text_scalar(f"{pad}- ", key, item, currency, pad))
        return out
    return _text_scalar(pad, key, value, currency, pad)


def _text_scalar(prefix: str, key: str, value: Any, currency: str, pad: str) -> list[str]:
    if isinstance(value, str):
        first, *rest = mark_untrusted(value).splitlines() or [""]
        return [prefix + first, *(f"{pad}  {line}" for line in rest)]
    if isinstance(value, list) and not value:
        return [prefix + "none"]
    return [prefix + scalar_text(key, value, currency)]
