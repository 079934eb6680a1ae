"""``ad-buyer``: run a brief, plan by chat, read the rationale log, pace, sellers' keys,
sandbox."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.logging import RichHandler

from ad_buyer.api.cli import serve_command
from ad_buyer.clients.sellers_cli import sellers_app
from ad_buyer.crew import cli as crew_cli
from ad_buyer.durable.cli import resume_command, runs_command
from ad_buyer.durable.ops_cli import workers_command
from ad_buyer.durable.queue_cli import enqueue_command, worker_command
from ad_buyer.evaluation.cli import eval_command
from ad_buyer.mcp_server.cli import mcp_command
from ad_buyer.pacing.cli import pace_app
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


app.command("run")(crew_cli.run_command)
app.command("chat")(crew_cli.chat_command)
app.add_typer(crew_cli.log_app, name="log")
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
