"""Crash soak benchmark: kill -9 ``ad-buyer run`` at random points, resume, and count
what the sellers hold that the buyer does not know of (and the other way round).

    python benchmarks/crash_soak_benchmark.py [--runs 30] [--seed 1] [--controls 3]
                                              [--dialect native|reference|both]

The soak runs against each dialect in turn (default both): the native sandbox sellers,
then every seller speaking the IAB reference seller's dialect; each is reported on its
own. Each run is killed at a drawn moment and resumed (see :mod:`crash_soak` for how, and for
what each count means). The control runs are the same briefs, never killed: the
baseline, and a check on the checks (a control run with an orphan would mean the
comparison, not the crash, is wrong). Counts are reported as they fall.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from crash_soak import (
    BRIEFS,
    NOT_RECORDED,
    RunOutcome,
    RunPlan,
    draw_plan,
    soak,
)
from soak_processes import BEFORE_START
from targets import record

PHASES = (BEFORE_START, "before booking", "negotiating", "mid-booking", "after booking",
          "after done", "not killed")
STATES = ("completed", "stopped", "unresolved", "failed", "interrupted", "queued", "running",
          "not started", NOT_RECORDED)


def plans(runs: int, controls: int, seed: int, dialect: str = "native") -> list[RunPlan]:
    rng = random.Random(seed)
    briefs = BRIEFS[dialect]
    crashed = [draw_plan(rng, briefs) for _ in range(runs)]
    return [RunPlan(briefs[i % len(briefs)], None) for i in range(controls)] + crashed


def _money(micros: int) -> str:
    return f"{micros / 1_000_000:,.2f}"


def _figures(outcomes: Sequence[RunOutcome]) -> dict[str, str]:
    states = Counter(o.state for o in outcomes)
    live = [d for o in outcomes for d in o.live]
    lines = [line for o in outcomes for line in o.buyer_lines]
    held = sum(1 for line in lines if line.get("status") == "held")
    proposed = sum(1 for d in live if d.status == "proposed")
    phases = Counter(o.kill_phase for o in outcomes)
    return {
        "runs": str(len(outcomes)),
        **{f"killed: {p}": str(phases[p]) for p in PHASES},
        "resumes (of them killed)": f"{sum(o.resumes for o in outcomes)} "
                                    f"({sum(o.resume_kills for o in outcomes)})",
        "deals booked at sellers (live)": f"{sum(len(o.seller_deals) for o in outcomes)} "
                                          f"({len(live)})",
        "deals the buyer recorded (held)": f"{len(lines)} ({held})",
        "orphans": str(sum(len(o.orphans) for o in outcomes)),
        "doubles": str(sum(len(o.doubles) for o in outcomes)),
        "over-budget runs": str(sum(o.over_budget for o in outcomes)),
        "missing at sellers": str(sum(len(o.missing) for o in outcomes)),
        "negotiations agreed at sellers": str(sum(o.money.agreed for o in outcomes)),
        "booked at a price other than agreed": str(sum(len(o.money.mispriced)
                                                       for o in outcomes)),
        "agreed deals dropped (no logged reason)": str(sum(len(o.money.dropped)
                                                           for o in outcomes)),
        "agreed, not booked (logged choice)": str(sum(len(o.money.agreed_not_booked)
                                                      for o in outcomes)),
        "live deals the sellers confirmed (proposed)": f"{len(live) - proposed} ({proposed})",
        "booked but not paced": str(sum(len(o.unpaced) for o in outcomes)),
        "unresolved runs": str(states["unresolved"]),
        "runs finished (of the runs recorded)": f"{sum(o.finished for o in outcomes)} of "
                                                f"{sum(o.recorded for o in outcomes)}",
        "final states": ", ".join(f"{s} {states[s]}" for s in STATES if states[s])
                        + "".join(f", {s} {n}" for s, n in states.items() if s not in STATES),
        "live spend / budget": f"{_money(sum(o.live_cost_micros for o in outcomes))} / "
                               f"{_money(sum(o.brief.budget_micros for o in outcomes))}",
        "seconds per run (mean)": f"{sum(o.seconds for o in outcomes) / max(1, len(outcomes)):.1f}",
    }


def summary_table(crashed: Sequence[RunOutcome], controls: Sequence[RunOutcome],
                  title: str) -> Table:
    table = Table(title=title)
    table.add_column("measure")
    table.add_column("crashed runs", justify="right")
    table.add_column("control runs (never killed)", justify="right")
    ours, baseline = _figures(crashed), _figures(controls)
    for name, value in ours.items():
        table.add_row(name, value, baseline[name] if not name.startswith("killed") else "")
    return table


def phase_table(crashed: Sequence[RunOutcome]) -> Table:
    table = Table(title="By where `ad-buyer run` was killed")
    for column in ("killed", "runs", "resumes", "orphans", "doubles", "over budget",
                   "missing", "final states"):
        table.add_column(column, justify="left" if column in ("killed", "final states")
                         else "right")
    for phase in PHASES:
        group = [o for o in crashed if o.kill_phase == phase]
        if not group:
            continue
        states = Counter(o.state for o in group)
        table.add_row(phase, str(len(group)), str(sum(o.resumes for o in group)),
                      str(sum(len(o.orphans) for o in group)),
                      str(sum(len(o.doubles) for o in group)),
                      str(sum(o.over_budget for o in group)),
                      str(sum(len(o.missing) for o in group)),
                      ", ".join(f"{s} {n}" for s, n in sorted(states.items())))
    return table


def problem_table(outcomes: Sequence[RunOutcome]) -> Table:
    table = Table(title="Runs with a problem (the first of each kind)")
    for column in ("#", "brief", "kill", "resume kills", "state", "live spend", "problem"):
        table.add_column(column)
    for o in outcomes:
        problems = [f"{len(found)} {name}, e.g. {found[0]}"
                    for name, found in (("orphan(s)", o.orphans), ("double(s)", o.doubles),
                                        ("missing", o.missing), ("unpaced", o.unpaced),
                                        ("mispriced", o.money.mispriced),
                                        ("dropped", o.money.dropped))
                    if found] + (["over budget"] if o.over_budget else []) \
            + ([f"not finished: {o.state}"] if not o.finished else []) + o.notes
        if not problems:
            continue
        kill = o.plan.kill.describe() if o.plan.kill else "none"
        table.add_row(str(o.index + 1), o.brief.name, f"{kill} ({o.kill_phase})",
                      ", ".join(k.describe() for k in o.plan.resume_kills[:o.resume_kills])
                      or "-", o.state, f"{_money(o.live_cost_micros)} of "
                      f"{_money(o.brief.budget_micros)}", "; ".join(problems))
    return table


def record_targets(crashed: Sequence[RunOutcome], controls: Sequence[RunOutcome],
                   dialect: str = "native") -> None:
    area = "crash soak" if dialect == "native" else f"crash soak ({dialect} dialect)"
    for metric, count in (("orphans", lambda o: len(o.orphans)),
                          ("doubles", lambda o: len(o.doubles)),
                          ("over-budget runs", lambda o: int(o.over_budget)),
                          ("deals booked at a price other than agreed",
                           lambda o: len(o.money.mispriced)),
                          ("agreed deals dropped without a logged reason",
                           lambda o: len(o.money.dropped))):
        ours = sum(count(o) for o in crashed)
        base = sum(count(o) for o in controls)
        record(area, f"{metric} after kill -9 and resume", "0", str(ours),
               f"never killed: {base}", ours == 0,
               f"in {sum(1 for o in crashed if count(o))} of {len(crashed)} runs" if ours else "")
    finished = sum(o.finished for o in crashed)
    recorded = [o for o in crashed if o.recorded]
    unrecorded = len(crashed) - len(recorded)
    record(area, "recorded runs finished after kill -9 and resume", "all",
           f"{finished} of {len(recorded)}",
           f"never killed: {sum(o.finished for o in controls)} of {len(controls)}",
           finished == len(recorded),
           ", ".join([f"{n} {s}" for s, n in Counter(
               o.state for o in recorded if not o.finished).items()]
               + ([f"{unrecorded} killed before the run was recorded (no run, "
                   "nothing booked)"] if unrecorded else [])))


def soak_dialect(dialect: str, args: argparse.Namespace, console: Console) -> None:
    every = plans(args.runs, args.controls, args.seed, dialect)
    started = time.perf_counter()

    def progress(o: RunOutcome) -> None:
        kill = o.plan.kill.describe() if o.plan.kill else "control"
        flags = [f"{len(x)} {name}" for name, x in (("orphans", o.orphans),
                                                      ("doubles", o.doubles),
                                                      ("missing", o.missing),
                                                      ("mispriced", o.money.mispriced),
                                                      ("dropped", o.money.dropped)) if x]
        flags += ["over budget"] if o.over_budget else []
        console.print(f"[{dialect}] run {o.index + 1}/{len(every)} {o.brief.name}: {kill} -> "
                      f"{o.kill_phase}; {o.resumes} resume(s); {o.state}; "
                      f"{len(o.live)} live deal(s), buyer {len(o.buyer_lines)}; "
                      f"{', '.join(flags) or 'clean'} ({o.seconds:.1f}s)", highlight=False)

    keep = args.keep / dialect if args.keep else None
    outcomes = soak(every, seed=args.world_seed, keep=keep, on_run=progress, dialect=dialect)
    controls = outcomes[:args.controls]
    crashed = outcomes[args.controls:]
    console.print(summary_table(
        crashed, controls, f"Crash soak, {dialect} dialect: {len(crashed)} runs killed with "
        f"SIGKILL and resumed, {len(controls)} never killed (kill seed {args.seed}, world "
        f"seed {args.world_seed}, {time.perf_counter() - started:.0f}s)"))
    console.print(phase_table(crashed))
    if any(not o.clean or not o.finished or o.notes or o.unpaced for o in outcomes):
        console.print(problem_table(outcomes))
    record_targets(crashed, controls, dialect)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="runs killed and resumed")
    parser.add_argument("--controls", type=int, default=3, help="runs never killed")
    parser.add_argument("--seed", type=int, default=1, help="seed of the kill plan")
    parser.add_argument("--world-seed", type=int, default=42, help="the sandbox's seed")
    parser.add_argument("--dialect", choices=("native", "reference", "both"), default="both",
                        help="the sellers' dialect (both: one soak each)")
    parser.add_argument("--keep", type=Path, help="keep every run's home and the sandbox "
                                                  "log here")
    args = parser.parse_args(argv)
    console = Console(width=int(os.environ.get("COLUMNS", "140")))
    for dialect in (("native", "reference") if args.dialect == "both" else (args.dialect,)):
        soak_dialect(dialect, args, console)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
