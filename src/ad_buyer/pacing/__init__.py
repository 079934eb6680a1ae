"""Budget pacing and reallocation: curves, detection, reallocation, the engine.

Deterministic, typed Python: LLM agents may ask for pacing status or explain
it, but only this code decides what budget moves. Names load on first use, so
importing a submodule (the CLI) does not pull in the engine's database stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ad_buyer.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from ad_buyer.pacing.curves import CurveKind, PacingCurve, expected_fraction, flight_fraction
    from ad_buyer.pacing.cycle import pace_campaign
    from ad_buyer.pacing.detection import Alert, AlertKind, Level, PaceStatus, Severity
    from ad_buyer.pacing.engine import CycleResult, PacingEngine
    from ad_buyer.pacing.mode import PacingMode
    from ad_buyer.pacing.models import (
        ChannelPlan,
        Limits,
        PacedDeal,
        PacingPlan,
        Thresholds,
        load_plan,
    )
    from ad_buyer.pacing.policy import Action, ActionKind, CycleView, Policy, SentRequest
    from ad_buyer.pacing.reallocation import plan_reallocation
    from ad_buyer.pacing.sellers import SellerClients
    from ad_buyer.pacing.store import PacingStore

_HOMES = {
    "curves": ("CurveKind", "PacingCurve", "expected_fraction", "flight_fraction"),
    "cycle": ("pace_campaign",),
    "detection": ("Alert", "AlertKind", "Level", "PaceStatus", "Severity"),
    "engine": ("CycleResult", "PacingEngine"),
    "mode": ("PacingMode",),
    "models": ("ChannelPlan", "Limits", "PacedDeal", "PacingPlan", "Thresholds", "load_plan"),
    "policy": ("Action", "ActionKind", "CycleView", "Policy", "SentRequest"),
    "reallocation": ("plan_reallocation",),
    "sellers": ("SellerClients",),
    "store": ("PacingStore",),
}

__all__ = [
    "Action",
    "ActionKind",
    "Alert",
    "AlertKind",
    "ChannelPlan",
    "CurveKind",
    "CycleResult",
    "CycleView",
    "Level",
    "Limits",
    "PaceStatus",
    "PacedDeal",
    "PacingCurve",
    "PacingEngine",
    "PacingMode",
    "PacingPlan",
    "PacingStore",
    "Policy",
    "SellerClients",
    "SentRequest",
    "Severity",
    "Thresholds",
    "expected_fraction",
    "flight_fraction",
    "load_plan",
    "pace_campaign",
    "plan_reallocation",
]


__getattr__, __dir__ = lazy_exports(__name__, _HOMES, globals())
