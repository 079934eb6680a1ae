"""The crash soak's money checks (:mod:`crash_soak`): was anything booked at a price
other than the one agreed, and was an agreed deal dropped?

From the sellers' side (the sandbox admin's deals and negotiations of one run) against
the buyer's records (its booking lines and its logged negotiations):

- mispriced: a deal the buyer recorded as booked at one price that the seller holds at
  another; a live deal on a quote whose negotiation the seller accepted, at another
  price than agreed; or, where the agreed quote was never booked, a live deal for the
  same seller and package at another price (booked afresh instead of as agreed);
- dropped: a negotiation the seller accepted with no live deal at its price, that the
  buyer's log does not show as agreed (the buyer lost track of it: no logged reason);
- agreed, not booked: the same, but the buyer's log shows it agreed (it chose other
  quotes for the portfolio: a logged decision, not a loss).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ad_buyer.sandbox.wire.admin import HeldDeal, HeldNegotiation


def _url(url: object) -> str:
    return str(url or "").rstrip("/")


def _dollars(micros: int) -> str:
    return f"{micros / 1_000_000:,.2f}"


@dataclass
class MoneyChecks:
    mispriced: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    agreed_not_booked: list[str] = field(default_factory=list)
    agreed: int = 0  # negotiations the sellers accepted in the run


def _buyer_knows(negotiation: HeldNegotiation, records: Sequence[dict[str, Any]]) -> bool:
    refs = set(negotiation.refs)
    return any(r.get("outcome") == "accepted" and (
        {str(r.get("quote_id")), str(r.get("agreed_on_quote_id"))} & refs
        or r.get("negotiation_id") == negotiation.negotiation_id) for r in records)


def money_checks(deals: Sequence[HeldDeal], negotiations: Sequence[HeldNegotiation],
                 lines: Sequence[dict[str, Any]],
                 records: Sequence[dict[str, Any]]) -> MoneyChecks:
    live = [d for d in deals if d.live]
    out = MoneyChecks()
    held = {(_url(d.seller_url), d.deal_id): d for d in live}
    for line in lines:
        deal = held.get((_url(line.get("seller_url")), str(line.get("deal_id") or "")))
        if line.get("status") == "booked" and deal is not None and \
                int(str(line.get("cpm_micros") or 0)) != deal.final_cpm.amount_micros:
            out.mispriced.append(f"{deal.seller_id} {deal.deal_id}: the buyer recorded "
                                 f"{_dollars(int(str(line.get('cpm_micros'))))}, the seller "
                                 f"holds {_dollars(deal.final_cpm.amount_micros)}")
    for n in negotiations:
        if n.status != "accepted" or n.agreed_cpm is None:
            continue
        out.agreed += 1
        agreed = n.agreed_cpm.amount_micros
        mine = [d for d in live if _url(d.seller_url) == _url(n.seller_url)]
        on_quote = [d for d in mine if d.quote_id in n.refs]
        out.mispriced += [f"{d.seller_id} {d.deal_id}: booked at "
                          f"{_dollars(d.final_cpm.amount_micros)} on quote {d.quote_id}, "
                          f"agreed {_dollars(agreed)}"
                          for d in on_quote if d.final_cpm.amount_micros != agreed]
        same_package = [d for d in mine if d.package_id == n.package_id]
        if on_quote or any(d.final_cpm.amount_micros == agreed for d in same_package):
            continue
        out.mispriced += [f"{d.seller_id} {d.deal_id}: {d.package_id} booked afresh at "
                          f"{_dollars(d.final_cpm.amount_micros)}, agreed {_dollars(agreed)} "
                          f"on {', '.join(n.refs)}" for d in same_package]
        what = f"{n.seller_id} {n.negotiation_id} ({n.package_id}) agreed at {_dollars(agreed)}"
        if _buyer_knows(n, records):
            out.agreed_not_booked.append(what)
        else:
            out.dropped.append(what)
    return out
