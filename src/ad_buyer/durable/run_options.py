"""How a campaign run buys (:class:`RunOptions`): from which sellers, reading its
brief as of which day, booking and pacing how, under which share caps.

``ad-buyer run`` and ``enqueue`` build one from their command line, a run's
request carries it (:class:`~ad_buyer.durable.workflows.RunRequest` is one), and a
dry run prints it back as the command that books what it planned
(:meth:`RunOptions.command_words`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from ad_buyer.booking.modes import BookingMode
from ad_buyer.guards.shares import DEFAULT_PACKAGE_SHARE_PCT, ShareCap
from ad_buyer.pacing.mode import PacingMode


class RunOptions(BaseModel):
    """The options a run is bought with (each default is the command's default)."""

    model_config = ConfigDict(frozen=True)

    registry_url: str | None = None
    # Sellers named by URL (``--seller``), bought from with no registry.
    seller_urls: tuple[str, ...] = ()
    reference_date: date | None = None
    allow_past: bool = False
    pacing_mode: PacingMode = PacingMode.MANUAL
    booking_mode: BookingMode = "best_effort"
    share_cap: ShareCap = ShareCap()

    def command_words(self) -> list[str]:
        """The ``ad-buyer run`` options that give these options back; a default is
        left out."""
        words: list[str] = []
        if self.registry_url:
            words += ["--registry-url", self.registry_url]
        if self.reference_date is not None:
            words += ["--reference-date", self.reference_date.isoformat()]
        cap = self.share_cap
        if cap.seller_share_source == "option":
            words += ["--max-seller-share", _share_text(cap.seller_share_pct)]
        if cap.package_share_pct != DEFAULT_PACKAGE_SHARE_PCT:
            words += ["--max-package-share", _share_text(cap.package_share_pct)]
        for url in self.seller_urls:
            words += ["--seller", url]
        if self.allow_past:
            words.append("--allow-past")
        if self.pacing_mode is not PacingMode.MANUAL:
            words += ["--pacing", self.pacing_mode.value]
        if self.booking_mode != "best_effort":
            words += ["--booking", self.booking_mode]
        return words


def _share_text(pct: Decimal | None) -> str:
    """A share as ``--max-seller-share`` reads it: ``30``, ``12.5`` or ``none``."""
    return "none" if pct is None else f"{pct.normalize():f}"
