"""A run's review, built once from its rationale log: the portfolio and its totals, the
negotiations with their savings against the opening ask, and the channel budgets left
unspent with their reasons.

The console's run page, the HTML report (``log export --html``), ``log show`` and the
end of ``ad-buyer run`` all render this one model (Jinja2 for the pages, rich for the
terminal), so a figure cannot differ between them.

A negotiation record's ``walk_away`` is not the price we walk away at: it is the best
other seller's CPM (in this seller's terms), the leverage the strategy concedes toward
before the seller's deadline. Our limit (the true walk-away) is the seller's opening
ask, capped at the brief's max CPM: at the deadline the strategy accepts up to it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from ad_buyer.events.log import LogEntry, RationaleLog, RunNotFoundError, RunRecord
from ad_buyer.models.money import cost_micros, to_micros
from ad_buyer.reporting.facts import NO_VALUE, Portfolio, channel_results, money, portfolio, price
from ad_buyer.reporting.portfolio import seller_label
from ad_buyer.reporting.progress_words import channel_words
from ad_buyer.reporting.run_money import RunMoney, run_money

ABOVE_RIVAL_REASON = (
    "the best rival's price is leverage, not our limit: a rival's quote is for other "
    "inventory, so at the seller's deadline we accept up to our limit (the opening ask, "
    "capped at the brief's max CPM)")


def _micros(value: Any) -> int | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return to_micros(value)
    except (ArithmeticError, ValueError, TypeError):
        return None


class NegotiationRow(BaseModel):
    """One negotiation: CPMs in integer micros; ``saved_micros`` is the saving on the
    impressions booked (or, in a dry run, planned) at the agreed price."""

    model_config = ConfigDict(frozen=True)

    seller: str
    seller_url: str
    what: str
    currency: str
    asked_micros: int | None
    offered_micros: int | None
    agreed_micros: int | None
    limit_micros: int | None
    rival_micros: int | None
    outcome: str
    rounds: list[str]
    round_count: int
    impressions: int
    saved_micros: int
    reason: str

    def _money(self, micros: int | None) -> str:
        return money(micros, self.currency) if micros is not None else NO_VALUE

    @property
    def asked(self) -> str:
        return self._money(self.asked_micros)

    @property
    def offered(self) -> str:
        return self._money(self.offered_micros)

    @property
    def agreed(self) -> str:
        return self._money(self.agreed_micros)

    @property
    def walk_away(self) -> str:
        """Our limit: the price above which we walk away."""
        return self._money(self.limit_micros)

    @property
    def rival(self) -> str:
        return self._money(self.rival_micros)

    @property
    def saved_cpm_micros(self) -> int | None:
        if self.asked_micros and self.agreed_micros is not None:
            return self.asked_micros - self.agreed_micros
        return None

    @property
    def saved(self) -> str:
        """``USD 1.14 CPM (5.5%)`` against the opening ask, or ``—``."""
        per_cpm = self.saved_cpm_micros
        if per_cpm is None or not self.asked_micros:
            return NO_VALUE
        pct = (Decimal(per_cpm) * 100 / Decimal(self.asked_micros)).quantize(Decimal("0.1"))
        return f"{money(per_cpm, self.currency)} CPM ({pct}%)"

    @property
    def saved_total(self) -> str:
        return money(self.saved_micros, self.currency)

    @property
    def line(self) -> str:
        """The row as one terminal line."""
        text = (f"{self.seller} ({self.what}): asked {self.asked}, offered {self.offered}, "
                f"agreed {self.agreed}")
        if self.agreed_micros is None:
            text += f" ({self.outcome})"
        else:
            text += f", saved {self.saved}"
            if self.saved_micros:
                text += f" = {self.saved_total} on {self.impressions:,} impressions"
        return text + (f". Agreed above the best rival's {self.rival}: {self.reason}"
                       if self.reason else "")


class Negotiations(BaseModel):
    model_config = ConfigDict(frozen=True)

    rows: list[NegotiationRow]
    currency: str

    @property
    def saved_micros(self) -> int:
        return sum(r.saved_micros for r in self.rows)

    @property
    def saved_text(self) -> str:
        return money(self.saved_micros, self.currency)


def _round(r: dict[str, Any], currency: str) -> str:
    return (f"round {r.get('round_number', '?')}: we offered "
            f"{price(r.get('buyer_price'), currency)},"
            f" the seller asked {price(r.get('seller_price'), currency)}"
            f" ({r.get('action') or 'no answer'})")


def _bought_lines(run: RunRecord) -> list[dict[str, Any]]:
    return [raw for result in channel_results(run) for raw in result.booked
            if raw.get("status") in ("booked", "planned")]


def _impressions(bought: list[dict[str, Any]], d: dict[str, Any], agreed: int | None) -> int:
    """The impressions bought at the negotiated price (by quote, else by seller and the
    agreed CPM)."""
    quotes = {d.get(k) for k in ("quote_id", "agreed_on_quote_id", "requoted_quote_id")} - {None}
    for raw in bought:
        if raw.get("quote_id") in quotes:
            return int(raw.get("impressions") or 0)
    url = str(d.get("seller_url") or "").rstrip("/")
    for raw in bought:
        if str(raw.get("seller_url") or "").rstrip("/") == url and agreed is not None \
                and int(raw.get("cpm_micros") or 0) == agreed:
            return int(raw.get("impressions") or 0)
    return 0


def _row(entry: LogEntry, bought: list[dict[str, Any]], names: dict[str, str],
         currency: str, cap: int | None) -> NegotiationRow:
    d = entry.data
    given = d.get("rounds")  # the rounds, or (in older logs) only their count
    rounds = [r for r in given if isinstance(r, dict)] if isinstance(given, list) else []
    opening = _micros(d.get("ask"))
    if opening is None and rounds:
        opening = _micros(rounds[0].get("seller_price"))
    agreed = _micros(d.get("final_price"))
    offered = _micros(d.get("offered"))
    if offered is None and rounds:
        offered = _micros(rounds[-1].get("buyer_price"))
    rival = _micros(d.get("walk_away"))
    limit = min(opening, cap) if opening is not None and cap else opening
    impressions = _impressions(bought, d, agreed)
    saved = cost_micros(opening - agreed, impressions) \
        if opening is not None and agreed is not None and opening > agreed else 0
    url = str(d.get("seller_url") or "").rstrip("/")
    above = agreed is not None and rival is not None and agreed > rival
    return NegotiationRow(
        seller=names.get(url) or (seller_label(url) if url
                                  else str(d.get("seller_id") or NO_VALUE)),
        seller_url=url, what=str(d.get("package_name") or d.get("quote_id")
                                 or d.get("negotiation_id") or entry.summary),
        currency=currency, asked_micros=opening, offered_micros=offered, agreed_micros=agreed,
        limit_micros=limit, rival_micros=rival,
        outcome=str(d.get("outcome") or NO_VALUE).replace("_", " "),
        rounds=[_round(r, currency) for r in rounds],
        round_count=len(rounds) if rounds else given if isinstance(given, int) else 0,
        impressions=impressions, saved_micros=saved,
        reason=ABOVE_RIVAL_REASON if above else "")


def negotiations_of(run: RunRecord, currency: str) -> Negotiations:
    """Each negotiation: what the seller asked first, what we offered and agreed, our
    limit, the rival price used as leverage, and the saving against the opening ask."""
    bought = _bought_lines(run)
    names = {str(raw.get("seller_url") or "").rstrip("/"): str(raw.get("seller_name") or "")
             for raw in bought}
    cap = _micros_int(run.brief.get("max_cpm_micros"))
    rows = [_row(e, bought, names, currency, cap) for e in run.entries
            if e.kind == "negotiation"]
    return Negotiations(rows=rows, currency=currency)


def _micros_int(value: Any) -> int | None:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def allocations_of(run: RunRecord) -> dict[str, int]:
    """The latest allocation's micros per channel."""
    latest: dict[str, int] = {}
    for entry in run.entries:
        if entry.kind == "allocation" and isinstance(entry.data.get("allocations"), list):
            latest = {str(a["channel"]): int(a["amount_micros"])
                      for a in entry.data["allocations"]}
    return latest


