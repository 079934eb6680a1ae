"""Taking a brief in at the command line: where its text comes from, the reference date,
the registry it will be bought through, and whether it was run before."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from ad_buyer.events.log import RunSummary

console = Console()

# A one-word BRIEF with one of these endings, or with a path separator, names a file.
BRIEF_FILE_SUFFIXES = (".txt", ".md", ".brief", ".text")


def looks_like_path(source: str) -> bool:
    if not source or any(ch.isspace() for ch in source):
        return False
    return "/" in source or os.sep in source or source.lower().endswith(BRIEF_FILE_SUFFIXES)


def read_brief(source: str) -> str:
    """The brief's text: stdin for ``-``, a file's content, or ``source`` itself.

    A missing file is refused rather than read as a (gap-ridden) inline brief.
    """
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if path.is_dir():
        raise typer.BadParameter(f"{source!r} is a directory; give a brief file, '-' for "
                                 "stdin, or the brief text in quotes", param_hint="BRIEF")
    if path.is_file():
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise typer.BadParameter(f"brief file {source!r} is not UTF-8 text",
                                     param_hint="BRIEF") from exc
        except OSError as exc:
            raise typer.BadParameter(f"cannot read brief file {source!r}: {exc.strerror}",
                                     param_hint="BRIEF") from exc
    if looks_like_path(source):
        raise typer.BadParameter(
            f"no brief file {source!r}. Check the path, or pass the brief text itself in "
            "quotes (e.g. '$250k, Q3 2027, CTV, US') or '-' to read stdin",
            param_hint="BRIEF")
    return source  # the brief itself, given inline


def check_registry(registry_url: str | None, sellers: tuple[str, ...] = ()) -> None:
    """Fail fast when ``--registry-url`` does not answer as a registry, or no
    ``--seller`` serves an agent card.

    Discovery treats an unreachable registry as "no sellers" (it fails safe), which
    for a whole run would end in an empty portfolio that looks like a market answer.
    """
    import asyncio

    from ad_buyer.registry.client import RegistryClient, RegistryError
    from ad_buyer.registry.named import NamedSellers

    async def check() -> None:
        client = NamedSellers(sellers, timeout=10.0) if sellers else \
            RegistryClient(str(registry_url), timeout=10.0)
        async with client:
            await client.check()

    try:
        asyncio.run(check())
    except RegistryError as exc:
        if sellers:
            console.print(f"[bold red]no named seller answered with an agent card: "
                          f"{escape(str(exc))}.[/bold red] Is each --seller the agent's base "
                          "URL (its card is at /.well-known/agent.json)? Nothing was run or "
                          "booked.")
            raise typer.Exit(code=1) from exc
        console.print(f"[bold red]the seller registry {escape(str(registry_url))} did not "
                      f"answer as a registry: {escape(str(exc))}.[/bold red] Is it running, "
                      "and is the URL its base (e.g. http://localhost:8080/agent-registry, "
                      "served by `ad-buyer sandbox serve`)? Nothing was run or booked.")
        raise typer.Exit(code=1) from exc


def parse_reference_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from exc


def repeat_message(earlier: list[RunSummary]) -> str:
    """Why a brief is not run again (rich markup)."""
    run = earlier[0]
    return (f"[bold red]This brief was already run: {run.id} ({run.status}, started "
            f"{run.started_at:%Y-%m-%d %H:%M}).[/bold red] Nothing was run. To buy it "
            "again, add --again; to continue an interrupted run: "
            f"ad-buyer resume {run.id}")


def refuse_repeat(earlier: list[RunSummary]) -> None:
    """Print why a brief is not run again, and stop (exit 2)."""
    console.print(repeat_message(earlier))
    raise typer.Exit(code=2)


def seller_desks(registry_url: str | None, bus: Any, sellers: tuple[str, ...] = ()) -> Any:
    """The channel desks a command buys through: named sellers, real sellers listed by a
    registry, or the default sandbox."""
    from ad_buyer.crew.buyer import seller_network

    return seller_network(registry_url, bus, sellers)
