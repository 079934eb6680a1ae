"""The crash soak: kill -9 ``ad-buyer run`` at random points, resume it, and compare what
the sellers hold with what the buyer recorded.

The sellers are the sandbox served by ``ad-buyer sandbox serve --admin`` in a process of
its own, so they outlive every buyer process the soak kills, and a seller's side of a
booking is never lost with the buyer (the in-process sandbox's state file is written by
the buyer process itself, so a kill could take a seller's booking with it). Every seller
answers a booking 0.4 s after making it (the sandbox's ``respond_late_rate`` fault), so a
kill can land between a seller booking a deal and the buyer hearing of it, as it can
with a real seller.

Runs go one after another against one sandbox, each in a fresh ``$AD_BUYER_HOME``: the
soak is the sandbox's only client, so every deal booked between a run's start and the
end of its last resume belongs to that run, whatever the buyer sent or recorded; and a
run's records are only its own. The buyer runs the offline model, so a run repeats.

For each run: start ``ad-buyer run BRIEF --again``; kill its process group with SIGKILL
a drawn delay after a drawn moment (the process start, its first quote, a booking
starting, the run saying done); then ``ad-buyer resume RUN`` (itself killed sometimes)
until a resume ends on its own. Then the checks, from the sandbox's deal listing
(``GET /sandbox-admin/deals``) against the run's booking lines in the buyer's rationale
log and its pacing plan:

- orphan: a live deal at a seller that the buyer has no line for;
- double: a second live deal for the same seller, product and deal type in one run, or
  one deal (or quote) on two of the buyer's lines;
- over budget: the live deals' cost at the sellers above the brief's budget;
- missing: a deal the buyer recorded that is not live at its seller;
- unpaced: a booked deal of a completed run that pacing does not know;
- mispriced, dropped: a deal booked at a price other than the one agreed, an agreed deal
  lost without a logged reason (see :mod:`soak_money`).

The soak runs against either dialect (``dialect``): ``native`` sellers, or every seller
speaking the IAB reference seller's (``ad-buyer sandbox serve --dialect reference``),
which reprices a booked quote and ties it to its deal, answers a counter to an accepted
negotiation with 400, a second booking of a quote with 409, and keeps deals
``proposed``. Each run's home first gets an agency-tier key from every seller, so the
buyer negotiates (and a kill can land mid-negotiation).
"""

from __future__ import annotations

import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ad_buyer.sandbox.wire.admin import HeldDeal, HeldNegotiation
from soak_money import MoneyChecks, money_checks
from soak_processes import (
    Anchor,
    BuyerProcess,
    Kill,
    Sandbox,
    ad_buyer_command,
    booking_answered_late,
    buyer_env,
    phase_of,
    run_id_in,
    served_sandbox,
)

REFERENCE_DATE = "2027-06-01"
FINISHED = ("completed", "stopped", "unresolved", "failed")
# A process killed before it recorded its run leaves no run (no id was printed,
# nothing can have been booked): there is nothing to resume.
NOT_RECORDED = "no run"
BOOKING_ANSWER_DELAY_S = 0.4
MAX_RESUMES = 6

# How long after each moment a kill may land (uniform in [0, s]).
# (A one-channel run on the offline model takes about 7 s: 4 s to start and read the
# brief, 0.1 s from quotes to booking, 0.5 s booking, then about 2 s to finish and exit.)
KILL_WINDOW_S: dict[Anchor, float] = {"start": 7.0, "quotes": 0.2, "negotiate": 0.6,
                                      "booking": 0.6, "done": 1.5}


@dataclass(frozen=True)
class SoakBrief:
    name: str
    text: str
    budget_micros: int


AUDIO = SoakBrief(
    "audio $40k",
    "Campaign: Soak Audio. Budget $40k, flight July 1 - Sept 30 2027. Audio, adults 18-34 "
    "in the US. Goal: awareness. Max $20 CPM. PD.", 40_000 * 1_000_000)
DISPLAY = SoakBrief(
    "display $30k",
    "Campaign: Soak Display. Budget $30k, flight July 1 - Sept 30 2027. Display, adults "
    "25-54 in the US. Goal: awareness. Max $15 CPM. PD.", 30_000 * 1_000_000)
AUDIO_DISPLAY = SoakBrief(
    "audio+display $70k",
    "Campaign: Soak Mix. Budget $70k, flight July 1 - Sept 30 2027. Audio and display, "
    "adults 25-54 in the US. Goal: awareness. Max $20 CPM. PD.", 70_000 * 1_000_000)
