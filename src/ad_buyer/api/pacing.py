"""Pacing over the service: a run's spend against plan as booked, and the manual-mode
recommendations approved or rejected, through the pacing engine ``ad-buyer pace``
uses (:class:`~ad_buyer.pacing.engine.PacingEngine`). Nothing here prints."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ad_buyer.api.models import DecisionOut, PaceLine, PacingOut, Recommendation

if TYPE_CHECKING:
    from ad_buyer.pacing.engine import ClientFactory, PacingEngine
    from ad_buyer.storage.db import Database


class PacingViews:
    """``clients``: how the engine reaches sellers (default: as ``ad-buyer pace`` does)."""

    def __init__(self, database: Database, clients: ClientFactory | None = None) -> None:
        self.database = database
        self.clients = clients

    def _open(self, run_id: str) -> PacingEngine:
        """Raises KeyError for a run with no paced deals."""
        from ad_buyer.pacing.engine import PacingEngine
        from ad_buyer.pacing.sellers import SellerClients

        return PacingEngine.open(self.database, run_id, clients=self.clients or SellerClients())

    def _engine_for(self, rec_id: str) -> PacingEngine:
        from ad_buyer.pacing.store import PacingStore

        return self._open(PacingStore(self.database).recommendation(rec_id).run_id)

    def status(self, run_id: str) -> PacingOut:
        """Spend against plan as of the latest measurement booked (no seller is called)."""
        engine = self._open(run_id)
        latest = [m.as_of for m in engine.latest().values()]
        at = max(latest) if latest else datetime.now(UTC)
        lines = [PaceLine(level=s.level.value, subject=s.subject, budget_micros=s.budget_micros,
                          expected_micros=s.expected_micros, actual_micros=s.actual_micros,
                          pace_ratio=s.ratio) for s in engine.status(at)]
        recs = [Recommendation(id=r.rec_id, kind=r.kind, amount_micros=r.amount_micros or 0,
                               status=r.status, rationale=r.rationale)
                for r in engine.store.recommendations(run_id)]
        return PacingOut(run_id=run_id, mode=engine.mode.value, as_of=at, lines=lines,
                         recommendations=recs)

    def approve(self, rec_id: str) -> DecisionOut:
        """Send a pending recommendation's changes to the sellers (``pace approve``).
        KeyError: no such recommendation; ValueError: it is not pending."""
        engine = self._engine_for(rec_id)

        async def run() -> str:
            try:
                return await engine.approve(rec_id)
            finally:
                await engine.aclose()

        return DecisionOut(id=rec_id, outcome=asyncio.run(run()))

    def reject(self, rec_id: str, reason: str) -> DecisionOut:
        """Record a rejection; nothing is sent (``pace reject``)."""
        self._engine_for(rec_id).reject(rec_id, reason)
        return DecisionOut(id=rec_id, outcome="rejected")