def shortfalls_of(run: RunRecord, book: Portfolio) -> list[str]:
    """One line per channel whose budget was not all used: how much, and why."""
    results = channel_results(run)
    verb = "unplanned" if book.dry_run else "unspent"
    lines = []
    for channel, allocated in allocations_of(run).items():
        bought = [r for r in results if r.channel.value == channel]
        left = allocated - sum(r.committed_micros for r in bought)
        if left < 1_000_000:  # less than one unit of the currency
            continue
        reasons = [why for r in bought for why in r.not_booked]
        if not bought:
            why = "the channel was not bought"
        elif reasons:
            why = "; ".join(dict.fromkeys(reasons))
        else:
            why = ("the deals chosen cost less than the channel's budget and no further "
                   "quote was added")
        lines.append(f"{money(left, book.currency)} of the {channel_words(channel)} budget is "
                     f"{verb}: {why}")
    return lines


class RunReview(BaseModel):
    """Everything a review of one run shows, from its records."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    run_id: str
    campaign: str
    currency: str
    book: Portfolio
    negotiations: Negotiations
    shortfalls: list[str]
    amounts: RunMoney  # planned / committed / held, as ``ad-buyer runs`` says them

    @property
    def spend_micros(self) -> int:
        return self.book.totals.spend_micros

    @property
    def spend_text(self) -> str:
        return money(self.spend_micros, self.currency)

    @property
    def budget_text(self) -> str:
        return money(self.book.totals.budget_micros, self.currency)

    @property
    def remaining_text(self) -> str:
        return money(self.book.totals.remaining_micros, self.currency)


def campaign_name(run: RunRecord) -> str:
    return str(run.brief.get("name") or run.name or run.id)


def run_review(run: RunRecord) -> RunReview:
    book = portfolio(run)
    return RunReview(run_id=run.id, campaign=campaign_name(run), currency=book.currency,
                     book=book, negotiations=negotiations_of(run, book.currency),
                     shortfalls=shortfalls_of(run, book), amounts=run_money(run))


def load_review(log: RationaleLog, run_id: str) -> RunReview | None:
    """The review of a logged run, or None when the log has no such run."""
    try:
        return run_review(log.get_run(run_id))
    except RunNotFoundError:
        return None
