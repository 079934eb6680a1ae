"""One pacing cycle for one campaign, as one call with explicit inputs.

This is the unit a scheduler runs (a cron, or a durable workflow such as a
DBOS scheduled step): it opens the run from the database, paces it once at
``as_of`` and closes its seller connections. Nothing is kept between calls.
Running it again for the same run and ``as_of`` (a retry after a crash) does
not decide anew: the decisions recorded at that time are finished with the
same change-request idempotency keys, so no seller sees a request twice.
"""

from __future__ import annotations

from datetime import date, datetime

from ad_buyer.events.bus import EventBus
from ad_buyer.pacing.engine import ClientFactory, CycleResult, PacingEngine
from ad_buyer.pacing.mode import PacingMode
from ad_buyer.pacing.sellers import SellerClients
from ad_buyer.storage.db import Database


async def pace_campaign(db: Database, run_id: str, *, as_of: date | datetime,
                        mode: PacingMode | None = None, clients: ClientFactory | None = None,
                        bus: EventBus | None = None) -> CycleResult:
    """Pace run ``run_id`` once at ``as_of``.

    ``mode`` None uses the run's own mode (``manual`` unless it was switched to
    ``auto``); a mode given applies to this cycle only. ``clients`` defaults to
    the key each seller issued (:class:`SellerClients`). Raises ``KeyError`` for an unknown run.
    """
    engine = PacingEngine.open(db, run_id, clients=clients or SellerClients(), bus=bus)
    if mode is not None:
        engine.mode = mode
    try:
        return await engine.run_cycle(as_of)
    finally:
        await engine.aclose()
