"""The offline channel specialist: shops a channel by reading its tool results.

Judgements, each made from structured facts the tools return:

- sellers: shop those the registry vouches for (trust preferred, verified or
  registered); a seller of unknown trust is used only when no other sells
  the channel;
- packages: only those whose every brief check passed (channel, geo, DMA,
  price cap, audience, brand safety), full audience fits before partial ones
  before packages that declare no audience, then cheapest expected CPM, at most
  :data:`PER_SELLER` per seller and :data:`FIRST_ROUND` in a first round
  (:data:`REVISION_ROUND` more when the Portfolio Manager asks for a revision);
- negotiation: the :data:`NEGOTIATE_TOP` largest negotiable quotes, toward a
  target :data:`TARGET_SHARE` of the way from the floor to the ceiling the
  desk allows;
- proposal: every quote still open; the optimizer decides what fits;
- booking: only a proposal the Portfolio Manager approved.

Seller-written names and descriptions are never read: they cannot steer it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ad_buyer.crew.policy.choosers import TARGET_SHARE, active_chooser
from ad_buyer.crew.policy.choosers import price as _price
from ad_buyer.crew.policy.conversation import Conversation
from ad_buyer.crew.policy.decision import Decision, FinalAnswer, ToolCall

TRUSTED = ("preferred", "verified", "registered")
PER_SELLER = 2
FIRST_ROUND = 6
REVISION_ROUND = 4
NEGOTIATE_TOP = 3
__all__ = ["TARGET_SHARE", "decide_specialist"]


class SpecialistView:
    """The desk as this conversation knows it: assignment, review and tool results."""

    def __init__(self, conv: Conversation) -> None:
        self.conv = conv
        a = conv.assignment
        self.channel: str = str(a.get("channel", ""))
        review = conv.last("review_desk") or {}
        self.sellers: dict[str, dict[str, Any]] = {
            s["seller_id"]: s for s in review.get("sellers", []) if isinstance(s, dict)}
        for result in conv.results("discover_sellers"):
            self.sellers.update({s["seller_id"]: s for s in result.get("sellers", [])})
        self.kits_read = bool(review.get("packages")) or conv.last("read_media_kits") is not None
        self.packages: dict[str, dict[str, Any]] = {
            p["ref"]: p for p in review.get("packages", []) if isinstance(p, dict)}
        for result in conv.results("read_media_kits"):
            self.packages.update({p["ref"]: p for p in result.get("packages", [])})
        self.quotes: dict[str, dict[str, Any]] = {
            q["ref"]: q for q in review.get("quotes", []) if isinstance(q, dict)}
        for result in conv.results("request_quotes"):
            self.quotes.update({q["ref"]: q for q in result.get("quotes", [])})
        for result in conv.results("negotiate_quote"):
            quote = result.get("quote")
            if isinstance(quote, dict):
                self.quotes[quote["ref"]] = quote
        self.proposals: dict[str, dict[str, Any]] = {
            p["proposal_id"]: p for p in a.get("desk", {}).get("proposals", [])}
        self.proposals.update({p["proposal_id"]: p for p in review.get("proposals", [])})
        for result in conv.results("propose_portfolio"):
            self.proposals[result["proposal_id"]] = result

    @property
    def has_history(self) -> bool:
        desk = self.conv.assignment.get("desk", {})
        return bool(desk.get("sellers") or desk.get("quotes") or desk.get("proposals"))

    def booked_refs(self) -> set[str]:
        return {line["quote_ref"] for p in self.proposals.values() if p.get("status") == "booked"
                for line in p.get("lines", [])}

    def quoted_packages(self) -> set[str]:
        return {q["package_ref"] for q in self.quotes.values()}


def _shop_sellers(view: SpecialistView) -> list[str]:
    trusted = [s for s in view.sellers.values() if s.get("trust_level") in TRUSTED]
    chosen = trusted or list(view.sellers.values())
    return sorted(s["seller_id"] for s in chosen)


def _pick_packages(view: SpecialistView, limit: int) -> list[str]:
    quoted = view.quoted_packages()
    open_packages = [p for p in view.packages.values() if p.get("fits") and p["ref"] not in quoted]
    open_packages = active_chooser().order_packages(open_packages)
    per_seller: dict[str, int] = {}
    for ref in quoted:
        seller = view.packages.get(ref, {}).get("seller_id", "")
        per_seller[seller] = per_seller.get(seller, 0) + 1
    picked: list[str] = []
    for package in open_packages:
        seller = package["seller_id"]
        if per_seller.get(seller, 0) >= PER_SELLER:
            continue
        per_seller[seller] = per_seller.get(seller, 0) + 1
        picked.append(package["ref"])
        if len(picked) >= limit:
            break
    return picked


def _negotiation_target(quote: dict[str, Any]) -> tuple[Decimal, Decimal]:
    """The target CPM and the share of the way from the floor to the ceiling it sits."""
    limits = quote.get("target_limits") or {}
    floor, ceiling = _price(limits.get("floor")), _price(limits.get("ceiling"))
    share = active_chooser().target_share(quote)
    return (floor + (ceiling - floor) * share).quantize(Decimal("0.01")), share


def _to_negotiate(view: SpecialistView) -> dict[str, Any] | None:
    done = {step.arguments.get("quote_ref") for step in view.conv.steps
            if step.name == "negotiate_quote"}
    open_quotes = [q for q in view.quotes.values() if q.get("target_limits")
                   and q["ref"] not in done and q["ref"] not in view.booked_refs()]
    budget_done = sum(1 for s in view.conv.steps if s.name == "negotiate_quote")
    if budget_done >= NEGOTIATE_TOP or not open_quotes:
        return None
    return active_chooser().order_quotes(open_quotes)[0]


def _proposal_answer(view: SpecialistView, proposal: dict[str, Any]) -> FinalAnswer:
    lines = proposal.get("lines", [])
    sellers = sorted({line.get("seller_id", "") for line in lines})
    return FinalAnswer(
        f"Proposal {proposal['proposal_id']} for {view.channel}: {len(lines)} deal(s) with "
        f"{', '.join(sellers) or 'no seller'}, cost {proposal.get('cost')} "
        f"({proposal.get('budget_use_pct')}% of the budget). Every package in it passed the "
        "brief's checks; awaiting the Portfolio Manager's review.",
        thought="proposal made")


def decide_specialist(conv: Conversation) -> Decision:
    view = SpecialistView(conv)
    ch = view.channel
    if not ch:
        return FinalAnswer("I cannot see my assignment (its facts are no longer in the "
                           "conversation), so I make no further calls.",
                           thought="no assignment")
    booked = conv.last("book_portfolio")
    if booked is not None:
        return FinalAnswer(str(booked.get("summary") or "booking done"), thought="booked")
    approved = [p for p in view.proposals.values() if p.get("status") == "approved"]
    if approved:
        pid = approved[0]["proposal_id"]
        return ToolCall("book_portfolio", {"channel": ch, "proposal_id": pid,
                                           "rationale": f"{pid} was approved by the Portfolio "
                                                        "Manager; booking it as approved"},
                        thought="an approved proposal is waiting to be booked")
    if view.has_history and conv.last("review_desk") is None:
        return ToolCall("review_desk", {"channel": ch}, thought="continue earlier work")
    if not view.sellers:
        if conv.last("discover_sellers") is not None:
            return FinalAnswer(f"No seller in the registry sells {ch}; nothing to propose.")
        return ToolCall("discover_sellers", {"channel": ch}, thought="find who sells it")
    if not view.kits_read:
        sellers = _shop_sellers(view)
        return ToolCall("read_media_kits", {"channel": ch, "seller_ids": sellers},
                        thought=f"read the media kits of {len(sellers)} seller(s)")
    revising = any(p.get("status") == "revise" for p in view.proposals.values())
    if conv.last("request_quotes") is None:
        picked = _pick_packages(view, REVISION_ROUND if revising else FIRST_ROUND)
        if picked:
            return ToolCall("request_quotes", {
                "channel": ch, "package_refs": picked,
                "rationale": f"{len(picked)} package(s) pass every brief check (channel, geo, "
                             "price cap, audience, brand safety); "
                             f"{active_chooser().package_rule}, at most {PER_SELLER} per seller"},
                thought="quote the best fits")
    target = _to_negotiate(view)
    if target is not None:
        price, share = _negotiation_target(target)
        return ToolCall("negotiate_quote", {
            "channel": ch, "quote_ref": target["ref"], "target_cpm": float(price),
            "rationale": f"{active_chooser().quote_rule}; target {price} is "
                         f"{int(share * 100)}% of the way from the floor to the ceiling"},
            thought="negotiate the largest quote")
    proposed = conv.last("propose_portfolio")
    if proposed is not None:
        return _proposal_answer(view, proposed)
    refs = sorted(r for r in view.quotes if r not in view.booked_refs())
    if not refs:
        fitting = sum(1 for p in view.packages.values() if p.get("fits"))
        return FinalAnswer(f"Nothing to propose for {ch}: {fitting} package(s) fit the brief "
                           "and none could be quoted.", thought="no quotes")
    return ToolCall("propose_portfolio", {
        "channel": ch, "quote_refs": refs,
        "rationale": f"all {len(refs)} open quote(s) passed the guards; the optimizer keeps the "
                     "best set within the budget"}, thought="propose the portfolio")
