"""The runs of a worker that died are taken up by the workers still running.

DBOS re-runs a process's pending workflows when that process starts again under
the same executor id. Ours is ``host:pid``, which never comes back, so without
help a crashed worker's runs would wait for ``ad-buyer resume RUN --queue``.
Every worker therefore does what DBOS's admin API offers self-hosted deployments
(``POST /dbos-workflow-recovery`` with the ids of dead executors): every few
seconds it looks for campaign runs still PENDING under an executor that is gone
(:func:`~ad_buyer.durable.liveness.executor_alive`: its pid on this host, its
lease on a shared Postgres) and hands those executors to DBOS's recovery, which
puts their pending workflows back on their queue. Any worker then continues each
from its last completed step, its bookings under the same keys.

DBOS re-enqueues a workflow only while it is still PENDING under one of the dead
executors, so two workers recovering the same one at once start it once. A run
stopped on purpose (Ctrl-C, SIGTERM) is CANCELLED, not PENDING, and is left for
``ad-buyer resume``. Runs of ``ad-buyer run`` and ``resume`` processes wait on
their own process's queue, not the campaign queue, and are left to them too.
"""

from __future__ import annotations

import logging

from dbos import DBOS

from ad_buyer.durable.engine import executor_id
from ad_buyer.durable.liveness import executor_alive
from ad_buyer.durable.queues import CAMPAIGN_QUEUE
from ad_buyer.durable.workflows import WORKFLOW_NAME, workflow_id

__all__ = ["DEFAULT_RECOVER_EVERY_S", "abandoned_executors", "recover_abandoned"]

logger = logging.getLogger(__name__)

# How often a worker looks for runs of dead workers.
DEFAULT_RECOVER_EVERY_S = 10.0


def abandoned_executors(db_url: str) -> list[str]:
    """Executors, other than this process, that left campaign runs PENDING and are gone."""
    pending = DBOS.list_workflows(status="PENDING", name=WORKFLOW_NAME,
                                  queue_name=CAMPAIGN_QUEUE, load_input=False,
                                  load_output=False)
    mine = executor_id()
    owners = {str(w.executor_id) for w in pending if w.executor_id and w.executor_id != mine}
    return sorted(owner for owner in owners if not executor_alive(owner, db_url))


def recover_abandoned(db_url: str) -> dict[str, list[str]]:
    """Put the pending campaign runs of dead executors back on the campaign queue.

    Returns the run ids put back, by the executor that left them (empty: nothing to do).
    """
    recovered: dict[str, list[str]] = {}
    prefix = workflow_id("")
    for owner in abandoned_executors(db_url):
        # The call behind DBOS's admin recovery endpoint (it takes executor ids).
        handles = DBOS._recover_pending_workflows([owner])
        runs = sorted(h.workflow_id.removeprefix(prefix) for h in handles
                      if h.workflow_id.startswith(prefix))
        if runs:
            logger.info("recovered %d run(s) of executor %s: %s", len(runs), owner,
                        ", ".join(runs))
            recovered[owner] = runs
    return recovered