CTV = SoakBrief(
    "ctv $60k",
    "Campaign: Soak CTV. Budget $60k, flight July 1 - Sept 30 2027. CTV, adults 25-54 in "
    "the US. Goal: awareness. Max $40 CPM. PD.", 60_000 * 1_000_000)
# Briefs each dialect's sellers can sell (a reference seller sells no audio).
BRIEFS: dict[str, tuple[SoakBrief, ...]] = {"native": (AUDIO, DISPLAY, AUDIO_DISPLAY),
                                            "reference": (CTV, DISPLAY)}


@dataclass(frozen=True)
class RunPlan:
    brief: SoakBrief
    kill: Kill | None  # None: a control run, never killed
    resume_kills: tuple[Kill, ...] = ()
    options: tuple[str, ...] = ()  # more `ad-buyer run` options (--booking all_or_nothing)


def draw_kill(rng: random.Random, weights: dict[Anchor, float]) -> Kill:
    anchors = list(weights)
    anchor = rng.choices(anchors, weights=[weights[a] for a in anchors])[0]
    return Kill(anchor, round(rng.uniform(0.0, KILL_WINDOW_S[anchor]), 3))


RUN_KILLS: dict[Anchor, float] = {"start": 0.2, "quotes": 0.1, "negotiate": 0.25,
                                   "booking": 0.35, "done": 0.1}
# A resume does not print the progress of the steps it replays, so its kills are timed
# from its start (it takes about as long as a run).
RESUME_KILLS: dict[Anchor, float] = {"start": 1.0}


def draw_plan(rng: random.Random, briefs: Sequence[SoakBrief], *,
              run_kills: dict[Anchor, float] | None = None,
              resume_kill_rate: float = 0.3) -> RunPlan:
    """A run's brief, the moment its run is killed, and the kills of its resumes (a second
    resume kill follows a first one with the same rate)."""
    brief = rng.choice(list(briefs))
    kill = draw_kill(rng, run_kills or RUN_KILLS)
    resume_kills: list[Kill] = []
    while len(resume_kills) < 2 and rng.random() < resume_kill_rate:
        resume_kills.append(draw_kill(rng, RESUME_KILLS))
    return RunPlan(brief, kill, tuple(resume_kills))


# ---- the buyer's records ----


@dataclass
class BuyerView:
    status: str  # the run's state as `ad-buyer runs` shows it; NOT_RECORDED if no run
    lines: list[dict[str, object]] = field(default_factory=list)
    paced: set[tuple[str, str]] = field(default_factory=set)
    negotiations: list[dict[str, object]] = field(default_factory=list)


def buyer_view(db_url: str, run_id: str | None) -> BuyerView:
    """The run's booking lines (booked and held), state and paced deals, from its home."""
    from ad_buyer.events.log import RationaleLog, RunNotFoundError
    from ad_buyer.pacing.store import PacingStore
    from ad_buyer.reporting.facts import channel_results
    from ad_buyer.storage.db import Database

    db = Database(db_url)
    try:
        if run_id is None:
            return BuyerView(NOT_RECORDED)
        try:
            record = RationaleLog(db).get_run(run_id)
        except RunNotFoundError:
            return BuyerView(NOT_RECORDED)
        lines = [dict(line) for result in channel_results(record) for line in result.booked]
        try:
            plan, _ = PacingStore(db).load_run(run_id)
            paced = {(_url(d.seller_url), d.deal_id) for d in plan.deals}
        except KeyError:
            paced = set()
        logged = [dict(e.data) for e in record.entries if e.kind == "negotiation"]
        return BuyerView(_state(db_url, run_id, record.status), lines, paced, logged)
    finally:
        db.dispose()


def _state(db_url: str, run_id: str, logged: str) -> str:
    from dbos import DBOSClient

    from ad_buyer.durable.engine import system_database_url
    from ad_buyer.durable.run_states import run_state
    from ad_buyer.durable.workflows import workflow_id

    client = DBOSClient(system_database_url=system_database_url(db_url))
    try:
        found = client.list_workflows(workflow_ids=[workflow_id(run_id)])
    finally:
        client.destroy()
    return run_state(logged, found[0] if found else None, db_url)


def _url(url: object) -> str:
    return str(url or "").rstrip("/")


