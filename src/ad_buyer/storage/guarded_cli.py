"""Every ``ad-buyer`` command ends on a storage failure with one line, not a traceback.

:class:`StorageGuardedGroup` is the CLI's command group: an error whose cause is the
storage (:func:`~ad_buyer.storage.faults.classify`: disk full, read-only, locked,
gone) that escapes a command is printed as the one line of
:class:`~ad_buyer.storage.faults.StorageFailure` and the command exits
:data:`~ad_buyer.storage.faults.STORAGE_EXIT`.
"""

from __future__ import annotations

import logging
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from ad_buyer.storage.faults import STORAGE_EXIT, FaultWatch, StorageFailure, classify

logger = logging.getLogger(__name__)
console = Console(stderr=False)


class StorageGuardedGroup(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # the command's own ending, already told
        except Exception as exc:
            failure = exc if isinstance(exc, StorageFailure) else None
            if failure is None:
                fault = classify(exc)
                if fault is None:
                    raise
                # The engine's own note knows the database it was (a file system's
                # read-only from a file that is gone).
                noted = FaultWatch.worst()
                failure = StorageFailure(noted[0] if noted else fault)
            logger.debug("command stopped by its storage", exc_info=True)
            console.print(f"[bold red]{escape(failure.line())}[/bold red]", soft_wrap=True)
            raise typer.Exit(STORAGE_EXIT) from None
