"""Checks a run makes after intake and before any seller call but the registry listing.

The brief's seller names are resolved against the registry (exclusions and
"only these" inclusions), the allowed sellers must cover its channels, and one
must sell in its currency (:mod:`ad_buyer.orchestration.seller_scope`). A
failure becomes a :class:`~ad_buyer.models.brief.BriefGap` with one line, so the
run stops like any brief that cannot be run (exit 2), before any quote.
"""

from __future__ import annotations

import logging
from typing import Any

from ad_buyer.async_bridge import run_sync
from ad_buyer.models.brief import BriefGap, BriefIssue, CampaignBrief, GapKind
from ad_buyer.orchestration.seller_scope import SellerScope, SellerScopeError

logger = logging.getLogger(__name__)


def check_sellers(desks: Any, brief: CampaignBrief) -> SellerScope | BriefGap | None:
    """The resolved seller scope, a one-issue gap, or None for desks with no registry."""
    scope_of = getattr(desks, "scope", None)
    if scope_of is None:
        logger.info("desks %s have no registry to check seller names and currency against",
                    type(desks).__name__)
        return None
    try:
        scope: SellerScope = run_sync(scope_of(brief))
    except SellerScopeError as exc:
        return BriefGap(issues=[BriefIssue(field=exc.field, kind=GapKind.INVALID,
                                           message=str(exc))],
                        assumptions=list(brief.assumptions),
                        not_understood=list(brief.not_understood))
    return scope
