"""Why packages did not fit a brief, in words a planner reads.

Package selection names each misfit by a code (``over_max_cpm``, a kids' rule
such as ``kids.declared_kids_safe``); a plan left empty says how many packages
each reason removed, in words, with the code kept for the rationale log.
"""

from __future__ import annotations

from ad_buyer.orchestration.audience_fit import KIDS_RULES

MISFIT_WORDS = {
    "channel_mismatch": "sell another channel",
    "geo_mismatch": "do not serve the brief's countries",
    "dma_mismatch": "do not serve the brief's DMAs",
    "audience_mismatch": "cannot reach the brief's audience",
    "over_max_cpm": "cost more than the brief's max CPM",
    "not_negotiable": "cannot be negotiated, and this buy needs negotiation",
}


def misfit_words(code: str) -> str:
    """The reason behind ``code`` as a planner reads it (the code itself if unknown)."""
    if code in MISFIT_WORDS:
        return MISFIT_WORDS[code]
    if code in KIDS_RULES:
        return f"are ruled out for a kids' audience ({KIDS_RULES[code]})"
    return f"do not fit ({code})"


def why_no_package_fits(channel: str, counts: dict[str, int]) -> str:
    """'no media-kit package fits the brief for ctv: 13 cost more than ...' (codes kept)."""
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    words = "; ".join(f"{n} package(s) {misfit_words(code)}" for code, n in ranked)
    codes = ", ".join(f"{code} x {n}" for code, n in ranked)
    return f"no media-kit package fits the brief for {channel}: {words} (why: {codes})"
