"""The buyer as a service: one object the HTTP API and the MCP server both call.

It holds the buyer's database and a durable engine (DBOS) for the life of the
process. Plans are quoted and booked by the campaign workflow on this process's
own queue (as ``ad-buyer run`` and ``chat`` run it); ``POST /runs`` puts runs on
the campaign queue the workers take from. DBOS is one engine per process, so a
process serves one :class:`BuyerService`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from ad_buyer.api.models import SellerOut
from ad_buyer.api.pacing import PacingViews
from ad_buyer.api.planning import Planner
from ad_buyer.api.runs import RunViews
from ad_buyer.storage.db import Database

if TYPE_CHECKING:
    from ad_buyer.crew.run import CampaignRunResult
    from ad_buyer.durable.engine import EngineStop
    from ad_buyer.durable.workflows import RunRequest

logger = logging.getLogger(__name__)

# How often a request waiting on its run looks at the run's workflow.
RESULT_POLL_S = 0.1


class BuyerService:
    def __init__(self, db_url: str | None = None, *, registry_url: str | None = None,
                 network: Callable[[str | None, Any], Any] | None = None,
                 pacing_clients: Any = None) -> None:
        from ad_buyer.crew.buyer import seller_network

        self.database = Database(db_url)
        self.registry_url = registry_url
        self.network = network or seller_network
        self.runs = RunViews(self.database, registry_url=registry_url)
        self.pacing = PacingViews(self.database, pacing_clients)
        self.planner = Planner(self.database, registry_url=registry_url, network=self.network,
                               run_here=self.run_here, runs=self.runs)
        self._stack: ExitStack | None = None
        self._stop: EngineStop | None = None
        self._in_flight = 0
        self._lock = threading.Lock()

    # ---- the durable engine ------------------------------------------------------

    def start(self) -> None:
        """Launch the durable engine, taking work from this process's own queue only."""
        from ad_buyer.durable.engine import durable_engine
        from ad_buyer.durable.queues import here_queue, here_queue_name

        stack = ExitStack()
        try:
            self._stop = stack.enter_context(
                durable_engine(self.database.url, queues=(here_queue_name(),)))
            stack.enter_context(here_queue())
        except BaseException:
            stack.close()
            raise
        self._stack = stack

    def stop(self) -> None:
        if self._stack is None:
            return
        if self._stop is not None and self._in_flight == 0:
            self._stop.wait_s = 0  # nothing in flight: no step to wait for
        stack, self._stack = self._stack, None
        stack.close()
        self.runs.close()

    def run_here(self, run_id: str, request: RunRequest) -> CampaignRunResult:
        """Run the campaign workflow in this process and wait for its result."""
        from dbos import DBOS

        from ad_buyer.crew.run import CampaignRunResult
        from ad_buyer.durable import workflows
        from ad_buyer.durable.queues import submit_here

        if self._stack is None:
            raise RuntimeError("the service's durable engine is not running")
        with self._lock:
            self._in_flight += 1
        workflows.watch(run_id, workflows.Watcher(network=self.network))
        try:
            submit_here(run_id, request, self.database)
            handle: Any = DBOS.retrieve_workflow(workflows.workflow_id(run_id))
            outcome: str = handle.get_result(polling_interval_sec=RESULT_POLL_S)
        finally:
            workflows.unwatch(run_id)
            with self._lock:
                self._in_flight -= 1
        return CampaignRunResult.model_validate_json(outcome)

    # ---- sellers -----------------------------------------------------------------

    def sellers(self) -> list[SellerOut]:
        """The registry's sellers, and whether a key is stored for each (never the key)."""
        from ad_buyer.async_bridge import run_sync
        from ad_buyer.clients.credentials import SellerKeyStore
        from ad_buyer.events.bus import InMemoryEventBus

        network = self.network(self.registry_url, InMemoryEventBus())
        cards = run_sync(network.orchestrator.registry_client.discover_sellers(currency=None))
        keys = SellerKeyStore()
        return [SellerOut(id=c.agent_id, name=c.name, url=c.url,
                          has_key=keys.key_for(c.url) is not None) for c in cards]
