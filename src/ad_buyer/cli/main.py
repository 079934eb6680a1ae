"""``ad-buyer``: run a brief, plan by chat, read the rationale log, pace, sellers' keys,
sandbox."""

from __future__ import annotations

import atexit
import logging
import os
import sys
from typing import Annotated

import typer
from rich.logging import RichHandler

from ad_buyer.cli import run as run_cli
from ad_buyer.cli.evaluate import eval_command
from ad_buyer.cli.mcp import mcp_command
from ad_buyer.cli.pace import pace_app
from ad_buyer.cli.queue import enqueue_command, worker_command
from ad_buyer.cli.runs import resume_command, runs_command
from ad_buyer.cli.sellers import sellers_app
from ad_buyer.cli.serve import serve_command
from ad_buyer.cli.workers import workers_command
from ad_buyer.sandbox.cli import sandbox_app
from ad_buyer.storage.faults import QuietStorageFaults
from ad_buyer.storage.guarded_cli import StorageGuardedGroup

app = typer.Typer(
    help="ad-buyer: an agentic media buyer. A brief in; a booked, paced portfolio and "
    "its rationale log out.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    cls=StorageGuardedGroup,
)


@app.callback()
def main(
    log_level: Annotated[str, typer.Option(
        "--log-level", help="library log level: debug, info, warning, error")] = "warning",
) -> None:
    """Configure logging once, for every command."""
    level = logging.getLevelName(log_level.upper())
    if not isinstance(level, int):
        raise typer.BadParameter(f"unknown log level {log_level!r}", param_hint="--log-level")
    console = RichHandler(show_time=False, show_path=False)
    console.addFilter(QuietStorageFaults())
    logging.basicConfig(level=level, format="%(name)s: %(message)s", handlers=[console],
                        force=True)


app.command("run")(run_cli.run_command)
app.command("chat")(run_cli.chat_command)
app.add_typer(run_cli.log_app, name="log")
app.command("eval")(eval_command)
app.command("runs")(runs_command)
app.command("resume")(resume_command)
app.command("enqueue")(enqueue_command)
app.command("worker")(worker_command)
app.command("workers")(workers_command)
app.add_typer(pace_app, name="pace")
app.add_typer(sellers_app, name="sellers")
app.add_typer(sandbox_app, name="sandbox")
app.command("serve")(serve_command)
app.command("mcp")(mcp_command)


def console_script() -> None:
    """The ``ad-buyer`` command: :data:`app`, then, after a command that loaded the crew,
    a quick exit. The interpreter's teardown of CrewAI's thousands of modules took
    seconds after the last line was printed; by then the run's records are committed and
    the engine stopped, so the exit handlers run and the process ends without it."""
    try:
        app()
    except SystemExit as done:
        if "crewai" not in sys.modules or not isinstance(done.code, int | None):
            raise
        code = done.code or 0
    else:  # pragma: no cover - typer's app() always ends with SystemExit
        code = 0
    # Threads still alive are idle pools (the run's work is done and recorded).
    atexit._run_exitfuncs()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
