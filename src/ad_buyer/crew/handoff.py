"""Hand a run's booked deals to pacing under the same run id.

After ``run_campaign`` books deals, :func:`register_pacing` builds a
:class:`~ad_buyer.pacing.PacingPlan` from the booked lines (seller URL, deal id,
channel, impressions, CPM, each deal's booked cost) and the brief's flight, and
starts a pacing run with the crew's run id, so ``ad-buyer pace status RUN``
knows the campaign. Nothing is sent to any seller here, and the run paces in
manual mode unless the campaign opted into auto.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ad_buyer.models.brief import CampaignBrief
from ad_buyer.models.money import cost_micros
from ad_buyer.orchestration.desk.models import ChannelBuyResult
from ad_buyer.pacing import PacedDeal, PacingEngine, PacingMode, PacingPlan, PacingStore
from ad_buyer.pacing.chart import PacingHistory
from ad_buyer.pacing.sellers import SellerClients
from ad_buyer.storage.db import Database

logger = logging.getLogger(__name__)


def pacing_plan(run_id: str, brief: CampaignBrief,
                results: Sequence[ChannelBuyResult]) -> PacingPlan | None:
    """The plan for the booked lines, or None when nothing was booked."""
    deals: list[PacedDeal] = []
    for result in results:
        for line in result.booked:
            if line.get("status", "booked") != "booked":
                continue  # a held deal is not delivering yet
            cpm, impressions = int(line["cpm_micros"]), int(line["impressions"])
            deals.append(PacedDeal(
                seller_url=str(line["seller_url"]), deal_id=str(line["deal_id"]),
                channel=result.channel.value, impressions=impressions, cpm_micros=cpm,
                budget_micros=int(line.get("cost_micros") or cost_micros(cpm, impressions)),
                flight_start=brief.flight_start, flight_end=brief.flight_end))
    if not deals:
        return None
    return PacingPlan(campaign_id=run_id, budget_micros=brief.budget_micros,
                      currency=brief.currency, flight_start=brief.flight_start,
                      flight_end=brief.flight_end, deals=tuple(deals))


def register_pacing(run_id: str, brief: CampaignBrief, results: Sequence[ChannelBuyResult],
                    db: Database, mode: PacingMode = PacingMode.MANUAL) -> str | None:
    """Start pacing for the run's booked deals; returns the pacing run id (the run id).

    ``manual`` (the default) only recommends: a person approves each change with
    ``ad-buyer pace approve``. ``auto`` sends changes to sellers as cycles decide
    them; it is opted into per campaign (``ad-buyer run --pacing auto`` or
    ``ad-buyer pace mode RUN auto``). A run already registered keeps its mode.
    """
    plan = pacing_plan(run_id, brief, results)
    if plan is None:
        return None
    try:
        PacingStore(db).load_run(run_id)
    except KeyError:
        PacingEngine.start(plan, db, clients=SellerClients(), run_id=run_id, mode=mode)
        logger.info("pacing registered for run %s (%d deals, %s)", run_id, len(plan.deals),
                    mode.value)
        return run_id
    logger.info("pacing already registered for run %s", run_id)
    return run_id


def pacing_history(db: Database, run_id: str) -> PacingHistory | None:
    """The run's pacing plan, accepted measurements and budget changes, or None if it
    has no pacing run."""
    store = PacingStore(db)
    try:
        plan, _mode = store.load_run(run_id)
    except KeyError:
        return None
    return PacingHistory(plan, store.history(run_id), store.allocation_changes(run_id))
