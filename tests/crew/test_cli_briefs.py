"""Briefs as a new user writes them, through ``ad-buyer run`` (issue #11).

Each run pins ``--reference-date``: "today" for the reading, never the wall clock.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ad_buyer.sandbox.network import SandboxNetwork

from .e2e import run_cli, sandbox_deals

TODAY = "2026-12-01"
BASE = "$100k, CTV, July 1 - Sept 30 2027, US, max $60 CPM. "


@pytest.fixture
def network(cli_sandbox: SandboxNetwork) -> SandboxNetwork:
    return cli_sandbox


def run(tmp_path: Path, brief: str, *extra: str) -> tuple[int, str]:
    return run_cli(tmp_path, brief, "--reference-date", TODAY, *extra)


def _no_seller_called(out: str) -> bool:
    return not any(word in out for word in ("Looking for CTV sellers", "quote(s) in from",
                                            "Booked portfolio"))


def test_excluded_seller_by_display_name_gets_no_deal(tmp_path: Path,
                                                      network: SandboxNetwork) -> None:
    code, out = run(tmp_path, BASE + "Exclude sellers: StreamWave.")
    assert code == 0, out
    deals = sandbox_deals(network)
    assert deals, "the other CTV sellers are bought"
    assert not network.booked_deals("streamwave")
    assert "excluded sellers  'StreamWave' -> StreamWave CTV (streamwave)" in out


@pytest.mark.parametrize("phrase", ["Avoid StreamWave.", "No Stream Wave please.",
                                    "Not on Streamwav.", "Use only OmniCast and PrimeTime."])
def test_exclusion_and_inclusion_phrasings_keep_streamwave_out(
        tmp_path: Path, network: SandboxNetwork, phrase: str) -> None:
    code, out = run(tmp_path, BASE + phrase, "--dry-run")
    assert code == 0, out
    # The portfolio, not the closing booking command (which repeats the brief).
    planned = out.split("Planned portfolio", 1)[1].split("to book it:", 1)[0]
    assert "streamwave" not in planned.lower()
    assert "omnicast" in planned.lower() or "primetime" in planned.lower()


def test_unknown_seller_stops_before_any_quote_listing_what_it_might_mean(
        tmp_path: Path, network: SandboxNetwork) -> None:
    code, out = run(tmp_path, BASE + "Exclude sellers: Acme Media.")
    assert code == 2, out
    assert "no seller matches excluded seller 'Acme Media'; did you mean:" in out
    assert "OmniCast Media (omnicast)" in out
    assert _no_seller_called(out)
    assert sandbox_deals(network) == []


@pytest.mark.parametrize(("brief", "needle"), [
    ("Budget -$100k, CTV, July 1 - Sept 30 2027", "'-$100k' is negative"),
    ("$0 on CTV, July 1 - Sept 30 2027", "is zero"),
    ("$50k CTV Q1 2020", "ends on or before today (2026-12-01)"),
    ("$50k CTV, July 1 - Sept 30 2026", "ends on or before today"),
    ("$50k CTV, Nov 1 2026 - Jan 31 2027", "before today (2026-12-01); a past start is refused"),
    ("$50k CTV, 03/04/2027 - 05/06/2027", "could be 3 April 2027 (day first) or March 4 2027"),
    ("C$200k on CTV in Canada, Q3 2027", "no registered seller sells in CAD"),
])
def test_briefs_that_cannot_run_exit_2_with_one_line_before_any_seller_call(
        tmp_path: Path, network: SandboxNetwork, brief: str, needle: str) -> None:
    code, out = run(tmp_path, brief)
    assert code == 2, out
    assert needle in " ".join(out.split()), out
    assert _no_seller_called(out)
    assert sandbox_deals(network) == []


def test_allow_past_runs_a_flight_that_started_but_not_one_that_ended(
        tmp_path: Path, network: SandboxNetwork) -> None:
    code, out = run(tmp_path, "$50k CTV, Nov 1 2026 - Jan 31 2027, US", "--allow-past",
                    "--dry-run")
    assert code == 0, out
    assert "allowed by --allow-past" in out
    code, out = run(tmp_path, "$50k CTV, July 1 - Sept 30 2026", "--allow-past")
    assert code == 2
    assert "a flight must end in the future" in out


def test_read_as_block_comes_before_any_seller_call_with_assumptions(
        tmp_path: Path, network: SandboxNetwork) -> None:
    code, out = run(tmp_path, "about 300 grand, CTV and mobile 60/40, July-September, "
                              "adults 18-34, US. Make it pop!", "--dry-run")
    assert code == 0, out
    assert out.index("read as") < out.index("Looking for CTV sellers")
    flat = " ".join(out.split())
    assert "campaign CTV + Mobile App Awareness July 2027" in flat
    assert "budget USD 300,000.00" in flat
    assert "flight 2027-07-01 to 2027-09-30" in flat
    assert "split ctv 60%, mobile_app 40%" in flat
    assert "'July .. September' has no year: read as July .. September 2027" in flat
    assert "Not understood (ignored): - 'Make it pop'" in flat
    # The stated split is honoured exactly by the allocator.
    assert "Budget split (stated split): ctv 180,000.00, mobile_app 120,000.00 USD" in flat


# ---- issue #17 / #19: nothing a brief says is dropped silently ----------------------------


def test_cpm_cap_written_plainly_is_read_and_held(tmp_path: Path,
                                                  network: SandboxNetwork) -> None:
    code, out = run(tmp_path, "$40k on display, Q3 2027, men 18-34, US, max CPM 12",
                    "--dry-run")
    flat = " ".join(out.split())
    assert code == 0, out
    assert "Not understood" not in flat, out
    assert "max CPM USD 12.00" in flat
    planned = out.split("Planned portfolio", 1)[1].split("total planned", 1)[0]
    cpms = [float(re.findall(r"\b\d+\.\d\d\b", line.split("(planned)")[1])[0])
            for line in planned.splitlines() if "(planned)" in line]
    assert cpms, planned
    assert all(cpm <= 12 for cpm in cpms), planned


def test_unread_part_carrying_a_cpm_stops_a_batch_run_naming_it(
        tmp_path: Path, network: SandboxNetwork) -> None:
    code, out = run(tmp_path, "$400k on CTV, Q3 2027, men 18-34, US, keep the eCPM sensible")
    flat = " ".join(out.split())
    assert code == 2, out
    assert "'keep the eCPM sensible' was not understood and carries a CPM" in flat
    assert _no_seller_called(out)
    assert sandbox_deals(network) == []


def test_cities_are_read_as_dmas_each_listed_as_an_assumption(
        tmp_path: Path, network: SandboxNetwork) -> None:
    code, out = run(tmp_path, "$50,000 on DOOH in NYC and LA during July 2027", "--dry-run")
    flat = " ".join(out.split())
    assert code == 0, out
    assert "DMAs 501, 803" in flat
    assert "'NYC' read as the New York DMA (501)" in flat
    assert "'LA' read as the Los Angeles DMA (803)" in flat
    assert "geo US" in flat
    assert "Not understood" not in flat


def test_a_city_in_several_dmas_stops_the_run(tmp_path: Path,
                                              network: SandboxNetwork) -> None:
    code, out = run(tmp_path, "$100k CTV in Springfield, Q3 2027")
    assert code == 2, out
    assert "'Springfield' is in several DMAs" in " ".join(out.split())
    assert sandbox_deals(network) == []


def test_read_as_shows_the_seller_a_misspelt_exclusion_matched(
        tmp_path: Path, network: SandboxNetwork) -> None:
    code, out = run(tmp_path, "Please plan 2M on CTV during the first half of next year, "
                              "excluding Primtime Netwrks.", "--dry-run")
    flat = " ".join(out.split())
    assert code == 0, out
    assert "excluded sellers 'Primtime Netwrks' -> PrimeTime Networks (primetime) " \
           "(close spelling" in flat
    assert "flight 2027-01-01 to 2027-06-30" in flat
    assert "primetime" not in out.split("Planned portfolio", 1)[1].lower()
