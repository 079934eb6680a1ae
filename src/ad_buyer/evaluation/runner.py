"""Run the evaluation briefs and score each kind of expectation.

Each brief runs end to end (intake, the crew, booking) with the configured
model against a fresh in-process sandbox and its own SQLite file, so briefs
never see each other's deals. The score of an expectation kind is the share of
its checks that passed, over every brief that states one.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from ad_buyer.crew.buyer import desks_for_sandbox
from ad_buyer.crew.run import run_campaign
from ad_buyer.evaluation.expectations import Expectation, Outcome, Verdict, check_all
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


def load_briefs(path: Path | None = None) -> list[EvalBrief]:
    """The shipped briefs (``briefs.yaml`` in this package), or ``path``."""
    text = (path.read_text(encoding="utf-8") if path is not None else
            resources.files("ad_buyer.evaluation").joinpath("briefs.yaml")
            .read_text(encoding="utf-8"))
    briefs = TypeAdapter(list[EvalBrief]).validate_python(yaml.safe_load(text))
    ids = [b.id for b in briefs]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise ValueError(f"brief ids repeat: {duplicated}")
    return briefs


@dataclass
class BriefScore:
    brief: EvalBrief
    verdicts: list[Verdict]
    run_id: str
    status: str


@dataclass
class Scorecard:
    model: str
    briefs: list[BriefScore] = field(default_factory=list)

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
              ) -> BriefScore:
    network, bus = in_process_sandbox(), InMemoryEventBus()
    db = Database(f"sqlite:///{workdir / f'{brief.id}.db'}")
    try:
        result = run_campaign(brief.brief, desks=desks_for_sandbox(bus, network),
                              db=db, bus=bus, env=dict(env) if env is not None else None,
                              reference_date=brief.reference_date, register_pacing=False)
    finally:
        db.dispose()
    verdicts = check_all(brief.expect, Outcome(result, network))
    return BriefScore(brief, verdicts, result.run_id, result.status.value)


def evaluate(briefs: Sequence[EvalBrief], *, model: str,
             env: Mapping[str, str] | None = None,
             on_brief: Callable[[BriefScore], None] | None = None) -> Scorecard:
    card = Scorecard(model=model)
    with tempfile.TemporaryDirectory(prefix="ad-buyer-eval-") as tmp:
        for brief in briefs:
            score = run_brief(brief, Path(tmp), env)
            card.briefs.append(score)
            if on_brief is not None:
                on_brief(score)
    return card
