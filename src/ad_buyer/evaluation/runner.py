"""Run the evaluation briefs and score each kind of expectation.

Each brief runs end to end (intake, the crew, booking) with the configured
model against a fresh in-process sandbox and its own SQLite file, so briefs
never see each other's deals. The score of an expectation kind is the share of
its checks that passed, over every brief that states one. Each run's choices
are also scored against references from the same market
(:mod:`ad_buyer.evaluation.decisions`).

The briefs come in two sets: ``development`` (``briefs.yaml``, written beside
the offline policy) and ``held-out`` (``briefs_heldout.yaml``, written later and
never used to tune it). A baseline (:mod:`ad_buyer.crew.policy.choosers`) runs
the offline specialist with another chooser, through the same tools and guards.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from ad_buyer.crew.buyer import desks_for_sandbox
from ad_buyer.crew.policy.choosers import Chooser, choosing
from ad_buyer.crew.run import run_campaign
from ad_buyer.evaluation.decisions import DecisionScore, DecisionSummary, score_run, summarise
from ad_buyer.evaluation.expectations import Expectation, Outcome, Verdict, check_all
from ad_buyer.evaluation.recording import RecordingNetwork
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.sandbox.testing import in_process_sandbox
from ad_buyer.storage.db import Database

logger = logging.getLogger(__name__)


class EvalBrief(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    brief: str = Field(min_length=1)
    reference_date: date
    expect: list[Expectation] = Field(min_length=1)


SETS = {"development": "briefs.yaml", "held-out": "briefs_heldout.yaml"}


def load_briefs(path: Path | None = None, *, brief_set: str = "development",
                ) -> list[EvalBrief]:
    """One shipped set of briefs (:data:`SETS`), or the briefs in ``path``."""
    text = (path.read_text(encoding="utf-8") if path is not None else
            resources.files("ad_buyer.evaluation").joinpath(SETS[brief_set])
            .read_text(encoding="utf-8"))
    briefs = TypeAdapter(list[EvalBrief]).validate_python(yaml.safe_load(text))
    ids = [b.id for b in briefs]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise ValueError(f"brief ids repeat: {duplicated}")
    return briefs


def load_sets() -> dict[str, list[EvalBrief]]:
    """Every shipped set; a brief id is used once across them."""
    sets = {name: load_briefs(brief_set=name) for name in SETS}
    ids = [b.id for briefs in sets.values() for b in briefs]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"brief ids repeat across sets: {repeated}")
    return sets


@dataclass
class BriefScore:
    brief: EvalBrief
    verdicts: list[Verdict]
    run_id: str
    status: str
    decisions: DecisionScore = field(default_factory=DecisionScore)


@dataclass
class Scorecard:
    model: str
    briefs: list[BriefScore] = field(default_factory=list)

    def decisions(self) -> DecisionSummary:
        return summarise(s.decisions for s in self.briefs)

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """Expectation kind -> (passed, checked)."""
        totals: dict[str, tuple[int, int]] = {}
        for score in self.briefs:
            for verdict in score.verdicts:
                passed, checked = totals.get(verdict.kind, (0, 0))
                totals[verdict.kind] = (passed + verdict.passed, checked + 1)
        return dict(sorted(totals.items()))

    @property
    def passed(self) -> int:
        return sum(v.passed for s in self.briefs for v in s.verdicts)

    @property
    def checked(self) -> int:
        return sum(len(s.verdicts) for s in self.briefs)


def run_brief(brief: EvalBrief, workdir: Path, env: Mapping[str, str] | None = None,
              chooser: Chooser | None = None) -> BriefScore:
    """Run one brief; with ``chooser``, the offline specialist chooses with it."""
    network, bus = in_process_sandbox(), InMemoryEventBus()
    suffix = "" if chooser is None else "-" + chooser.name.replace(" ", "-")
    db = Database(f"sqlite:///{workdir / f'{brief.id}{suffix}.db'}")
    desks = RecordingNetwork(desks_for_sandbox(bus, network))
    try:
        with choosing(chooser) if chooser is not None else nullcontext():
            result = run_campaign(brief.brief, desks=desks, db=db, bus=bus,
                                  env=dict(env) if env is not None else None,
                                  reference_date=brief.reference_date,
                                  register_pacing=False)
    finally:
        db.dispose()
    outcome = Outcome(result, network)
    verdicts = check_all(brief.expect, outcome)
    decisions = DecisionScore()
    if result.brief is not None:
        booked = {r.channel.value: [line for line in r.booked if line.get("status") == "booked"]
                  for r in result.channel_results}
        decisions = score_run(booked, desks.records, network,
                              budget_micros=result.brief.budget_micros,
                              committed_micros=result.committed_micros)
    return BriefScore(brief, verdicts, result.run_id, result.status.value, decisions)


def evaluate(briefs: Sequence[EvalBrief], *, model: str,
             env: Mapping[str, str] | None = None,
             on_brief: Callable[[BriefScore], None] | None = None,
             chooser_for: Callable[[EvalBrief], Chooser] | None = None) -> Scorecard:
    """Score ``briefs``; ``chooser_for(brief)`` plugs a baseline into each run."""
    card = Scorecard(model=model)
    with tempfile.TemporaryDirectory(prefix="ad-buyer-eval-") as tmp:
        for brief in briefs:
            chooser = chooser_for(brief) if chooser_for is not None else None
            score = run_brief(brief, Path(tmp), env, chooser)
            card.briefs.append(score)
            if on_brief is not None:
                on_brief(score)
    return card
