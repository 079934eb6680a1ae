"""``ad-buyer eval``: the shipped briefs, their checks, and the score table."""

from __future__ import annotations

from datetime import date

from typer.testing import CliRunner

from ad_buyer.cli import app
from ad_buyer.crew.run import CampaignRunResult
from ad_buyer.evaluation.expectations import (
    ChannelSplit,
    CpmCap,
    NoMoneyTo,
    Outcome,
    check,
)
from ad_buyer.evaluation.runner import load_briefs
from ad_buyer.events.log import RunStatus
from ad_buyer.models.brief import CampaignBrief, Channel
from ad_buyer.orchestration.desk.models import ChannelBuyResult
from ad_buyer.sandbox.testing import in_process_sandbox


def test_the_shipped_briefs_are_many_varied_and_valid() -> None:
    briefs = load_briefs()
    assert len(briefs) >= 25
    kinds = {e.kind for b in briefs for e in b.expect}
    assert {"no_money_to", "no_adult_only", "cpm_cap", "channel_split", "budget_use",
            "status", "books_nothing"} <= kinds


def result(lines: list[dict[str, object]], channel: Channel = Channel.CTV) -> CampaignRunResult:
    brief = CampaignBrief(name="t", budget_micros=100_000_000_000,
                          flight_start=date(2027, 7, 1), flight_end=date(2027, 9, 30),
                          channels=[Channel.CTV, Channel.DISPLAY], max_cpm_micros=30_000_000)
    committed = sum(int(str(x["cost_micros"])) for x in lines)
    return CampaignRunResult(
        run_id="r", status=RunStatus.COMPLETED, manager_model="m", specialist_model="s",
        brief=brief, committed_micros=committed,
        channel_results=[ChannelBuyResult(channel=channel, committed_micros=committed,
                                          booked=lines)])


def line(cpm: int, cost: int) -> dict[str, object]:
    return {"status": "booked", "cpm_micros": cpm, "cost_micros": cost,
            "seller_url": "http://x", "product_id": "p", "deal_type": "PD"}


def test_checks_fail_on_what_breaks_them() -> None:
    network = in_process_sandbox()
    over = check(CpmCap(), Outcome(result([line(31_000_000, 10)]), network))
    assert not over.passed
    assert over.detail == "1 deal(s) over the cap"
    assert check(CpmCap(), Outcome(result([line(30_000_000, 10)]), network)).passed
    lopsided = check(ChannelSplit(shares={"ctv": 50, "display": 50}),
                     Outcome(result([line(1, 10)]), network))
    assert not lopsided.passed
    assert lopsided.detail == "ctv 100.0%, display 0.0%"
    unknown = check(NoMoneyTo(seller="Nobody Media"), Outcome(result([]), network))
    assert not unknown.passed  # a name the sandbox does not know cannot pass vacuously


def test_eval_command_prints_a_score_per_expectation() -> None:
    out = CliRunner().invoke(app, ["eval", "--only", "q3-ctv-mobile", "--only",
                                   "gap-no-budget", "--only", "blocked-seller-never-paid",
                                   "--no-baselines"],
                             env={"COLUMNS": "120", "AD_BUYER_LLM": "offline"})
    assert out.exit_code == 0, out.output
    assert "evaluating 3 brief(s) with offline" in out.output
    assert "q3-ctv-mobile: 5/5" in out.output
    assert "gap-no-budget: 2/2 (blocked" in out.output
    for kind in ("cpm_cap", "no_money_to", "status", "books_nothing", "all"):
        assert kind in out.output
    table = out.output.split("ad-buyer eval (development):", 1)[1]
    assert "│ all " in table
    assert "100%" in table
    bad = CliRunner().invoke(app, ["eval", "--only", "no-such-brief"])
    assert bad.exit_code == 2
    assert "no brief with id ['no-such-brief']" in bad.output
