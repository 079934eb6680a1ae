"""Chat reads briefs the way ``run`` does, asks about what is ambiguous or unknown,
and says plainly what it did not understand (issue #11)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ad_buyer.cli import run as crew_cli
from ad_buyer.sandbox.network import SandboxNetwork

from .e2e import sandbox_deals

runner = CliRunner()


@pytest.fixture
def network(cli_sandbox: SandboxNetwork) -> SandboxNetwork:
    return cli_sandbox


def chat(tmp_path: Path, script: str, *extra: str) -> Any:
    return runner.invoke(crew_cli.app, ["chat", "--db", f"sqlite:///{tmp_path / 'c.db'}",
                                        "--reference-date", "2026-12-01", *extra], input=script)


def test_ambiguous_date_is_asked_and_the_answer_used(tmp_path: Path,
                                                     network: SandboxNetwork) -> None:
    script = ("Campaign: Dates\n$90k CTV and audio, 03/04/2027 - 05/06/2027, US.\n"
              "Dance like nobody is watching.\n\n"
              "3 April - 5 June 2027\nquit\n")
    result = chat(tmp_path, script)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert ("flight_dates: '03/04/2027' could be 3 April 2027 (day first) or March 4 2027 "
            "(month first)") in out
    assert "flight 2027-04-03 to 2027-06-05" in out
    assert "I did not understand: 'Dance like nobody is watching'" in out
    assert sandbox_deals(network) == []


def test_unknown_seller_is_asked_again_naming_the_candidates(
        tmp_path: Path, network: SandboxNetwork) -> None:
    script = ("$90k CTV, Q3 2027, US. Exclude sellers: Stremwave TV Group.\n\n"
              "exclude StreamWave\nquit\n")
    result = chat(tmp_path, script)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "no seller matches excluded seller 'Stremwave TV Group'; did you mean: " \
           "StreamWave CTV (streamwave)" in out
    assert "excluded sellers StreamWave" in out
    assert "sellers as the planner answered: exclude StreamWave" in out


def test_past_flight_is_refused_in_chat_unless_allowed(tmp_path: Path,
                                                       network: SandboxNetwork) -> None:
    brief = "$90k CTV, Nov 1 2026 - Jan 31 2027, US.\n\n"
    refused = chat(tmp_path, brief + "quit\n")
    assert refused.exit_code == 2
    assert "a past start is refused" in " ".join(refused.output.split())
    allowed = chat(tmp_path, brief + "quit\n", "--allow-past")
    assert allowed.exit_code == 0, allowed.output
    assert "allowed by --allow-past" in " ".join(allowed.output.split())


def test_dropping_a_seller_the_registry_does_not_have_is_not_applied(
        tmp_path: Path, network: SandboxNetwork) -> None:
    script = "$90k CTV, Q3 2027, US.\n\ndrop seller Acme Media\ndrop seller Streamwav\nquit\n"
    result = chat(tmp_path, script)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "Not applied: no seller matches excluded seller 'Acme Media'; did you mean:" in out
    assert "Seller Streamwav excluded: it will get no deal." in out


def test_unread_cpm_is_asked_about_and_a_restatement_is_read(
        tmp_path: Path, network: SandboxNetwork) -> None:
    script = ("$90k CTV, Q3 2027, US, keep the eCPM sensible.\n\n"
              "max CPM $20\nquit\n")
    result = chat(tmp_path, script)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "unread: 'keep the eCPM sensible' was not understood and carries a CPM" in out
    assert "I did not understand: 'keep the eCPM sensible'" not in out  # asked, not ignored
    assert "max CPM USD 20.00" in out
    assert sandbox_deals(network) == []


def test_unread_place_can_be_ignored_by_the_planner(tmp_path: Path,
                                                    network: SandboxNetwork) -> None:
    script = ("$90k CTV, Q3 2027, US, plus a few towns near the lake.\n\nignore\nquit\n")
    result = chat(tmp_path, script)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "'plus a few towns near the lake' was not understood and carries a place" in out
    assert "flight 2027-07-01 to 2027-09-30" in out
    assert sandbox_deals(network) == []
