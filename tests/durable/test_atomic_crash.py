"""An ``all_or_nothing`` run killed with SIGKILL in the middle of its booking, and
resumed, is atomic: every deal of the portfolio is booked and recorded, or none is live
at a seller (bar deals the buyer reports as held).

Two middles, each a real ``ad-buyer run --booking all_or_nothing`` process against the
sandbox served in its own process (``benchmarks/crash_soak.py``):

- a booking answered late: one seller has booked its deal and the buyer is still
  waiting for the answer when it is killed;
- a roll-back: a seller refused its deal, the others were booked, and the buyer is
  killed before its cancels reach them.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ad_buyer.sandbox.config import FaultConfig

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
ALL_OR_NOTHING = ("--booking", "all_or_nothing")
FINAL = ("completed", "stopped", "unresolved")
# The audio brief buys at two sellers of the default world: podnet and soundwave.
LATE_BOOKING = FaultConfig(respond_late_first_n=1, hang_seconds=5,
                           path_prefixes=["/api/v1/deals"], methods=["POST"])
SLOW_CANCELS = FaultConfig(latency_ms=1500, path_prefixes=["/api/v1/change-requests"],
                           methods=["POST"])


@pytest.fixture
def harness(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import crash_soak

    return crash_soak


def _whole_or_nothing(outcome: Any) -> bool:
    """Every recorded deal booked and exactly those live, or nothing booked and nothing
    live but what the buyer reports as held."""
    lines = outcome.buyer_lines
    live = {(d.seller_url, d.deal_id) for d in outcome.live}
    booked = {(str(x["seller_url"]), str(x["deal_id"])) for x in lines
              if x.get("status") == "booked"}
    held = {(str(x["seller_url"]), str(x["deal_id"])) for x in lines
            if x.get("status") == "held"}
    if booked:
        return not held and live == booked
    return live <= held


@pytest.mark.server
def test_all_or_nothing_killed_mid_booking_and_resumed_is_whole_or_nothing(
        harness: ModuleType, tmp_path: Path) -> None:
    Kill, RunPlan, audio = harness.Kill, harness.RunPlan, harness.AUDIO
    with harness.served_sandbox(tmp_path) as box:
        box.set_faults("podnet", LATE_BOOKING)
        late = harness.soak_run(0, RunPlan(audio, Kill("booking", 0.8), options=ALL_OR_NOTHING),
                                box, tmp_path / "late")
        box.set_faults("podnet", FaultConfig(refuse_bookings=True))
        box.set_faults("soundwave", SLOW_CANCELS)
        refused = harness.soak_run(1, RunPlan(audio, Kill("booking", 0.5),
                                              options=ALL_OR_NOTHING), box, tmp_path / "refused")

    report = [(o.kill_phase, o.state, [(d.deal_id, d.live) for d in o.at_kill],
               [(d.deal_id, d.live) for d in o.seller_deals],
               [(x["status"], x["deal_id"]) for x in o.buyer_lines], o.notes)
              for o in (late, refused)]
    # Killed where meant: podnet had booked, its answer not yet sent; soundwave's deals
    # were live, their roll-back not yet made.
    assert late.kill_phase == "mid-booking", report
    assert [d.live for d in late.at_kill if d.seller_id == "podnet"] == [True], report
    assert refused.kill_phase == "mid-booking", report
    assert [d.seller_id for d in refused.at_kill] == ["soundwave"] * len(refused.at_kill), report
    assert refused.at_kill, report
    assert all(d.live for d in refused.at_kill), report
    for outcome in (late, refused):
        assert outcome.state in FINAL, report
        assert (outcome.orphans, outcome.doubles, outcome.missing) == ([], [], []), report
        assert _whole_or_nothing(outcome), report
    # The late booking is kept with the rest; the refused portfolio is rolled back whole.
    assert len(late.live) == len(late.buyer_lines) >= 3, report
    assert refused.live == [], report
    assert refused.seller_deals, report  # booked, then cancelled
