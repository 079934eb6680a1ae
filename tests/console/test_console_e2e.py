"""The console end to end in a real Chromium (Playwright, the system browser): a brief
pasted with gaps, a gap answered, two revisions, the confirm, and the deals booked at
the sandbox sellers; a reload mid-plan loses nothing and nothing is booked before the
confirm; the run review shows the delegation tree and the pacing chart; the XLSX
export's totals equal the run's. Each page is photographed at 1366x768 into
``.ci/artifacts/screenshots/`` for a reviewer."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ad_buyer.api.app import create_app
from ad_buyer.api.security import ApiKeys
from ad_buyer.api.service import BuyerService
from ad_buyer.crew.buyer import desks_for_sandbox
from ad_buyer.models.money import from_micros
from ad_buyer.pacing.sellers import SellerClients
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox
from api.conftest import REFERENCE, pace_in_july, sandbox_deals
from api.test_live_server import LiveServer

pytestmark = pytest.mark.server

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium"
                                        if Path("/usr/bin/chromium").exists() else None)
SCREENSHOTS = Path(__file__).resolve().parents[2] / ".ci" / "artifacts" / "screenshots"
# No budget and no flight: the console must ask for both before it plans.
GAPPY = """Campaign: Console Sips 2026
CTV and audio/podcast, adults 25-54 in the US. Goal: awareness. Max $45 CPM. PD or PG."""


@pytest.fixture(scope="module")
def sync_playwright_or_skip() -> Any:
    if CHROMIUM is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is required in CI (apt-get install -y chromium)")
        pytest.skip("chromium is not installed on this machine (apt-get install -y chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    return playwright.sync_playwright


class Console:
    def __init__(self, url: str, network: SandboxNetwork, service: BuyerService,
                 db_url: str) -> None:
        self.url = url
        self.network = network
        self.service = service
        self.db_url = db_url


@pytest.fixture
def console(tmp_path: Path) -> Iterator[Console]:
    network = in_process_sandbox()
    db_url = f"sqlite:///{tmp_path / 'console.db'}"
    service = BuyerService(db_url, network=lambda _url, bus: desks_for_sandbox(bus, network),
                           pacing_clients=SellerClients(network=network))
    with LiveServer(create_app(service, keys=ApiKeys([]))) as url:
        yield Console(url, network, service, db_url)


@pytest.fixture
def page(sync_playwright_or_skip: Any) -> Iterator[Any]:
    with sync_playwright_or_skip() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1366, "height": 768},
                                      accept_downloads=True)
        context.set_default_timeout(300_000)  # quoting and booking at the sandbox take a while
        yield context.new_page()
        browser.close()


def shoot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def measure_delivery(console: Console, run_id: str) -> None:
    """A few pacing cycles in the flight, as the pacing worker would run them."""
    # Playwright's sync API holds this thread's event loop: the cycles run on another.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, pace_in_july(console.db_url, run_id, console.network)).result()


def allocation(page: Any, channel: str) -> str:
    return str(page.locator(f'tr[data-channel="{channel}"] td').first.inner_text())


def test_plan_by_conversation_then_book_and_review(console: Console, page: Any,
                                                    tmp_path: Path) -> None:
    page.goto(f"{console.url}/console")
    shoot(page, "1-new-plan")
    page.get_by_label("Brief").fill(GAPPY)
    page.get_by_label("Read dates as of").fill(REFERENCE)
    page.get_by_role("button", name="Read the brief").click()

    # The gaps, as questions; nothing planned, nothing at any seller.
    page.get_by_role("heading", name="Before I can plan, I need").wait_for()
    budget_question = page.get_by_label("budget is missing", exact=False)
    flight_question = page.get_by_label("flight_dates is missing", exact=False)
    assert budget_question.is_visible()
    assert flight_question.is_visible()
    shoot(page, "2-brief-gaps")
    budget_question.fill("$250k")
    flight_question.fill("July 1 - Sept 30 2026")
    page.get_by_role("button", name="Answer").click()
    page.get_by_role("heading", name="Ready to plan").wait_for()
    page.reload()  # mid-plan: the answers are kept
    facts = page.locator("table.facts").inner_text()
    assert "USD 250,000.00" in facts
    assert "2026-07-01 to 2026-09-30" in facts
    # A fact of the "read as" block edited in place.
    page.get_by_label("New max CPM").fill("$42")
    page.get_by_role("button", name="Read again with these changes").click()
    page.get_by_role("heading", name="Ready to plan").wait_for()
    assert "max CPM\tUSD 42.00" in page.locator("table.facts").inner_text()
    shoot(page, "3-brief-read-as")
    assert sandbox_deals(console.network) == []

    page.get_by_role("button", name="Plan it").click()
    page.get_by_role("heading", name="Proposed deals").wait_for()
    plan_url = page.url
    assert "/console/plans/plan-" in plan_url
    rows = page.locator("table.deals tbody tr")
    assert rows.count() > 0
    assert sandbox_deals(console.network) == []  # a plan is quotes only
    shoot(page, "4-plan")
    ctv_before = allocation(page, "ctv")

    # A revision the guards refuse says why and changes nothing.
    page.get_by_label("Say it in words").fill("move 90% from audio to ctv")
    page.get_by_role("button", name="Revise", exact=True).click()
    assert "Not applied" in page.get_by_role("alert").inner_text()
    assert allocation(page, "ctv") == ctv_before
    assert page.locator("ol.changes li").count() == 0

    # Revise in words, then by editing.
    page.get_by_label("Say it in words").fill("move 10% from audio to ctv")
    page.get_by_role("button", name="Revise", exact=True).click()
    page.locator("ol.changes li").first.wait_for()
    assert page.locator("ol.changes li").count() == 1
    assert "Moved" in page.locator("ol.changes li").first.inner_text()
    assert allocation(page, "ctv") != ctv_before
    page.get_by_label("Max CPM (USD)").fill("40")
    page.get_by_role("button", name="Cap").click()
    page.locator("ol.changes li").nth(1).wait_for()
    changes = page.locator("ol.changes").inner_text()
    planned = page.get_by_test_id("planned-total").inner_text()

    # A reload mid-plan loses nothing: the plan, both revisions and what they changed.
    page.reload()
    assert page.url.split("#")[0] == plan_url
    assert page.locator("ol.changes").inner_text() == changes
    assert page.get_by_test_id("planned-total").inner_text() == planned
    assert "max CPM\tUSD 40.00" in page.locator("table.facts").inner_text()  # the cap
    assert sandbox_deals(console.network) == []  # nothing booked before the confirm
    shoot(page, "5-plan-revised")
    assert page.get_by_role("link", name="Change a fact of the brief").get_attribute(
        "href").startswith("/console/drafts/draft-")

    page.get_by_role("button", name="Confirm and book").click()
    page.get_by_role("heading", name="Booked portfolio").wait_for()
    run_id = page.url.rsplit("/", 1)[1]
    run = console.service.runs.detail(run_id)
    booked = [d for d in run.deals if d.status == "booked"]
    assert booked
    at_sellers = {stored.deal.deal_id for stored in sandbox_deals(console.network)}
    assert {d.deal_id for d in booked} == at_sellers  # the sellers' own records
    table = page.locator("table.deals").inner_text()
    assert all(d.deal_id in table for d in booked)
    assert page.get_by_test_id("committed").inner_text() == \
        f"{run.currency} {from_micros(run.committed_micros):,.2f}"

    saved = page.get_by_test_id("saved").inner_text()
    assert saved.startswith("USD ")
    assert saved != "USD 0.00"  # the sandbox sellers give ground on every quote

    measure_delivery(console, run_id)
    page.reload()
    tree = page.locator("#tree")
    assert tree.locator("details").count() > 5
    assert "Portfolio Manager" in tree.inner_text()
    chart = page.locator("#pacing-chart")
    chart.scroll_into_view_if_needed()
    assert page.evaluate("document.getElementById('pacing-chart').naturalWidth") > 0
    shoot(page, "6-run-review")

    # A pacing recommendation approved from the review goes to its seller.
    pending = [r for r in console.service.pacing.status(run_id).recommendations
               if r.status == "pending"]
    assert pending
    page.locator("ul.recs form[action$='/approve'] button").first.click()
    page.get_by_role("heading", name="Booked portfolio").wait_for()
    after = {r.id: r.status for r in console.service.pacing.status(run_id).recommendations}
    assert after[pending[0].id] != "pending"
    # The tree opens and closes from the keyboard.
    first = page.locator("#tree details").first
    was_open = first.get_attribute("open") is not None
    first.locator("summary").first.focus()
    page.keyboard.press("Enter")
    assert (first.get_attribute("open") is not None) is not was_open

    with page.expect_download() as download_info:
        page.locator("#xlsx").click()
    download = download_info.value
    assert download.suggested_filename == f"media-plan-{run_id}.xlsx"
    xlsx = tmp_path / download.suggested_filename
    download.save_as(xlsx)
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    rows_ = list(sheet.iter_rows(values_only=True))
    total = rows_[-1]
    assert total[0] == "Total"
    assert Decimal(str(total[8])) == from_micros(sum(d.cost_micros for d in run.deals))
    assert Decimal(str(total[8])) == from_micros(run.committed_micros + run.held_micros)
    assert len(rows_) == 2 + len(run.deals) + 1

    page.goto(f"{console.url}/console")
    assert page.get_by_role("link", name="Campaign: Console Sips 2026").get_attribute(
        "href") == plan_url.removeprefix(console.url)

    page.goto(f"{console.url}/console/runs")
    listed = page.locator("table.runs").inner_text()
    assert run_id in listed
    assert listed.count("dry run: quotes only") == 3  # the plan and its two revisions
    assert "completed" in listed
    shoot(page, "7-runs")
