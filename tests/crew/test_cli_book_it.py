"""The dry run's closing "to book it" command: run as printed, through the CLI, it
books the plan the dry run made, with every option the dry run was given."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ad_buyer.cli.options import takes_run_options
from ad_buyer.cli.run import app
from ad_buyer.durable.run_options import RunOptions
from ad_buyer.durable.run_states import status_of
from ad_buyer.durable.workflows import RunRequest
from ad_buyer.pacing import PacingStore
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.storage.db import Database

from .e2e import sandbox_deals
from .test_run_campaign import BRIEF

runner = CliRunner()


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AD_BUYER_LLM", "offline")


def _lines(out: str, title: str) -> list[list[str]]:
    """The cells of each line of the portfolio table titled ``title``."""
    table = out.split(title, 1)[1].split("└", 1)[0]
    return [[c.strip() for c in row.split("│")[1:-1]] for row in table.splitlines()
            if row.startswith("│")]


def _portfolio(out: str, title: str) -> set[tuple[str, str]]:
    """(channel, seller) of each line of the portfolio table."""
    return {(line[0], line[1]) for line in _lines(out, title)}


def _rows(out: str, title: str) -> int:
    return len(_lines(out, title))


def _options(request: RunRequest) -> RunOptions:
    return RunOptions.model_validate(request.model_dump(include=set(RunOptions.model_fields)))


def _requested(db: str, run_id: str) -> RunRequest:
    workflow = status_of(Database(db), [run_id])[run_id]
    return RunRequest.model_validate_json(workflow.input["args"][1])


def test_the_printed_command_books_what_the_dry_run_planned_with_its_options(
        tmp_path: Path, cli_sandbox: SandboxNetwork) -> None:
    network = cli_sandbox
    db = f"sqlite:///{tmp_path / 'book-it.db'}"
    dry = runner.invoke(app, [
        "run", BRIEF, "--db", db, "--reference-date", "2026-05-10", "--dry-run",
        "--booking", "all_or_nothing", "--pacing", "auto", "--max-seller-share", "50",
        "--max-package-share", "none"])
    assert dry.exit_code == 0, dry.output
    planned = _portfolio(dry.output, "Planned portfolio")
    assert {channel for channel, _ in planned} == {"ctv", "audio"}
    assert sandbox_deals(network) == []
    dry_run_id = dry.output.split("run id: ", 1)[1].split()[0]

    command = dry.output.rsplit("to book it: ", 1)[1].strip()  # the brief spans lines
    words = shlex.split(command)
    assert words[:2] == ["ad-buyer", "run"]
    booked = runner.invoke(app, words[1:])
    assert booked.exit_code == 0, booked.output
    run_id = booked.output.split("run id: ", 1)[1].split()[0]

    # The same plan: every channel bought from the sellers the dry run planned, and the
    # sellers hold as many deals as the booked portfolio lists.
    assert _portfolio(booked.output, "Booked portfolio") == planned
    assert len(sandbox_deals(network)) == _rows(booked.output, "Booked portfolio")
    # With the dry run's options: the same request but for booking it.
    dry_request, request = _requested(db, dry_run_id), _requested(db, run_id)
    assert dry_request.dry_run
    assert not request.dry_run
    assert _options(request) == _options(dry_request)
    assert request.booking_mode == "all_or_nothing"
    assert request.share_cap.seller_share_pct == 50
    assert request.share_cap.package_share_pct is None
    assert PacingStore(Database(db)).load_run(run_id)[1] == "auto"


@pytest.mark.parametrize("given", [
    [],
    ["--registry-url", "http://127.0.0.1:9/registry", "--reference-date", "2027-01-31",
     "--allow-past", "--pacing", "auto", "--booking", "all_or_nothing"],
    ["--max-seller-share", "12.5%", "--max-package-share", "30"],
    ["--max-seller-share", "none", "--seller", "http://127.0.0.1:9/a",
     "--seller", "http://127.0.0.1:9/b"],
])
def test_run_options_read_back_from_their_own_words(given: list[str]) -> None:
    seen: list[RunOptions] = []
    probe = typer.Typer()

    @probe.command()
    @takes_run_options(sellers=True)
    def command(*, options: RunOptions) -> None:
        seen.append(options)

    assert runner.invoke(probe, given).exit_code == 0
    again = runner.invoke(probe, seen[0].command_words())
    assert again.exit_code == 0, again.output
    assert seen[1] == seen[0]
    if given:
        assert seen[0] != RunOptions()
