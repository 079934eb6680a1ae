"""The processes of the crash soak (:mod:`crash_soak`): the served sandbox, and
``ad-buyer`` commands read line by line and killed with SIGKILL at a moment of their
output.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import httpx

from ad_buyer.sandbox.catalog import default_sellers
from ad_buyer.sandbox.config import FaultConfig
from ad_buyer.sandbox.wire.admin import HeldDeal, HeldDeals, HeldNegotiation, HeldNegotiations

# A moment of an ``ad-buyer`` command to kill it after: its start, the run printing its
# id (recorded), its first quote, a booking starting, the run saying done, or
# (``resume``) saying it resumes.
Anchor = Literal["start", "recorded", "quotes", "negotiate", "booking", "done", "resuming"]
PROCESS_TIMEOUT_S = 180.0
# What could make the offline buyer reach a real model or another database.
FOREIGN_SETTINGS = ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "AZURE_API_KEY", "GEMINI_API_KEY",
                    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AD_BUYER_DATABASE_URL",
                    "AD_BUYER_DBOS_URL", "AD_BUYER_REGISTRY_URL", "AD_BUYER_API_KEY",
                    "AD_BUYER_MANAGER_MODEL", "AD_BUYER_SPECIALIST_MODEL")

RUN_STARTED = re.compile(r"^run (\w+): started")
BOOKING_STARTS = re.compile(r"^book (\S+): booking ")
BOOKING_ENDS = re.compile(r"^book (\S+): \d+ deal\(s\) committed")


@dataclass(frozen=True)
class Kill:
    anchor: Anchor
    delay_s: float

    def describe(self) -> str:
        return f"{self.anchor}+{self.delay_s:.2f}s"


@dataclass(frozen=True)
class Sandbox:
    base_url: str
    process: subprocess.Popen[bytes]

    @property
    def registry_url(self) -> str:
        return f"{self.base_url}/agent-registry"

    def deals(self) -> list[HeldDeal]:
        """Every deal the sellers hold, live or cancelled (the admin listing)."""
        answer = httpx.get(f"{self.base_url}/sandbox-admin/deals", timeout=30)
        answer.raise_for_status()
        return HeldDeals.model_validate(answer.json()).deals

    def negotiations(self) -> list[HeldNegotiation]:
        """Every negotiation the sellers hold (the admin listing)."""
        answer = httpx.get(f"{self.base_url}/sandbox-admin/negotiations", timeout=30)
        answer.raise_for_status()
        return HeldNegotiations.model_validate(answer.json()).negotiations

    def set_faults(self, seller_id: str, faults: FaultConfig) -> None:
        """Replace a running seller's faults (say, to time out in the middle of a run)."""
        answer = httpx.put(f"{self.base_url}/sandbox-admin/sellers/{seller_id}/faults",
                           json=faults.model_dump(mode="json"), timeout=30)
        answer.raise_for_status()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def ad_buyer_command() -> list[str]:
    """The ``ad-buyer`` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("ad-buyer")
    found = str(script) if script.exists() else shutil.which("ad-buyer")
    if found is None:
        raise RuntimeError("the ad-buyer command is not installed (pip install -e .)")
    return [found]


def answering_late(seconds: float) -> FaultConfig:
    """A seller that books first and answers a booking ``seconds`` later."""
    return FaultConfig(respond_late_rate=1.0, hang_seconds=seconds,
                       path_prefixes=["/api/v1/deals"], methods=["POST"])


def booking_answered_late(seed: int, seconds: float) -> dict[str, FaultConfig]:
    """Every seller of world ``seed`` answers its bookings ``seconds`` late."""
    return {spec.seller_id: answering_late(seconds) for spec in default_sellers(seed)}


@contextmanager
def served_sandbox(scratch: Path, *, seed: int = 42,
                   faults: dict[str, FaultConfig] | None = None,
                   dialect: str = "native") -> Iterator[Sandbox]:
    """``ad-buyer sandbox serve --admin`` in its own process on a free loopback port,
    with ``faults`` set on its sellers once it serves; ``dialect="reference"`` makes
    every seller (and the registry) speak the IAB reference seller's dialect."""
    scratch.mkdir(parents=True, exist_ok=True)
    port = free_port()
    argv = [*ad_buyer_command(), "sandbox", "serve", "--port", str(port), "--seed", str(seed),
            "--admin", *(["--dialect", "reference"] if dialect == "reference" else [])]
    home = scratch / "sandbox-home"
    home.mkdir(parents=True, exist_ok=True)
    log_path = scratch / "sandbox.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(argv, env=buyer_env(home), stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    sandbox = Sandbox(f"http://localhost:{port}", process)
    try:
        _wait_serving(sandbox, log_path)
        for seller_id, config in (faults or {}).items():
            sandbox.set_faults(seller_id, config)
        yield sandbox
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_serving(sandbox: Sandbox, log_path: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sandbox.process.poll() is not None:
            raise RuntimeError(f"the sandbox exited ({sandbox.process.returncode}): "
                               f"{log_path.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{sandbox.base_url}/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the sandbox at {sandbox.base_url} did not answer in {timeout:.0f}s")


def buyer_env(home: Path) -> dict[str, str]:
    """The environment of an ``ad-buyer`` command: its own home, the offline model, and
    progress as ``--verbose`` prints it (each stage tagged: the lines this module reads)."""
    env = {k: v for k, v in os.environ.items() if k not in FOREIGN_SETTINGS}
    env.update(AD_BUYER_HOME=str(home), AD_BUYER_LLM="offline", COLUMNS="200",
               PYTHONUNBUFFERED="1", AD_BUYER_VERBOSE="1")
    return env


class BuyerProcess:
    """One ``ad-buyer`` command, its output read line by line as it comes."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.started = time.monotonic()
        self.proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, errors="replace",
                                     start_new_session=True)
        self.lines: list[str] = []
        self.killed = False
        self._changed = threading.Condition()
        self._ended = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def output(self) -> list[str]:
        with self._changed:
            return list(self.lines)

    def wait_for(self, anchor: Anchor, timeout: float = PROCESS_TIMEOUT_S) -> bool:
        """Block until the output shows ``anchor``; False if the output ended first."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not reached(anchor, self.lines):
                left = deadline - time.monotonic()
                if self._ended or left <= 0:
                    return False
                self._changed.wait(left)
            return True

    def kill_at(self, kill: Kill) -> bool:
        """SIGKILL the process group ``kill.delay_s`` after ``kill.anchor``; False if it
        ended on its own before then."""
        if not self.wait_for(kill.anchor):
            return False
        moment = time.monotonic() if kill.anchor != "start" else self.started
        time.sleep(max(0.0, moment + kill.delay_s - time.monotonic()))
        if self.proc.poll() is not None:
            return False
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.killed = True
        self.proc.wait()
        self._reader.join(timeout=10)
        return True

    def finish(self, timeout: float = PROCESS_TIMEOUT_S) -> int:
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            code = -signal.SIGKILL
        self._reader.join(timeout=10)
        return code


def reached(anchor: Anchor, lines: Sequence[str]) -> bool:
    if anchor == "start":
        return True
    if anchor == "recorded":
        return any(RUN_STARTED.match(line) for line in lines)
    if anchor == "quotes":
        return any(line.startswith("quotes ") for line in lines)
    if anchor == "negotiate":
        return any(line.startswith("negotiate ") for line in lines)
    if anchor == "booking":
        return any(BOOKING_STARTS.match(line) for line in lines)
    if anchor == "resuming":
        return any(line.startswith("resuming run ") for line in lines)
    return any(line.startswith(("done ", "stopped ")) for line in lines)


BEFORE_START = "before the run was recorded"


def phase_of(lines: Sequence[str], *, logged: bool) -> str:
    """Where a killed process was, from what it had printed and whether its run had
    been recorded (in the log, before its id is printed)."""
    if not logged:
        return BEFORE_START
    if reached("done", lines):
        return "after done"
    open_bookings: set[str] = set()
    ended = False
    for line in lines:
        if found := BOOKING_STARTS.match(line):
            open_bookings.add(found.group(1))
        elif found := BOOKING_ENDS.match(line):
            open_bookings.discard(found.group(1))
            ended = True
    if open_bookings:
        return "mid-booking"
    if ended:
        return "after booking"
    return "negotiating" if reached("negotiate", lines) else "before booking"


def run_id_in(lines: Sequence[str]) -> str | None:
    return next((m.group(1) for line in lines if (m := RUN_STARTED.match(line))), None)
