"""Executor ids that cannot collide: two processes with one hostname and one pid
(containers started under one --hostname, each as pid 1) never pass for each other."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from ad_buyer.durable.engine import executor_id
from ad_buyer.durable.liveness import executor_alive, executor_lease

HOST = socket.gethostname()


def _twin() -> str:
    """This process's host and pid under another process's token (a container twin)."""
    return f"{HOST}/0123456789ab:{os.getpid()}"


def test_each_process_has_its_own_id() -> None:
    mine = executor_id()
    host_and_token, _, pid = mine.rpartition(":")
    assert pid == str(os.getpid())
    assert host_and_token.startswith(f"{HOST}/")
    assert executor_id() == mine  # stable within the process
    code = "from ad_buyer.durable.engine import executor_id; print(executor_id())"
    others = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout.strip() for _ in range(2)}
    assert len(others) == 2
    assert mine not in others


def test_a_twin_with_our_host_and_pid_is_not_taken_for_us() -> None:
    assert executor_alive(executor_id())
    assert not executor_alive(_twin())
    assert not executor_alive(_twin(), "sqlite:///x.db")
    assert executor_alive(f"{HOST}:{os.getpid()}")  # an id of an earlier version: by pid


def test_on_postgres_the_twin_is_alive_exactly_while_it_holds_its_lease(
        postgres_url: str) -> None:
    twin = _twin()
    assert not executor_alive(twin, postgres_url)
    with executor_lease(postgres_url, twin):
        assert executor_alive(twin, postgres_url)
        assert executor_alive(executor_id(), postgres_url)  # ourselves, lease or not
    assert not executor_alive(twin, postgres_url)
