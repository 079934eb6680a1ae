"""The DBOS engine a command runs durable work on.

The system database sits next to the buyer's own: for the default SQLite file
``<home>/ad_buyer.db`` it is ``<home>/ad_buyer.dbos.db``; for a Postgres URL it
is the same database (DBOS keeps its tables in the ``dbos`` schema), which is
how several ``ad-buyer worker`` processes share one queue.
``AD_BUYER_DBOS_URL`` overrides it.

Each process runs DBOS under its own executor id (``host:pid``), so starting a
command never silently resumes another process's work; an interrupted run is
resumed only when asked (``ad-buyer resume RUN``), and only once its owner is
gone.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dbos import DBOS, DBOSConfig

from ad_buyer import __version__

logger = logging.getLogger(__name__)

APP_NAME = "ad-buyer"
DBOS_URL_ENV = "AD_BUYER_DBOS_URL"
# How long a stopping process waits for the step in flight to finish.
STOP_TIMEOUT_S = 120


class EngineConfigError(ValueError):
    """The database URL cannot carry durable runs."""


def system_database_url(db_url: str) -> str:
    """Where DBOS keeps workflows and steps for the buyer database ``db_url``."""
    configured = os.environ.get(DBOS_URL_ENV)
    if configured:
        return configured
    if db_url.startswith("sqlite:///"):
        path = db_url.removeprefix("sqlite:///")
        if not path or path.startswith(":memory:"):
            raise EngineConfigError("durable runs need a database file or server, not an "
                                    "in-memory SQLite database")
        file = Path(path)
        suffix = file.suffix or ".db"
        return f"sqlite:///{file.with_name(f'{file.stem}.dbos{suffix}')}"
    if db_url.startswith(("postgresql", "postgres")):
        scheme, rest = db_url.split("://", 1)
        return f"postgresql://{rest}" if "+" in scheme else db_url
    raise EngineConfigError(f"durable runs need SQLite or Postgres, not {db_url.split(':')[0]}")


def executor_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def executor_alive(executor: str | None) -> bool:
    """Is the process that owns a workflow still running (on this host)?"""
    if not executor or ":" not in executor:
        return False
    host, _, pid = executor.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _DbosConsole(logging.StreamHandler):  # type: ignore[type-arg]
    """DBOS's log lines on whatever stderr is now (DBOS's own handler keeps the stream
    it first saw), without the noise of a run the user stopped on purpose."""

    name = "__dbos_console_log_handler__"

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.Formatter("%(levelname)s dbos: %(message)s"))

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _: object) -> None:
        pass

    def filter(self, record: logging.LogRecord) -> bool:
        cancelled = record.exc_info is not None and "Cancelled" in type(record.exc_info[1]).__name__
        return not cancelled and "cancelled during execution" not in record.getMessage() \
            and "no longer owned by this execution" not in record.getMessage()


def _quiet_dbos_console() -> None:
    dbos_logger = logging.getLogger("dbos")
    if not any(isinstance(h, _DbosConsole) for h in dbos_logger.handlers):
        dbos_logger.handlers[:] = [_DbosConsole()]
        dbos_logger.propagate = False


@contextmanager
def durable_engine(db_url: str, *, launch: bool = True) -> Iterator[None]:
    """DBOS configured for ``db_url`` and launched for the body; stopped after it,
    waiting for the step in flight."""
    import ad_buyer.durable.workflows  # noqa: F401  (registers the workflows)

    config: DBOSConfig = {
        "name": APP_NAME,
        "system_database_url": system_database_url(db_url),
        "executor_id": executor_id(),
        "application_version": __version__,
        "log_level": os.environ.get("AD_BUYER_DBOS_LOG_LEVEL", "WARNING"),
        "notification_listener_polling_interval_sec": 0.2,
        "scheduler_polling_interval_sec": 1.0,
    }
    _quiet_dbos_console()
    DBOS(config=config)
    try:
        if launch:
            DBOS.launch()
        yield
    finally:
        DBOS.destroy(workflow_completion_timeout_sec=STOP_TIMEOUT_S)