# ---- one run ----


@dataclass
class RunOutcome:
    index: int
    brief: SoakBrief
    plan: RunPlan
    run_id: str | None
    kill_phase: str  # "control", "not killed" (it ended first), or where it was killed
    resumes: int
    resume_kills: int
    state: str
    seller_deals: list[HeldDeal]
    at_kill: list[HeldDeal]  # the run's deals at the sellers when it was killed
    buyer_lines: list[dict[str, object]]
    orphans: list[str]
    doubles: list[str]
    missing: list[str]
    unpaced: list[str]
    seconds: float
    notes: list[str] = field(default_factory=list)
    money: MoneyChecks = field(default_factory=MoneyChecks)

    @property
    def live(self) -> list[HeldDeal]:
        return [d for d in self.seller_deals if d.live]

    @property
    def live_cost_micros(self) -> int:
        return sum(d.cost.amount_micros for d in self.live)

    @property
    def over_budget(self) -> bool:
        return self.live_cost_micros > self.brief.budget_micros

    @property
    def finished(self) -> bool:
        """Did the run reach an end (whatever it booked)? A run left interrupted, queued
        or not started did not."""
        return self.state in FINISHED

    @property
    def recorded(self) -> bool:
        return self.state != NOT_RECORDED

    @property
    def clean(self) -> bool:
        return not (self.orphans or self.doubles or self.missing or self.over_budget
                    or self.money.mispriced or self.money.dropped)


def compare(deals: Sequence[HeldDeal], view: BuyerView,
            ) -> tuple[list[str], list[str], list[str], list[str]]:
    """Orphans, doubles, missing and unpaced deals of one run (each a readable line)."""
    live = [d for d in deals if d.live]
    known_deals = {(_url(line.get("seller_url")), str(line.get("deal_id") or ""))
                   for line in view.lines}
    known_quotes = {(_url(line.get("seller_url")), str(line.get("quote_id") or ""))
                    for line in view.lines if not line.get("deal_id")}
    orphans = [f"{d.seller_id} {d.deal_id} (quote {d.quote_id}, {d.cost.amount_micros / 1e6:,.2f})"
               for d in live if (_url(d.seller_url), d.deal_id) not in known_deals
               and (_url(d.seller_url), d.quote_id) not in known_quotes]
    doubles = [f"{seller} {product} {deal_type}: {n} live deals"
               for (seller, product, deal_type), n in Counter(
                   (d.seller_id, d.product_id, d.deal_type.value) for d in live).items() if n > 1]
    for name in ("deal_id", "quote_id"):
        counted = Counter((_url(line.get("seller_url")), str(line.get(name)))
                          for line in view.lines if line.get(name))
        doubles += [f"buyer lines share {name} {value} at {url}: {n}"
                    for (url, value), n in counted.items() if n > 1]
    live_keys = {(_url(d.seller_url), d.deal_id) for d in live}
    missing = [f"{line.get('status')} {line.get('seller_url')} {line.get('deal_id')}"
               for line in view.lines if line.get("deal_id")
               and (_url(line.get("seller_url")), str(line.get("deal_id"))) not in live_keys]
    unpaced = []
    if view.status == "completed":
        unpaced = [f"{line.get('seller_url')} {line.get('deal_id')}" for line in view.lines
                   if line.get("status") == "booked"
                   and (_url(line.get("seller_url")), str(line.get("deal_id"))) not in view.paced]
    return orphans, doubles, missing, unpaced


def agency_keys(home: Path, registry_url: str) -> None:
    """An agency-tier key from every registered seller, in ``home``'s key store."""
    import asyncio

    from ad_buyer.clients.api_keys import enroll_registered
    from ad_buyer.clients.credentials import KEYS_FILE, SellerKeyStore
    from ad_buyer.models.buyer_identity import BuyerIdentity
    from ad_buyer.registry.client import RegistryClient

    async def enroll() -> None:
        async with RegistryClient(registry_url=registry_url) as registry:
            await enroll_registered(registry, SellerKeyStore(home / KEYS_FILE),
                                    BuyerIdentity(seat_id="soak-seat", agency_id="soak-agency"),
                                    label="crash soak")

    asyncio.run(enroll())


