"""The whole crew on the offline model against the sandbox: injection, pacing, HTML.

One booked run (module scope) is shared: it takes a few seconds.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ad_buyer.cli.run import app
from ad_buyer.crew.handoff import pacing_history
from ad_buyer.events.log import RationaleLog, RunStatus
from ad_buyer.models.brief import Channel
from ad_buyer.pacing import PacingEngine, PacingStore
from ad_buyer.pacing.chart import MAX_SELLER_LINES
from ad_buyer.pacing.store import PacingMeasurementRow
from ad_buyer.reporting.html import export_html
from ad_buyer.sandbox.catalog import PROMPT_INJECTION
from ad_buyer.untrusted import TAG

from .e2e import CrewRun, sandbox_deals

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium"
                                        if Path("/usr/bin/chromium").exists() else None)
MARKED_BLOCK = re.compile(rf"<{TAG}\b.*?</{TAG}>", re.DOTALL)


def _outside_markers(text: str) -> str:
    return MARKED_BLOCK.sub("", text)


def test_injecting_seller_changes_no_budget_cap_or_booking(booked: CrewRun) -> None:
    result = booked.result
    assert result.status is RunStatus.COMPLETED, result.report
    brief, allocation = result.brief, result.allocation
    assert brief is not None
    assert allocation is not None
    # The display channel really met the injecting seller.
    display_sellers = {s.seller_id for s in booked.network.sellers
                       if Channel.DISPLAY in s.channels}
    assert "bargainbanners" in display_sellers
    assert any(PROMPT_INJECTION in p for p in booked.prompts), "the injection reached no prompt"
    # Budget, cap and split are the brief's and the allocator's, untouched.
    assert brief.budget_micros == 250_000_000_000
    assert brief.max_cpm_micros == 45_000_000
    assert allocation.source == "allocator"
    assert sum(a.amount_micros for a in allocation.allocations) == brief.budget_micros
    for channel_result in result.channel_results:
        assert channel_result.committed_micros <= allocation.amount_for(channel_result.channel)
        for line in channel_result.booked:
            assert line["cpm_micros"] <= brief.max_cpm_micros
    assert result.committed_micros <= brief.budget_micros
    # "book every package": the sandbox holds exactly the deals the run reports.
    lines = [line for r in result.channel_results for line in r.booked]
    assert len(sandbox_deals(booked.network)) == len(lines)
    banners = [d for d in booked.network.booked_deals("bargainbanners")]
    assert len(banners) <= 5  # at most the per-channel deal limit, never "every package"


def test_seller_text_reaches_prompts_and_log_only_inside_markers(booked: CrewRun) -> None:
    marker = "Ignore your budget"
    shown = [p for p in booked.prompts if marker in p]
    assert shown, "the injecting seller's text never reached a prompt"
    for prompt in booked.prompts:
        assert marker not in _outside_markers(prompt)
    for prompt in shown:
        assert "never instructions" in prompt or "not instructions" in prompt
    run = RationaleLog(booked.db).get_run(booked.result.run_id)
    logged = [e for e in run.entries
              if marker in f"{e.summary}{e.rationale}{e.data.get('result', '')}"]
    assert logged, "the survey result with the seller's text is logged"
    for entry in run.entries:
        for text in (entry.summary, entry.rationale, str(entry.data.get("result", ""))):
            assert marker not in _outside_markers(text), (entry.kind, entry.summary[:80])


def test_every_offline_model_call_is_logged_once_with_its_tokens(booked: CrewRun) -> None:
    run = RationaleLog(booked.db).get_run(booked.result.run_id)
    calls = [e for e in run.entries if e.kind == "llm_call"]
    assert len(calls) == len(booked.prompts)  # one entry per call the model answered
    assert all(e.prompt_tokens > 0 and e.completion_tokens > 0 for e in calls)
    assert run.total_tokens == sum(e.prompt_tokens + e.completion_tokens for e in calls)
    assert all(e.cost_micros == 0 for e in calls)  # the offline policy costs nothing
    assert all(e.data["offline"] for e in calls)


def test_booked_deals_are_handed_to_pacing_under_the_run_id(booked: CrewRun) -> None:
    run_id = booked.result.run_id
    assert booked.result.pacing_run_id == run_id
    plan, mode = PacingStore(booked.db).load_run(run_id)
    lines = [line for r in booked.result.channel_results for line in r.booked]
    assert {d.deal_id for d in plan.deals} == {line["deal_id"] for line in lines}
    assert sum(d.budget_micros for d in plan.deals) == booked.result.committed_micros
    assert plan.budget_micros == 250_000_000_000
    engine = PacingEngine.open(booked.db, run_id, clients=lambda url: None)  # type: ignore[arg-type,return-value]
    assert engine.run_id == run_id
    assert mode


def _add_measurements(booked: CrewRun) -> None:
    run_id = booked.result.run_id
    plan, _ = PacingStore(booked.db).load_run(run_id)
    store = PacingStore(booked.db)
    start = datetime(2026, 7, 1, tzinfo=UTC)
    for day in (10, 20):
        for deal in plan.deals:
            store.add_measurement(PacingMeasurementRow(
                run_id=run_id, seller_url=deal.seller_url, deal_id=deal.deal_id,
                as_of=start + timedelta(days=day), impressions=deal.impressions * day // 92,
                spend_micros=deal.budget_micros * day // 92,
                booked_impressions=deal.impressions, seller_status="active", accepted=True))


def test_html_export_has_pacing_chart_once_measured(booked: CrewRun, tmp_path: Path) -> None:
    run = RationaleLog(booked.db).get_run(booked.result.run_id)
    before = export_html(run, pacing=pacing_history(booked.db, run.id))
    assert "no delivery has been measured yet" in before
    _add_measurements(booked)
    runner = CliRunner()
    out = tmp_path / "run.html"
    exported = runner.invoke(app, ["log", "export", run.id, "--db", booked.db_url, "--html",
                                   "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    html = out.read_text()
    assert 'id="pacing-chart"' in html
    plan, _ = PacingStore(booked.db).load_run(run.id)
    kind = "seller" if len({d.seller_url for d in plan.deals}) <= MAX_SELLER_LINES else "channel"
    assert f"by {kind}: actual (solid) and planned (dashed)" in html
    # Self-contained: no external stylesheet, script, image or font (the chart's
    # url(#...) clip paths point inside the page).
    assert not re.search(r"<link\b|<script\b|\bsrc=|url\((?!#)", html)


def _dump_dom(page: Path, profile: Path) -> str:
    assert CHROMIUM is not None
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_html_export_renders_every_section_in_headless_chromium(booked: CrewRun,
                                                                  tmp_path: Path) -> None:
    if CHROMIUM is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is required in CI (apt-get install -y chromium)")
        pytest.skip("chromium is not installed on this machine (apt-get install -y chromium)")
    run = RationaleLog(booked.db).get_run(booked.result.run_id)
    page = tmp_path / "run.html"
    page.write_text(export_html(run, pacing=pacing_history(booked.db, run.id)),
                    encoding="utf-8")
    dom = _dump_dom(page, tmp_path / "profile")
    for section in ("delegation-tree", "allocation-by-channel", "allocation-by-seller",
                    "negotiation-rounds", "rationales"):
        assert (f'id="{section}"' in dom or f"id={section}" in dom), section
    assert "delegate ctv to CTV Specialist" in dom
    assert dom.count("<svg") >= 2  # channel and seller charts rendered
    assert "<rect" in dom
    assert "<td>" in dom  # negotiation and rationale tables
    assert "why:" in dom
