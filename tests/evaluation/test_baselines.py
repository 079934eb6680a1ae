"""Baseline choosers plug in where the offline specialist chooses, behind the same guards."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ad_buyer.cli import app
from ad_buyer.crew.policy.choosers import CheapestFirst, RandomChooser
from ad_buyer.evaluation.runner import load_briefs, run_brief

OFFLINE = {"AD_BUYER_LLM": "offline"}


def test_each_chooser_changes_what_is_bought_and_every_guard_still_holds(
        tmp_path: Path) -> None:
    brief = next(b for b in load_briefs() if b.id == "q3-ctv-mobile")
    policy = run_brief(brief, tmp_path, OFFLINE)
    cheapest = run_brief(brief, tmp_path, OFFLINE, CheapestFirst())
    first = run_brief(brief, tmp_path, OFFLINE, RandomChooser("7:q3-ctv-mobile"))
    again = run_brief(brief, tmp_path, OFFLINE, RandomChooser("7:q3-ctv-mobile"))
    for score in (policy, cheapest, first, again):
        assert score.status == "completed"
        assert all(v.passed for v in score.verdicts if v.kind in {"cpm_cap", "within_budget"})
    # The policy buys full audience fits; cheapest first buys some partial ones.
    assert policy.decisions.rank_impressions == 0
    assert cheapest.decisions.rank_impressions > 0
    # Fixed seed, same choices.
    assert first.decisions == again.decisions
    assert first.decisions != policy.decisions


def test_eval_prints_decisions_for_both_sets_beside_the_baselines() -> None:
    out = CliRunner().invoke(app, ["eval", "--only", "q3-ctv-mobile", "--only",
                                   "ho-ctv-women-q4", "--seed", "3"],
                             env={"COLUMNS": "200", "AD_BUYER_LLM": "offline"})
    assert out.exit_code == 0, out.output
    assert "development set: 1 brief(s)" in out.output
    assert "held-out set: 1 brief(s)" in out.output
    for title in ("decisions (development set)", "decisions (held-out set)"):
        table = out.output.split(title, 1)[1]
        for row in ("random legal (seed 3)", "cheapest first", "offline"):
            assert row in table
        assert "price vs cheapest fill" in table
    dev = out.output.split("decisions (development set)", 1)[1].split("held-out set")[0]
    assert "5/5" in dev  # the offline policy's checks on q3-ctv-mobile
