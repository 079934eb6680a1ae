"""CLI helper: open the buyer's database, or fail with a usage error naming ``--db``."""

from __future__ import annotations

import typer

from ad_buyer.storage.db import DEFAULT_DB_ENV, Database, default_database_url
from ad_buyer.storage.faults import FaultKind, FaultWatch, StorageFailure, classify

DB_HINT = f"--db / ${DEFAULT_DB_ENV}"
URL_EXAMPLES = "e.g. sqlite:///path/ad_buyer.db or postgresql+psycopg://user@host/dbname"


def open_database(url: str | None) -> Database:
    """``Database(url)``; a bad URL, a missing driver or an unreachable server is a
    ``typer.BadParameter`` (exit 2) with the reason, never a traceback; a database that
    is full, read-only or locked is a :class:`StorageFailure` (one line, exit 75)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    try:
        return Database(url)
    except ArgumentError as exc:
        raise typer.BadParameter(f"not a database URL ({URL_EXAMPLES})",
                                 param_hint=DB_HINT) from exc
    except ImportError as exc:
        raise typer.BadParameter(
            f"the database driver is not installed ({exc}); for Postgres: "
            "pip install 'psycopg[binary]'", param_hint=DB_HINT) from exc
    except OSError as exc:  # the SQLite file's folder cannot be created
        raise typer.BadParameter(f"cannot create the database folder: {exc}",
                                 param_hint=DB_HINT) from exc
    except SQLAlchemyError as exc:
        noted = FaultWatch.worst()  # the engine's note knows the file system's state
        fault = noted[0] if noted else classify(exc)
        if fault is not None and fault.kind is not FaultKind.GONE:
            raise StorageFailure(fault) from exc  # one line, exit 75: the storage, not --db
        shown = make_url(url or default_database_url()).render_as_string(hide_password=True)
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise typer.BadParameter(f"cannot open database {shown}: {reason}",
                                 param_hint=DB_HINT) from exc


def check_durable_url(url: str, hint: str = "--db") -> None:
    """A usage error (exit 2) when the durable engine cannot keep its records beside ``url``."""
    from ad_buyer.durable.engine import EngineConfigError, system_database_url

    try:
        system_database_url(url)
    except EngineConfigError as exc:
        raise typer.BadParameter(str(exc), param_hint=hint) from exc
