"""Seller answers have a size limit (issue #18): a 50 MB media kit is refused with one
line, read as a stream and dropped at the limit, so memory stays flat; over real HTTP."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tracemalloc
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ad_buyer.clients.http import MAX_RESPONSE_ENV, max_response_bytes
from ad_buyer.media_kit.client import MediaKitClient
from ad_buyer.media_kit.models import MediaKitError
from ad_buyer.sandbox.testing import running_sandbox

HUGE_BYTES = 50 * 1_000_000
BIG_SELLER = "soundwave"
PACKAGE = (b'{"package_id": "pkg-%07d", "name": "Padding package with a long name", '
           b'"description": "' + b"x" * 400 + b'"},')


async def _huge_kit() -> AsyncIterator[bytes]:
    """50 MB of media kit JSON, made as it is sent (no Content-Length: chunked)."""
    yield b'{"seller_id": "soundwave", "name": "Huge", "all_packages": ['
    sent, index = 0, 0
    while sent < HUGE_BYTES:
        chunk = b"".join(PACKAGE % (index + i) for i in range(200))
        index += 200
        sent += len(chunk)
        yield chunk
    yield b'{"package_id": "last", "name": "last"}]}'


@dataclass
class HugeMediaKits:
    """An ASGI front end: one seller's media kit routes answer 50 MB."""

    on: bool = True

    def wrap(self, inner: Any) -> Any:
        async def front(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if self.on and scope["type"] == "http" and scope["path"].startswith(
                    f"/sellers/{BIG_SELLER}/media-kit"):
                await send({"type": "http.response.start", "status": 200,
                            "headers": [(b"content-type", b"application/json")]})
                async for chunk in _huge_kit():
                    await send({"type": "http.response.body", "body": chunk,
                                "more_body": True})
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await inner(scope, receive, send)

        return front


def test_the_limit_is_configured_in_megabytes(monkeypatch: pytest.MonkeyPatch) -> None:
    assert max_response_bytes() == 4_000_000
    monkeypatch.setenv(MAX_RESPONSE_ENV, "0.5")
    assert max_response_bytes() == 500_000
    monkeypatch.setenv(MAX_RESPONSE_ENV, "lots")
    assert max_response_bytes() == 4_000_000


@pytest.mark.server
def test_a_50_mb_media_kit_is_refused_and_memory_stays_flat() -> None:
    with running_sandbox(meter=HugeMediaKits()) as network:  # type: ignore[arg-type]
        url = network.seller_url(BIG_SELLER)

        async def fetch() -> str:
            async with MediaKitClient(max_retries=0) as kits:
                with pytest.raises(MediaKitError) as refused:
                    await kits.get_media_kit(url)
                packages = await kits.aggregate_across_sellers([url])
                assert packages == []  # the seller is skipped, the others go on
                return str(refused.value)

        tracemalloc.start()
        try:
            message = asyncio.run(fetch())
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert message == (f"GET {url}/media-kit: the answer from {url} is larger than the 4 MB "
                       f"limit ({MAX_RESPONSE_ENV}); refused, not read")
    # Read whole, 50 MB of text is well over 100 MB of Python objects; the stream
    # holds the 4 MB limit plus one chunk.
    assert peak < 16 * 1_000_000, peak


RUN = """
import os, resource, subprocess, sys
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
out = proc.stdout.read()
_, status, usage = os.wait4(proc.pid, 0)
sys.stdout.buffer.write(out)
print(f"\\nEXIT {os.waitstatus_to_exitcode(status)} MAXRSS_KB {usage.ru_maxrss}")
"""


def _run_measured(registry_url: str, name: str, home: Path) -> tuple[int, str, int]:
    """``ad-buyer run --dry-run`` against ``registry_url``: (exit, output, peak RSS KB)."""
    ad_buyer = str(Path(sys.executable).with_name("ad-buyer"))
    env = {**os.environ, "AD_BUYER_HOME": str(home), "AD_BUYER_LLM": "offline",
           "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-c", RUN, ad_buyer, "run",
         f"Campaign: {name}. Budget $30k, flight July 1 - Sept 30 2027. Audio, adults 18-34 "
         "in the US. Goal: awareness. Max $20 CPM. PD.", "--dry-run", "--registry-url",
         registry_url, "--reference-date", "2027-06-01"],
        env=env, capture_output=True, text=True, timeout=300, check=False)
    body, _, tail = done.stdout.rpartition("\nEXIT ")
    code, _, rss = tail.strip().partition(" MAXRSS_KB ")
    return int(code), body, int(rss)


@pytest.mark.server
def test_cli_run_refuses_a_50_mb_media_kit_in_one_line_with_flat_memory(
        tmp_path: Path) -> None:
    front = HugeMediaKits(on=False)
    with running_sandbox(meter=front) as network:  # type: ignore[arg-type]
        base_code, base_out, base_rss = _run_measured(network.registry_url, "Base",
                                                      tmp_path / "a")
        front.on = True
        code, out, rss = _run_measured(network.registry_url, "Huge", tmp_path / "b")
    assert base_code == 0, base_out[-2000:]
    assert code == 0, out[-2000:]
    flat = " ".join(out.split())
    assert flat.count("is larger than the 4 MB limit") == 1, out[-3000:]
    assert "Traceback" not in out
    assert "DRY RUN: planned, not booked." in out
    # The run read 50 MB less than whole; its peak is the ordinary run's, give or take.
    assert rss - base_rss < 40_000, (base_rss, rss)
