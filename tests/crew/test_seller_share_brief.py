"""A brief sets the per-seller share (issue 17): the intake reads it, the "read as"
block shows it, and the run holds it unless ``--max-seller-share`` overrides it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ad_buyer.cli import app
from ad_buyer.events.log import RationaleLog
from ad_buyer.guards.shares import ShareCap, parse_share
from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap, CampaignBrief, Channel
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.storage.db import Database
from seller_records import live_by_channel, runs_in

from .conftest import REFERENCE

BASE = "Budget $300k on CTV and display, July 1 - Sept 30 2027, US adults 25-54. "


def read(extra: str) -> CampaignBrief | BriefGap:
    return extract_brief(BASE + extra, reference_date=date(2027, 1, 5))


@pytest.mark.parametrize(("phrase", "share"), [
    ("No seller above 30%.", Decimal(30)),
    ("Max 25% per seller.", Decimal(25)),
    ("At most 35 percent per seller.", Decimal(35)),
    ("No more than a third of a channel with any one seller.", Decimal("33.33")),
    ("No single seller gets more than a quarter.", Decimal(25)),
    ("20% max per seller", Decimal(20)),
    ("Cap each seller at 45%.", Decimal(45)),
])
def test_a_brief_sets_the_seller_share(phrase: str, share: Decimal) -> None:
    brief = read(phrase)
    assert isinstance(brief, CampaignBrief), brief
    assert brief.max_seller_share_pct == share
    assert not brief.no_seller_share_cap
    assert brief.not_understood == []
    assert brief.budget_micros == 300_000_000_000  # the percent is no budget,
    assert brief.channel_split == {}  # no split,
    assert brief.max_cpm_micros is None  # and no CPM cap
    assert ("seller share", f"at most {share.normalize():f}% of a channel's budget "
                            "per seller") in brief.facts()


def test_a_brief_asks_for_no_seller_cap() -> None:
    brief = read("No seller cap.")
    assert isinstance(brief, CampaignBrief), brief
    assert brief.no_seller_share_cap
    assert brief.max_seller_share_pct is None
    assert ("seller share", "no cap") in brief.read_as().facts


def test_a_brief_without_a_share_states_none() -> None:
    brief = read("")
    assert isinstance(brief, CampaignBrief), brief
    assert brief.max_seller_share_pct is None
    assert not brief.no_seller_share_cap
    assert all(label != "seller share" for label, _ in brief.facts())


def test_a_split_and_a_share_are_both_read() -> None:
    brief = read("Split 60/40 CTV/display, no seller above 30%.")
    assert isinstance(brief, CampaignBrief), brief
    assert brief.channel_split == {Channel.CTV: Decimal(60), Channel.DISPLAY: Decimal(40)}
    assert brief.max_seller_share_pct == Decimal(30)


@pytest.mark.parametrize("phrase", ["No seller above 30%. Max 25% per seller.",
                                    "No seller above 30%, no seller cap."])
def test_two_different_shares_are_asked_about(phrase: str) -> None:
    gap = read(phrase)
    assert isinstance(gap, BriefGap)
    assert [i.field for i in gap.issues] == ["seller_share"]


def test_the_option_wins_over_the_brief() -> None:
    brief = read("No seller above 30%.")
    assert isinstance(brief, CampaignBrief)
    assert ShareCap().for_brief(brief).seller_share_pct == Decimal(30)
    assert parse_share(None).for_brief(brief).seller_share_pct == Decimal(30)
    assert parse_share("50").for_brief(brief).seller_share_pct == Decimal(50)
    assert parse_share("none").for_brief(brief).seller_share_pct is None
    no_cap = read("No seller cap.")
    assert isinstance(no_cap, CampaignBrief)
    assert ShareCap().for_brief(no_cap).seller_share_pct is None
    assert parse_share("40").for_brief(no_cap).seller_share_pct == Decimal(40)


CLI_BRIEF = ("Campaign: Share CTV. Budget $60k, flight July 1 - Sept 30 2026. CTV only, "
             "adults 25-54 in the US. No seller above 20%.")


def share_notes(db_url: str) -> list[str]:
    database = Database(db_url)
    try:
        [run] = runs_in(db_url)
        return [e.rationale for e in RationaleLog(database).get_run(run.id).entries
                if e.kind == "guard" and "seller share cap applied" in e.summary]
    finally:
        database.dispose()


def test_a_run_holds_the_briefs_seller_share(cli_sandbox: SandboxNetwork,
                                             tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'share.db'}"
    result = CliRunner().invoke(app, ["run", CLI_BRIEF, "--db", db_url,
                                      "--reference-date", REFERENCE.isoformat()])
    assert result.exit_code == 0, result.output
    assert "at most 20% of a channel's budget per seller" in " ".join(result.output.split())
    held = live_by_channel(cli_sandbox)["ctv"]
    assert held
    assert max(held.values()) <= 60_000_000_000 * 20 // 100  # the sellers' own records
    notes = share_notes(db_url)
    assert notes
    assert all("no seller above 20%" in n and "set by the brief" in n
                         for n in notes)


def test_the_share_option_overrides_the_briefs(cli_sandbox: SandboxNetwork,
                                               tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'override.db'}"
    result = CliRunner().invoke(app, ["run", CLI_BRIEF, "--dry-run", "--db", db_url,
                                      "--reference-date", REFERENCE.isoformat(),
                                      "--max-seller-share", "35"])
    assert result.exit_code == 0, result.output
    notes = share_notes(db_url)
    assert notes
    assert all("no seller above 35%" in n and "set by the option" in n
                         for n in notes)