def soak_run(index: int, plan: RunPlan, sandbox: Sandbox, home: Path, *,
             keys: bool = False) -> RunOutcome:
    """One run: run, kill, resume until a resume ends on its own, then the checks
    (``keys``: an agency-tier key from every seller first, so the run negotiates)."""
    started = time.monotonic()
    home.mkdir(parents=True, exist_ok=True)
    if keys:
        agency_keys(home, sandbox.registry_url)
    env = buyer_env(home)
    db_url = f"sqlite:///{home / 'ad_buyer.db'}"
    before = {(d.seller_id, d.deal_id) for d in sandbox.deals()}
    talked = {n.negotiation_id for n in sandbox.negotiations()}
    run = BuyerProcess([*ad_buyer_command(), "run", plan.brief.text, "--again", "--db", db_url,
                        "--registry-url", sandbox.registry_url,
                        "--reference-date", REFERENCE_DATE, *plan.options], env)
    notes: list[str] = []
    if plan.kill is None or not run.kill_at(plan.kill):
        code = run.finish()
        if code not in (0, 1):
            notes.append(f"run exited {code}: {last_words(run.output())}")
    at_kill = [d for d in sandbox.deals() if (d.seller_id, d.deal_id) not in before] \
        if run.killed else []
    logged = _logged_run(db_url)
    run_id = run_id_in(run.output()) or logged
    killed_in = phase_of(run.output(), logged=logged is not None)
    kill_phase = killed_in if run.killed else "control" if plan.kill is None else "not killed"
    resumes = resume_kills = 0
    if run.killed and run_id is not None:
        pending = list(plan.resume_kills)
        for _ in range(MAX_RESUMES):
            resume = BuyerProcess([*ad_buyer_command(), "resume", run_id, "--db", db_url], env)
            resumes += 1
            if pending and resume.kill_at(pending.pop(0)):
                resume_kills += 1
                continue
            code = resume.finish()
            if code not in (0, 1):
                notes.append(f"resume exited {code}: {last_words(resume.output())}")
            break
        else:
            notes.append(f"still not finished after {MAX_RESUMES} resumes")
    view = buyer_view(db_url, run_id)
    deals = [d for d in sandbox.deals() if (d.seller_id, d.deal_id) not in before]
    negotiated: list[HeldNegotiation] = [n for n in sandbox.negotiations()
                                         if n.negotiation_id not in talked]
    orphans, doubles, missing, unpaced = compare(deals, view)
    money = money_checks(deals, negotiated, view.lines, view.negotiations)
    return RunOutcome(index=index, brief=plan.brief, plan=plan, run_id=run_id,
                      kill_phase=kill_phase, resumes=resumes, resume_kills=resume_kills,
                      state=view.status, seller_deals=deals, at_kill=at_kill,
                      buyer_lines=view.lines,
                      orphans=orphans, doubles=doubles, missing=missing, unpaced=unpaced,
                      seconds=time.monotonic() - started, notes=notes, money=money)


def last_words(lines: Sequence[str], count: int = 2) -> str:
    """The last ``count`` lines with text, without the frames of rich's error panels."""
    text = [" ".join(line.strip(" │╭╮╰╯─").split()) for line in lines]
    return " ".join([t for t in text if t][-count:])


def _logged_run(db_url: str) -> str | None:
    """The home's run (a soak home holds one), once the process has recorded it."""
    from ad_buyer.events.log import RationaleLog
    from ad_buyer.storage.db import Database

    db = Database(db_url)
    try:
        runs = RationaleLog(db).list_runs(1)
    finally:
        db.dispose()
    return runs[0].id if runs else None


def soak(plans: Sequence[RunPlan], *, seed: int = 42, keep: Path | None = None,
         on_run: Callable[[RunOutcome], None] | None = None,
         dialect: str = "native") -> list[RunOutcome]:
    """Every plan, one after another, against one served sandbox (world ``seed``) whose
    sellers speak ``dialect``."""
    with tempfile.TemporaryDirectory(prefix="crash-soak-") as tmp:
        scratch = keep or Path(tmp)
        scratch.mkdir(parents=True, exist_ok=True)
        outcomes = []
        with served_sandbox(scratch, seed=seed, dialect=dialect,
                            faults=booking_answered_late(seed, BOOKING_ANSWER_DELAY_S)) as box:
            for index, plan in enumerate(plans):
                outcome = soak_run(index, plan, box, scratch / f"run-{index:03d}", keys=True)
                outcomes.append(outcome)
                if on_run is not None:
                    on_run(outcome)
        return outcomes
