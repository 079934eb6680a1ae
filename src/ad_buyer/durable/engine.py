"""The DBOS engine a command runs durable work on.

The system database sits next to the buyer's own: for the default SQLite file
``<home>/ad_buyer.db`` it is ``<home>/ad_buyer.dbos.db``; for a Postgres URL it
is the same database (DBOS keeps its tables in the ``dbos`` schema), which is
how several ``ad-buyer worker`` processes share one queue.
``AD_BUYER_DBOS_URL`` overrides it.

Each process runs DBOS under its own executor id (``host/token:pid``, a random token
per process, so no two processes share one), so starting a
command never silently resumes another process's work; an interrupted run is
resumed only when asked (``ad-buyer resume RUN``), and only once its owner is
gone (:mod:`ad_buyer.durable.liveness`).

A process takes work only from the queues it names: ``ad-buyer worker`` names
the campaign and pacing queues; ``run``, ``resume`` and ``chat`` name none, so
they run their own workflow and never a queued one. Every process with the
engine running holds its seller slots through the database
(:mod:`ad_buyer.clients.seller_slots`), so the per-seller limit counts all of them.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from dbos import DBOS, DBOSConfig

from ad_buyer import __version__
from ad_buyer.clients import seller_slots
from ad_buyer.durable.liveness import executor_alive, executor_lease, process_token
from ad_buyer.storage.db import use_wal
from ad_buyer.storage.faults import QuietStorageFaults

__all__ = ["APP_NAME", "DBOS_URL_ENV", "STOP_TIMEOUT_S", "EngineConfigError", "EngineStop",
           "durable_engine", "executor_alive", "executor_id", "system_database_url"]

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
    """``host/token:pid``, unique to this process (see :mod:`ad_buyer.durable.liveness`)."""
    return f"{socket.gethostname()}/{process_token()}:{os.getpid()}"


# How DBOS's own lines read (a worker puts the time in front: durable.worker_console).
DBOS_LOG_FORMATTER = logging.Formatter("%(levelname)s dbos: %(message)s")


class _DbosConsole(logging.StreamHandler):  # type: ignore[type-arg]
    """DBOS's log lines on whatever stderr is now (DBOS's own handler keeps the stream
    it first saw), without the noise of a run the user stopped on purpose."""

    name = "__dbos_console_log_handler__"

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(DBOS_LOG_FORMATTER)

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _: object) -> None:
        pass

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        cancelled = error is not None and "Cancelled" in type(error).__name__
        message = record.getMessage()
        # A storage fault ends the command with one line of its own.
        return not (cancelled or "cancelled during execution" in message
                    or "no longer owned by this execution" in message) \
            and QuietStorageFaults().filter(record)


def _quiet_dbos_console() -> None:
    dbos_logger = logging.getLogger("dbos")
    if not any(isinstance(h, _DbosConsole) for h in dbos_logger.handlers):
        dbos_logger.handlers[:] = [_DbosConsole()]
        dbos_logger.propagate = False


# How often DBOS's notification listener wakes. Nothing here waits on a notification
# (no send/recv, no events), so its wake-up only bounds how long the engine's stop waits
# to join it (0.2 s cost a run 0.1 s on average); an idle wake-up reads three empty maps.
NOTIFICATION_POLL_S = 0.05


@dataclass
class EngineStop:
    """How the engine stops after the body of :func:`durable_engine`.

    ``wait_s``: how long it waits for the workflows in flight to finish their step.
    A body that knows nothing is in flight (its one workflow has ended) sets 0, since
    DBOS otherwise waits at least a second before it looks.
    """

    wait_s: int = STOP_TIMEOUT_S


@contextmanager
def durable_engine(db_url: str, *, launch: bool = True, queues: Sequence[str] = (),
                   per_seller: int | None = None) -> Iterator[EngineStop]:
    """DBOS configured for ``db_url`` and launched for the body; stopped after it,
    waiting for the step in flight (see :class:`EngineStop`).

    ``queues`` are the queues this process takes work from (none: it runs only the
    workflows it starts or resumes itself). ``per_seller`` is the limit of requests
    in flight per seller (default ``$AD_BUYER_SELLER_CONCURRENCY``)."""
    # Importing registers the workflows with DBOS.
    import ad_buyer.durable.pacing_schedule
    import ad_buyer.durable.workflows  # noqa: F401

    config: DBOSConfig = {
        "name": APP_NAME,
        "system_database_url": system_database_url(db_url),
        "executor_id": executor_id(),
        "application_version": __version__,
        "log_level": os.environ.get("AD_BUYER_DBOS_LOG_LEVEL", "WARNING"),
        "notification_listener_polling_interval_sec": NOTIFICATION_POLL_S,
        "scheduler_polling_interval_sec": 1.0,
    }
    limit = per_seller if per_seller is not None else seller_slots.per_seller_limit()
    _quiet_dbos_console()
    use_wal(config["system_database_url"] or "")
    with ExitStack() as stack:
        stack.enter_context(executor_lease(db_url, config["executor_id"] or executor_id()))
        stack.enter_context(seller_slots.installed(db_url, limit))
        DBOS(config=config)
        stop = EngineStop()
        stack.callback(lambda: DBOS.destroy(workflow_completion_timeout_sec=stop.wait_s))
        DBOS.listen_queues(list(queues))
        if launch:
            DBOS.launch()
        yield stop
