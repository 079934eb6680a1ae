"""One run, one review: a real sandbox run through ``ad-buyer run``, then the same
totals and negotiation savings in the run's own output, ``log show``, the HTML report
(parsed) and the console's run page; the report's negotiation table equals the run's
records, every chart title appears once, and an agreed price above the rival's price
says why. The run's progress is in a planner's words; ``--verbose`` names the agents
and tools."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from ad_buyer.cli import app as main_app
from ad_buyer.cli import briefs as cli_briefs
from ad_buyer.cli.run import app
from ad_buyer.crew.buyer import desks_for_sandbox
from ad_buyer.events.log import RationaleLog
from ad_buyer.models.money import cost_micros, to_micros
from ad_buyer.reporting.facts import channel_results, money, portfolio
from ad_buyer.reporting.review import run_review
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox
from ad_buyer.storage.db import Database
from api.conftest import (
    BRIEF,
    REFERENCE,
    console_get,
    console_run_page,
    pace_in_july,
    sandbox_deals,
)

runner = CliRunner()
TOOLS = ("discover_sellers", "read_media_kits", "request_quotes", "negotiate_quote",
         "propose_portfolio", "book_portfolio", "delegate_channel", "propose_allocation")
AGENTS = ("Portfolio Manager", "Specialist", "allocator")
INTERNAL_REFS = re.compile(r"\b(ctv|audio)-(Q\d+|proposal-\d+)\b")


class Run:
    def __init__(self, network: SandboxNetwork, db: str, run_id: str, output: str) -> None:
        self.network = network
        self.db = db
        self.run_id = run_id
        self.output = output


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *words: str) -> Run:
    monkeypatch.setenv("AD_BUYER_LLM", "offline")
    monkeypatch.setenv("AD_BUYER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "80")
    network = in_process_sandbox()
    monkeypatch.setattr(cli_briefs, "seller_desks",
                        lambda _url, bus: desks_for_sandbox(bus, network))
    db = f"sqlite:///{tmp_path / 'review.db'}"
    result = runner.invoke(app, ["run", BRIEF, "--db", db, "--reference-date", REFERENCE,
                                 *words])
    assert result.exit_code == 0, result.output
    run_id = result.output.split("run id: ", 1)[1].split()[0]
    return Run(network, db, run_id, result.output)


@pytest.fixture(scope="module")
def booked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    with pytest.MonkeyPatch.context() as patch:
        yield _run(tmp_path_factory.mktemp("review"), patch)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_progress_is_in_a_planners_words(booked: Run) -> None:
    out = booked.output
    progress = out.split("Booked portfolio", 1)[0]
    for word in (*TOOLS, *AGENTS):
        assert word not in progress, word
    assert not INTERNAL_REFS.search(progress)
    deals = sandbox_deals(booked.network)
    assert "Asking CTV sellers for quotes on " in progress
    assert re.search(r"\nNegotiated with \w+: asked [\d.]+, offered [\d.]+, agreed [\d.]+", out)
    booked_lines = re.findall(r"\nBooked (\d+) (CTV|audio) deals, USD ([\d,.]+)", out)
    assert {channel for _, channel, _ in booked_lines} == {"CTV", "audio"}
    # The deals the lines count are the deals the sellers hold.
    assert sum(int(n) for n, _, _ in booked_lines) == len(deals)
    record = RationaleLog(Database(booked.db)).get_run(booked.run_id)
    committed = {r.channel.value: money(r.committed_micros, "USD")
                 for r in channel_results(record)}
    assert {("CTV" if c == "ctv" else c): amount for c, amount in committed.items()} \
        == {channel: f"USD {amount}" for _, channel, amount in booked_lines}


def test_verbose_progress_names_the_agents_and_tools(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    out = _run(tmp_path, monkeypatch, "--verbose").output
    for shown in ("(CTV Specialist → request_quotes)", "(Portfolio Manager → delegate_channel)",
                  "(Audio Specialist → book_portfolio)", "allocation allocator:"):
        assert shown in out, shown
    assert INTERNAL_REFS.search(out)


def _console_page(booked: Run) -> BeautifulSoup:
    return console_run_page(booked.network, booked.db, booked.run_id)


def _report(booked: Run) -> BeautifulSoup:
    exported = runner.invoke(app, ["log", "export", booked.run_id, "--db", booked.db,
                                   "--html", "--out", "-"])
    assert exported.exit_code == 0, exported.output
    return BeautifulSoup(exported.output, "html.parser")


def test_console_report_and_cli_show_the_same_totals_and_savings(booked: Run) -> None:
    record = RationaleLog(Database(booked.db)).get_run(booked.run_id)
    review = run_review(record)
    saved, total = review.negotiations.saved_text, review.spend_text
    assert review.negotiations.saved_micros > 0  # the sandbox sellers give ground
    cli = _one_line(booked.output)
    assert f"negotiation saved {saved} against the sellers' opening asks" in cli
    assert f"total spend: {total}" in cli
    shown = runner.invoke(app, ["log", "show", booked.run_id, "--db", booked.db])
    assert shown.exit_code == 0, shown.output
    assert f"negotiation saved {saved} against" in _one_line(shown.output)
    assert f"total spend: {total}" in _one_line(shown.output)
    report = _report(booked)
    assert report.select_one('[data-figure="negotiation-saved"]').get_text() == saved
    assert report.select_one('[data-figure="negotiation-saved-total"]').get_text() == saved
    console = _console_page(booked)
    assert console.select_one('[data-testid="negotiation-saved"]').get_text() == saved
    assert console.select_one('[data-testid="saved"]').get_text() == saved
    assert console.select_one('[data-testid="against-budget"]').get_text() == total


def _runs_row(booked: Run) -> list[str]:
    listed = runner.invoke(main_app, ["runs", "--db", booked.db], env={"COLUMNS": "200"})
    assert listed.exit_code == 0, listed.output
    [row] = [line for line in listed.output.splitlines() if line.startswith(booked.run_id)]
    return row.split()


def test_the_run_page_says_planned_committed_and_held_as_runs_does(booked: Run) -> None:
    _, state, _budget, planned, committed, held, currency, *_ = _runs_row(booked)
    assert state == "completed"
    page = _console_page(booked)
    figure = {f: page.select_one(f'[data-testid="{f}"]').get_text()
              for f in ("planned", "committed", "held", "against-budget")}
    assert figure["planned"] == "–" == planned.replace("-", "–")
    assert figure["committed"] == f"{currency} {committed}"
    assert figure["held"] == f"{currency} {held}" == f"{currency} 0.00"
    review = run_review(RationaleLog(Database(booked.db)).get_run(booked.run_id))
    # Nothing held: what counts against the budget is what is committed, which is
    # the review's total spend (the CLI's, log show's and the report's).
    assert figure["against-budget"] == figure["committed"] == review.spend_text
    words = " ".join(page.select_one("#money-words").get_text().split())
    assert "planned is a dry run's plan, sent to no seller" in words
    assert "committed is live at sellers" in words
    assert "held was sent to a seller but its outcome was never read back" in words


def test_the_reports_negotiation_table_is_the_runs_records(booked: Run) -> None:
    record = RationaleLog(Database(booked.db)).get_run(booked.run_id)
    negotiations = [e.data for e in record.entries if e.kind == "negotiation"]
    assert negotiations
    table = _report(booked).select_one("table.negotiations")
    data_rows = [tr for tr in table.find_all("tr") if tr.find("td") and not tr.get("class")]
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in data_rows]
    assert len(rows) == len(negotiations)
    cap = int(record.brief["max_cpm_micros"])
    bought = portfolio(record).lines
    saved_total = 0
    for tr, row, data in zip(data_rows, rows, negotiations, strict=True):
        asked, offered, agreed = (to_micros(data[k]) for k in ("ask", "offered", "final_price"))
        limit, rival = min(asked, cap), to_micros(data["walk_away"])
        assert row[2:7] == [money(asked, "USD"), money(offered, "USD"), money(agreed, "USD"),
                            money(limit, "USD"), money(rival, "USD")]
        assert row[7].startswith(money(asked - agreed, "USD") + " CPM")
        # Saved on the impressions booked from this seller at the agreed price.
        impressions = int(row[8].split(" on ", 1)[1].split()[0].replace(",", ""))
        assert any(x.seller_url.rstrip("/") == data["seller_url"].rstrip("/")
                   and x.cpm_micros == agreed and x.impressions == impressions
                   for x in bought)
        saved = cost_micros(asked - agreed, impressions)
        assert row[8].startswith(money(saved, "USD"))
        saved_total += saved
        # An agreed price above the rival's is never shown without its reason.
        reason = tr.find_next_sibling("tr")
        assert ("reason" in (reason.get("class") or [])) == (agreed > rival)
        if agreed > rival:
            assert f"Agreed above the best rival's {money(rival, 'USD')}:" in reason.get_text()
    assert any(to_micros(d["final_price"]) > to_micros(d["walk_away"]) for d in negotiations)
    total = table.find("tr", class_="total").get_text(" ", strip=True)
    assert money(saved_total, "USD") in total


def test_each_chart_title_appears_once(booked: Run) -> None:
    report = _report(booked)
    text = report.get_text(" ")
    for title in ("Allocation by channel", "Committed by seller"):
        assert text.count(title) == 1, title
        assert len(report.find_all(attrs={"aria-label": title})) == 1
    headings = [h.get_text() for h in report.find_all(["h1", "h2", "h3"])]
    assert len(headings) == len(set(headings))


def test_the_console_and_the_report_draw_one_pacing_chart(booked: Run) -> None:
    """Last in this file: it adds pacing measurements to the shared run."""
    import asyncio

    from ad_buyer.crew.handoff import pacing_history
    from ad_buyer.reporting.html import export_html

    asyncio.run(pace_in_july(booked.db, booked.run_id, booked.network))
    database = Database(booked.db)
    record = RationaleLog(database).get_run(booked.run_id)
    report = export_html(record, pacing=pacing_history(database, booked.run_id))
    in_report = report[report.index('<svg id="pacing-chart"'):]
    in_report = in_report[:in_report.index("</svg>") + len("</svg>")]
    console = console_get(booked.network, booked.db,
                          f"/console/runs/{booked.run_id}/pacing.svg").strip()
    assert console == in_report  # one view, one figure: nothing can differ
    campaign = run_review(record).campaign
    assert f"{campaign}: actual vs planned spend" in console
    assert f"{booked.run_id}: actual" not in console
    # The chart's alternative text says how its small panels are grouped (this run: by seller).
    page = console_get(booked.network, booked.db, f"/console/runs/{booked.run_id}")
    assert "then one small panel per seller\"" in page
    # `ad-buyer pace` draws its PNG from the same view: titled with the campaign's name.
    png = Path(booked.db.removeprefix("sqlite:///")).with_name("pacing.png")
    paced = runner.invoke(main_app, ["pace", "status", booked.run_id, "--no-fetch", "--db",
                                     booked.db, "--chart", str(png)], env={"COLUMNS": "200"})
    assert paced.exit_code == 0, paced.output
    assert f"chart: {png} ({campaign}: actual vs planned spend)" in paced.output
    assert png.read_bytes()[:4] == b"\x89PNG"
