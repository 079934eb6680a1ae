"""A new user's mistakes on the command line: a clear message, a non-zero exit, no traceback.

Each case also checks that nothing was run: no run in the rationale log.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from ad_buyer.cli import app
from ad_buyer.events.log import RationaleLog
from ad_buyer.storage.db import Database

runner = CliRunner(env={"COLUMNS": "200"})
BRIEF = ("Q3 2027 launch. Budget: $50k. Flight: July 1 - September 30, 2027. "
         "Channels: CTV. US, adults 25-54.")


def _invoke(args: list[str], input: str | None = None) -> Result:
    result = runner.invoke(app, args, input=input)
    assert "Traceback" not in result.output
    # A handled error ends in SystemExit; anything else is an unhandled exception.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def _flat(result: Result) -> str:
    """The output with rich's box borders and line wrapping removed."""
    text = result.output.replace("│", " ").replace("╭", " ").replace("╰", " ")
    return " ".join(text.split())


def _no_runs(db: str) -> bool:
    return RationaleLog(Database(db)).list_runs(10) == []


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.mark.parametrize("brief", ["no-such-brief.txt", "briefs/missing", "plan.md"])
def test_a_missing_brief_file_is_named_not_read_as_text(brief: str, db: str) -> None:
    result = _invoke(["run", brief, "--db", db])
    assert result.exit_code == 2
    out = _flat(result)
    assert f"no brief file '{brief}'" in out
    assert "'-' to read stdin" in out
    assert _no_runs(db)


def test_a_directory_as_brief(tmp_path: Path, db: str) -> None:
    result = _invoke(["run", str(tmp_path), "--db", db])
    assert result.exit_code == 2
    assert "is a directory" in _flat(result)
    assert _no_runs(db)


def test_a_brief_file_that_is_not_text(tmp_path: Path, db: str) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_bytes(b"\xff\xfe\x00budget \xc6\x28")
    result = _invoke(["run", str(brief), "--db", db])
    assert result.exit_code == 2
    assert "is not UTF-8 text" in _flat(result)
    assert _no_runs(db)


def test_an_inline_one_word_brief_is_still_read_as_the_brief(db: str) -> None:
    result = _invoke(["run", "CTV", "--db", db, "--reference-date", "2027-01-01"])
    assert result.exit_code == 2  # gaps: budget and flight dates
    assert "cannot be run yet" in _flat(result)
    assert "no brief file" not in _flat(result)


def test_an_empty_brief_lists_its_gaps(tmp_path: Path, db: str) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = _invoke(["run", str(empty), "--db", db])
    assert result.exit_code == 2
    assert "empty brief" in _flat(result)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_registry_stops_before_the_run(db: str) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/agent-registry"
    result = _invoke(["run", BRIEF, "--db", db, "--registry-url", url])
    assert result.exit_code == 1
    out = _flat(result)
    assert f"the seller registry {url} did not answer as a registry" in out
    assert "ConnectError" in out
    assert "ad-buyer sandbox serve" in out
    assert "Nothing was run or booked" in out
    assert _no_runs(db)


class _NotFound(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def not_a_registry() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _NotFound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_url_that_is_not_a_registry(not_a_registry: str, db: str) -> None:
    result = _invoke(["run", BRIEF, "--db", db, "--registry-url", not_a_registry])
    assert result.exit_code == 1
    out = _flat(result)
    assert f"the seller registry {not_a_registry} did not answer as a registry" in out
    assert "HTTP 404" in out
    assert _no_runs(db)


def test_chat_checks_the_registry_too(db: str) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/agent-registry"
    result = _invoke(["chat", "--db", db, "--registry-url", url], input=BRIEF + "\n\n")
    assert result.exit_code == 1
    assert "did not answer as a registry" in _flat(result)


def test_pace_an_unknown_run_says_where_run_ids_come_from(db: str) -> None:
    result = _invoke(["pace", "no-such-run", "--db", db])
    assert result.exit_code == 2
    out = _flat(result)
    assert "no pacing run 'no-such-run'" in out
    assert "ad-buyer log list" in out


@pytest.mark.parametrize("command", ["status", "cycle"])
def test_a_malformed_as_of_is_named_before_the_run_is_looked_up(command: str,
                                                                 db: str) -> None:
    result = _invoke(["pace", command, "no-such-run", "--as-of", "2027-13-01", "--db", db])
    assert result.exit_code == 2
    out = _flat(result)
    assert "--as-of" in out
    assert "'2027-13-01'" in out


def test_simulate_names_a_bad_start_date(db: str) -> None:
    result = _invoke(["pace", "simulate", "--start", "2027-02-30", "--db", db])
    assert result.exit_code == 2
    out = _flat(result)
    assert "Invalid value for --start" in out
    assert "ISO date (YYYY-MM-DD)" in out


def test_log_show_an_unknown_run(db: str) -> None:
    result = _invoke(["log", "show", "no-such-run", "--db", db])
    assert result.exit_code == 1
    assert "no run 'no-such-run'" in _flat(result)


@pytest.mark.parametrize("args", [["log", "list"], ["pace", "some-run"],
                                  ["run", BRIEF]])
def test_a_bad_database_url(args: list[str]) -> None:
    result = _invoke([*args, "--db", "not-a-url"])
    assert result.exit_code == 2
    assert "not a database URL" in _flat(result)


def test_a_database_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = _invoke(["log", "list", "--db", f"sqlite:///{blocker}/sub/x.db"])
    assert result.exit_code == 2
    assert "cannot create the database folder" in _flat(result)


def test_a_database_that_cannot_be_opened(tmp_path: Path) -> None:
    folder = tmp_path / "x.db"
    folder.mkdir()  # a folder where the SQLite file should be
    result = _invoke(["log", "list", "--db", f"sqlite:///{folder}"])
    assert result.exit_code == 2
    assert "cannot open database" in _flat(result)


def test_sandbox_serve_on_a_busy_port_says_so_before_printing_addresses() -> None:
    import socket

    from typer.testing import CliRunner

    from ad_buyer.cli import app

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(app, ["sandbox", "serve", "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "Registry" not in result.output
