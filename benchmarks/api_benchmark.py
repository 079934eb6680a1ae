"""Plans per minute through the HTTP API with 1 and 2 ``ad-buyer serve`` workers, and
the p95 latency of ``GET /runs/{id}``.

Each worker is an ``ad-buyer serve`` process (the offline model) on a free loopback
port, all on one Postgres database (a throwaway cluster, as the tests start) and
one sandbox served on loopback. Clients post distinct briefs to ``POST /plans``
(a plan is a dry run: intake, allocation, quotes at every seller, the portfolio),
two at a time per worker, round robin; plans per minute is plans over wall time.
Then ``GET /runs/{id}`` of a plan's dry run is timed sequentially.

    python benchmarks/api_benchmark.py [--plans 6] [--gets 200]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from ad_buyer.sandbox.testing import running_sandbox
from targets import record

BRIEF = ("Campaign: Bench {n}. Budget ${k}k, flight July 1 - Sept 30 2026. CTV and audio, "
         "adults 25-54 in the US. Goal: awareness. Max $40 CPM.")
REFERENCE = "2026-05-10"
START_TIMEOUT_S = 120


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_workers(count: int, db_url: str, registry_url: str, home: Path) -> Iterator[list[str]]:
    processes: list[subprocess.Popen[bytes]] = []
    urls: list[str] = []
    env = dict(os.environ, AD_BUYER_HOME=str(home), AD_BUYER_LLM="offline")
    try:
        for n in range(count):
            port = _free_port()
            log = (home / f"serve-{n}.out").open("wb")
            processes.append(subprocess.Popen(
                [sys.executable, "-c", "from ad_buyer.cli import app; app()", "serve",
                 "--port", str(port), "--db", db_url, "--registry-url", registry_url],
                env=env, stdout=log, stderr=subprocess.STDOUT))
            urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + START_TIMEOUT_S
        for url in urls:
            while True:
                try:
                    if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"ad-buyer serve at {url} did not start")
                time.sleep(0.2)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=150)
            except subprocess.TimeoutExpired:
                process.kill()


async def plan_many(urls: list[str], plans: int, offset: int) -> tuple[float, list[str]]:
    """Post ``plans`` briefs, two in flight per worker; wall seconds and dry-run ids."""
    gate = asyncio.Semaphore(2 * len(urls))
    dry_runs: list[str] = []

    async def one(client: httpx.AsyncClient, n: int) -> None:
        async with gate:
            answer = await client.post(f"{urls[n % len(urls)]}/plans", json={
                "brief": BRIEF.format(n=offset + n, k=100 + offset + n),
                "reference_date": REFERENCE})
            answer.raise_for_status()
            dry_runs.append(answer.json()["dry_run_id"])

    start = time.perf_counter()
    async with httpx.AsyncClient(timeout=600) as client:
        await asyncio.gather(*(one(client, n) for n in range(plans)))
    return time.perf_counter() - start, dry_runs


def get_latencies(url: str, run_id: str, gets: int) -> list[float]:
    times = []
    with httpx.Client(base_url=url, timeout=30) as client:
        client.get(f"/runs/{run_id}").raise_for_status()  # warm
        for _ in range(gets):
            start = time.perf_counter()
            client.get(f"/runs/{run_id}").raise_for_status()
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=6, help="plans per configuration")
    parser.add_argument("--gets", type=int, default=200)
    args = parser.parse_args()
    from postgres_cluster import fresh_database, postgres_cluster

    rows = []
    p95 = 0.0
    with postgres_cluster() as server, running_sandbox() as network:
        for workers in (1, 2):
            with fresh_database(server) as db_url, \
                    tempfile.TemporaryDirectory(prefix="api-bench-") as home, \
                    serve_workers(workers, db_url, network.registry_url, Path(home)) as urls:
                seconds, dry_runs = asyncio.run(plan_many(urls, args.plans, 100 * workers))
                rows.append((workers, args.plans, seconds, args.plans * 60 / seconds))
                if workers == 1:
                    latencies = get_latencies(urls[0], dry_runs[0], args.gets)
                    p95 = statistics.quantiles(latencies, n=100)[94]
                    median = statistics.median(latencies)
    print(f"{'workers':>7} {'plans':>5} {'seconds':>8} {'plans/min':>9}")
    for workers, plans, seconds, per_minute in rows:
        print(f"{workers:>7} {plans:>5} {seconds:>8.1f} {per_minute:>9.2f}")
    print(f"GET /runs/{{id}}: p95 {p95:.1f} ms, median {median:.1f} ms over {args.gets} "
          f"sequential requests")
    print(f"machine: {os.cpu_count()} cores (shared; figures move with the load)")
    for workers, _plans, _seconds, per_minute in rows:
        record("api", f"plans per minute, {workers} serve worker(s)", "reported",
               f"{per_minute:.2f}", "-", True)
    record("api", "GET /runs/{id} p95", "reported", f"{p95:.1f} ms", "-", True)


if __name__ == "__main__":
    main()
