"""A throwaway Postgres cluster for tests: Debian's ``postgresql`` binaries, a temp
folder, a free loopback port, fsync off; stopped and removed afterwards.

``initdb`` refuses to run as root, so as root the cluster runs as an unprivileged
user (``postgres`` where the package created it, else ``nobody``) through
``runuser``. Anything that stops the cluster from starting is a
:class:`ClusterUnavailable` with the reason, which the fixture turns into a skip.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

SERVER_USERS = ("postgres", "nobody")
START_TIMEOUT_S = 30


class ClusterUnavailable(RuntimeError):
    """Postgres cannot be started here (why is the message)."""


def _bin_dir() -> Path:
    on_path = shutil.which("initdb")
    if on_path:
        return Path(os.path.realpath(on_path)).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name)
                   if Path(p).parent.parent.name.isdigit() else 0)
    if not found:
        raise ClusterUnavailable("Postgres server binaries (initdb, pg_ctl) are not "
                                 "installed; on Debian: apt-get install postgresql")
    return Path(found[-1]).parent


def _run_as() -> list[str]:
    """The command prefix that runs the server as a user initdb accepts."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser") or next(
        (p for p in ("/usr/sbin/runuser", "/sbin/runuser") if os.path.exists(p)), None)
    if runuser is None:
        raise ClusterUnavailable("running as root without runuser: initdb refuses root")
    for name in SERVER_USERS:
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return [runuser, "-u", name, "--"]
    raise ClusterUnavailable("running as root and no unprivileged user "
                             f"({', '.join(SERVER_USERS)}) to run Postgres as")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _owner_of(prefix: list[str]) -> tuple[int, int] | None:
    if not prefix:
        return None
    user = pwd.getpwnam(prefix[2])
    return user.pw_uid, user.pw_gid


_numbers = itertools.count(1)


@contextlib.contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the cluster for the body; dropped after it."""
    name = f"ad_buyer_test_{os.getpid()}_{next(_numbers)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextlib.contextmanager
def postgres_cluster(database: str = "ad_buyer_test") -> Iterator[str]:
    """Start a cluster, create ``database`` and yield its SQLAlchemy URL."""
    bin_dir = _bin_dir()
    prefix = _run_as()
    root = Path(tempfile.mkdtemp(prefix="ad-buyer-pg-"))
    data = root / "data"
    owner = _owner_of(prefix)
    if owner is not None:
        os.chown(root, *owner)
    port = _free_port()
    log = root / "server.log"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*prefix, *args], capture_output=True, text=True,
                              timeout=START_TIMEOUT_S, check=False)

    started = False
    try:
        done = run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
                   "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C")
        if done.returncode != 0:
            raise ClusterUnavailable(f"initdb failed: {(done.stderr or done.stdout)[-400:]}")
        options = (f"-p {port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        done = run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w",
                   "-t", str(START_TIMEOUT_S), "-o", options, "start")
        if done.returncode != 0:
            tail = log.read_text()[-400:] if log.exists() else done.stderr
            raise ClusterUnavailable(f"Postgres did not start: {tail}")
        started = True
        done = subprocess.run([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port),
                               "-U", "postgres", database], capture_output=True, text=True,
                              timeout=START_TIMEOUT_S, check=False)
        if done.returncode != 0:
            raise ClusterUnavailable(f"createdb failed: {done.stderr[-400:]}")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{database}"
    finally:
        if started:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)
