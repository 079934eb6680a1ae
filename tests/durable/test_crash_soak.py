"""kill -9 ``ad-buyer run`` while it books (and a resume while it re-books), resume it,
and the sellers hold exactly what the buyer recorded: no orphan, no double, within budget.

The soak of ``benchmarks/crash_soak_benchmark.py`` in small: real ``ad-buyer``
processes killed with SIGKILL, against the sandbox served in a process of its own,
whose sellers answer a booking 0.4 s after making it.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
FINAL = ("completed", "stopped", "unresolved")


@pytest.fixture
def harness(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import crash_soak

    return crash_soak


@pytest.mark.server
def test_kill_9_mid_booking_and_resume_leaves_no_orphan_or_double(
        harness: ModuleType, tmp_path: Path) -> None:
    Kill, RunPlan, audio = harness.Kill, harness.RunPlan, harness.AUDIO
    plans = [
        RunPlan(audio, Kill("recorded", 0.0)),  # the moment it printed its id
        RunPlan(audio, Kill("booking", 0.05)),  # bookings sent, none answered yet
        RunPlan(audio, Kill("booking", 0.3), (Kill("resuming", 0.5),)),  # its resume too
        RunPlan(audio, Kill("booking", 0.45)),  # answers arriving
        RunPlan(audio, Kill("done", 0.3)),  # after the run said done
    ]
    outcomes = harness.soak(plans, keep=tmp_path)

    report = [(o.index, o.kill_phase, o.state, o.orphans, o.doubles, o.missing,
               o.live_cost_micros, o.notes) for o in outcomes]
    assert sum(o.kill_phase == "mid-booking" for o in outcomes) >= 2, report
    assert sum(o.resume_kills for o in outcomes) >= 1, report
    assert all(o.live for o in outcomes), report  # every run did book at the sellers
    assert [o.orphans for o in outcomes] == [[]] * len(plans), report
    assert [o.doubles for o in outcomes] == [[]] * len(plans), report
    assert [o.live_cost_micros <= audio.budget_micros for o in outcomes] == [True] * len(plans)
    assert all(o.state in FINAL for o in outcomes), report
    assert outcomes[0].kill_phase == "before booking", report
    assert outcomes[0].resumes == 1, report


@pytest.mark.server
def test_kill_9_negotiating_and_booking_at_reference_sellers_resumes_clean(
        harness: ModuleType, tmp_path: Path) -> None:
    """The same against sellers speaking the IAB reference dialect, which reprice a
    booked quote and tie it to its deal, refuse a counter to an accepted negotiation
    (400) and a second booking of a quote (409), and keep deals proposed: the resumed
    run books nothing twice, drops no agreed deal and books nothing off the agreed price."""
    Kill, RunPlan, ctv = harness.Kill, harness.RunPlan, harness.CTV
    plans = [
        RunPlan(ctv, Kill("negotiate", 0.05)),  # mid-negotiation
        RunPlan(ctv, Kill("booking", 0.1)),  # bookings sent, none answered yet
        RunPlan(ctv, Kill("booking", 0.45)),  # answers arriving
    ]
    outcomes = harness.soak(plans, keep=tmp_path, dialect="reference")

    report = [(o.index, o.kill_phase, o.state, o.orphans, o.doubles, o.missing,
               o.money.mispriced, o.money.dropped, o.notes) for o in outcomes]
    # The third kill lands as the sellers' answers (0.4 s late) arrive: on a fast run the
    # booking step has just ended by then, so it falls mid-booking or just after it.
    assert [o.kill_phase for o in outcomes[:2]] == ["negotiating", "mid-booking"], report
    assert outcomes[2].kill_phase in ("mid-booking", "after booking"), report
    assert all(o.money.agreed for o in outcomes), report  # the sellers agreed prices
    assert all(o.live for o in outcomes), report
    assert [o.orphans for o in outcomes] == [[]] * len(plans), report
    assert [o.doubles for o in outcomes] == [[]] * len(plans), report
    assert [o.money.mispriced for o in outcomes] == [[]] * len(plans), report
    assert [o.money.dropped for o in outcomes] == [[]] * len(plans), report
    assert all(o.state in FINAL for o in outcomes), report
    assert all(d.status == "proposed" for o in outcomes for d in o.live), report
