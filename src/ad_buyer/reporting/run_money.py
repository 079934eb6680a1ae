"""A run's money in the words ``ad-buyer runs``, the API's runs and the console's run
page all use, read from its rationale log (one reading, so they cannot differ).

- ``planned``: a dry run's plan (nothing was sent to a seller);
- ``committed``: money live at sellers: deals booked as agreed, and deals a seller
  holds on other terms that the buyer could not cancel. A run stopped in the
  middle of a booking has no channel record yet; its sellers' confirmations
  (``deal.booked`` events, less ``deal.cancelled``) count instead, so an
  interrupted run with live deals shows them;
- ``held``: bookings sent whose outcome could not be read back (maybe live);
- a chat is a conversation, not a run with money: the run it books is its own row.
"""

from __future__ import annotations

from dataclasses import dataclass

from ad_buyer.events.log import RunRecord
from ad_buyer.reporting.facts import channel_results, is_dry_run

CHAT_MODEL = "person (chat)"


@dataclass(frozen=True)
class RunMoney:
    kind: str  # "run", "dry run" or "chat"
    planned_micros: int = 0
    committed_micros: int = 0
    held_micros: int = 0
    deals: int = 0

    @property
    def against_budget_micros(self) -> int:
        """What counts against the budget: committed, and held (it may be live)."""
        return self.committed_micros + self.held_micros


def _cost(line: dict[str, object]) -> int:
    return int(str(line.get("cost_micros") or 0))


def run_money(record: RunRecord) -> RunMoney:
    if record.manager_model == CHAT_MODEL:
        return RunMoney(kind="chat")
    results = channel_results(record)
    lines = [line for result in results for line in result.booked]
    if is_dry_run(record):
        return RunMoney(kind="dry run",
                        planned_micros=sum(_cost(x) for x in lines
                                           if x.get("status") == "planned"))
    unknown = [x for x in lines if x.get("outcome_unknown")]
    live = {str(x.get("deal_id")): _cost(x) for x in lines
            if x.get("status") in ("booked", "held") and not x.get("outcome_unknown")}
    events = [e.data for e in record.entries if "event_type" in e.data]
    cancelled = {str(d.get("deal_id")) for d in events
                 if d.get("event_type") == "deal.cancelled"}
    for data in events:
        deal = str(data.get("deal_id") or "")
        if (data.get("event_type") == "deal.booked" and deal and deal not in live
                and deal not in cancelled and data.get("cost_micros") is not None):
            live[deal] = int(str(data["cost_micros"]))
    return RunMoney(kind="run", committed_micros=sum(live.values()),
                    held_micros=sum(_cost(x) for x in unknown),
                    deals=len(live) + len(unknown))
