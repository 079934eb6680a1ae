"""Book a selected portfolio: guarded, journaled, concurrent, atomic or best-effort.

For each deal: reserve budget (guard) -> journal the intent with its
idempotency key -> ``book_deal`` -> read the deal back and check its price,
impressions, flight and deal type against what was agreed (``readback``) ->
journal the outcome. A deal that differs is flagged and cancelled where the
seller allows a deal-level cancel; otherwise (or if the cancel fails) it is
*held*: booked at the seller, not accepted by us, its cost kept against the
budget, listed in ``held``, never dropped and never reported as rolled back.

- ``all_or_nothing``: any failure cancels every deal already booked in the run
  and frees its budget; the result lists what was rolled back. A deal at a
  seller with no deal-level cancel cannot be rolled back: it is held.
- ``best_effort``: a failed deal's budget goes to the next-best reserve quotes
  (from other sellers than the one that failed).

A booking whose outcome is unknown (timeout, 5xx after retries) keeps its
budget reserved and its intent pending: ``resume`` replays the same key.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from ad_buyer.booking.guards import (
    BudgetGuard,
    GuardRejection,
    RejectionReason,
    check_booked_deal,
    check_quote,
)
from ad_buyer.booking.journal import BookingJournal, IntentStatus, RunStatus
from ad_buyer.booking.quote_normalizer import NormalizedQuote
from ad_buyer.booking.readback import AgreedTerms, ReadBack, read_back
from ad_buyer.clients.deals_client import BookingRefusedError, DealsClientError
from ad_buyer.clients.http import new_idempotency_key
from ad_buyer.events.bus import EventBus, emit
from ad_buyer.events.models import EventType
from ad_buyer.models.deals import DealResponse, QuoteResponse
from ad_buyer.models.money import from_micros, micros_to_float

logger = logging.getLogger(__name__)

BookingMode = Literal["all_or_nothing", "best_effort"]
BOOKING_MODES: tuple[str, ...] = ("all_or_nothing", "best_effort")


ClientOpener = Callable[[str], Any]
FitsCheck = Callable[[Sequence[NormalizedQuote], NormalizedQuote], bool]
# Seller URL -> why the buyer cannot cancel a single deal there (None: it can).
CancelSupport = Callable[[str], str | None]


@dataclass
class BookedDeal:
    deal: DealResponse
    quote: NormalizedQuote
    cost_micros: int
    idempotency_key: str


@dataclass
class BookingOutcome:
    """What a booking run did; every refused or undone deal says why."""

    run_id: str
    mode: str
    budget_micros: int
    booked: list[BookedDeal] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    rolled_back: list[dict[str, Any]] = field(default_factory=list)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)
    held: list[dict[str, Any]] = field(default_factory=list)
    status: RunStatus = RunStatus.COMPLETED

    @property
    def held_micros(self) -> int:
        return sum(int(h["cost_micros"]) for h in self.held)

    @property
    def committed_micros(self) -> int:
        return (sum(b.cost_micros for b in self.booked) + self.held_micros
                + sum(int(p["cost_micros"]) for p in self.pending))

    @property
    def total_spend(self) -> Decimal:
        """Booked and held deals: both are live at their sellers."""
        return from_micros(sum(b.cost_micros for b in self.booked) + self.held_micros)

    @property
    def remaining_budget(self) -> Decimal:
        return from_micros(self.budget_micros - self.committed_micros)


class _Crash(Exception):
    """Carries a non-seller exception out of the task group unchanged."""


class PortfolioBooker:
    """Books portfolios for one orchestrator; see the module docstring."""

    def __init__(self, open_client: ClientOpener, *, journal: BookingJournal | None = None,
                 event_bus: EventBus | None = None, max_concurrency: int = 5,
                 currency: str = "USD", on_booking: Callable[[str, bool, int], None] | None = None,
                 verify_quotes: bool = True, cancel_unsupported: CancelSupport | None = None,
                 ) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self._open = open_client
        self.journal = journal
        self.bus = event_bus
        self.max_concurrency = max_concurrency
        self.currency = currency
        self._on_booking = on_booking
        self.verify_quotes = verify_quotes
        self.cancel_unsupported: CancelSupport = cancel_unsupported or (lambda _url: None)

    async def book(
        self,
        plan: Sequence[NormalizedQuote],
        *,
        budget_micros: int,
        mode: BookingMode = "best_effort",
        reserves: Sequence[NormalizedQuote] = (),
        max_deals: int | None = None,
        max_cpm_micros: int | None = None,
        run_id: str | None = None,
        fits: FitsCheck | None = None,
        resuming: bool = False,
    ) -> BookingOutcome:
        if mode not in BOOKING_MODES:
            raise ValueError(f"unknown booking mode {mode!r}; use one of {BOOKING_MODES}")
        run_id = run_id or new_idempotency_key("run")
        if self.journal is not None and not resuming:
            self.journal.start_run(run_id, mode=mode, currency=self.currency,
                                   budget_micros=budget_micros,
                                   plan={"plan": [quote_to_plan(q) for q in plan],
                                         "reserves": [quote_to_plan(q) for q in reserves],
                                         "max_deals": max_deals,
                                         "max_cpm_micros": max_cpm_micros})
        out = BookingOutcome(run_id=run_id, mode=mode, budget_micros=budget_micros)
        guard = BudgetGuard(budget_micros, max_cpm_micros=max_cpm_micros, currency=self.currency)
        run = _Run(self, out, guard, run_id, asyncio.Semaphore(self.max_concurrency))
        try:
            wave = list(plan)[: max_deals] if max_deals is not None else list(plan)
            await run.book_wave(wave)
            if mode == "best_effort":
                await run.reallocate(list(reserves), max_deals, fits)
            elif out.failed or out.flagged:
                await run.roll_back("a deal in the all-or-nothing portfolio failed")
        finally:
            await run.close_clients()
        if mode == "all_or_nothing" and (out.failed or out.flagged):
            out.status = RunStatus.ROLLED_BACK if out.rolled_back else RunStatus.FAILED
        if self.journal is not None:
            self.journal.finish_run(run_id, out.status)
        await emit(self.bus, EventType.CAMPAIGN_BOOKING_COMPLETED, run_id=run_id,
                   deals_booked=len(out.booked), deals_failed=len(out.failed) + len(out.flagged),
                   total_spend=float(out.total_spend),
                   remaining_budget=float(out.remaining_budget),
                   mode=mode, rolled_back=len(out.rolled_back))
        return out

    async def resume(self, run_id: str, *, fits: FitsCheck | None = None) -> BookingOutcome:
        """Finish a run from its journal: booked deals are not booked again."""
        if self.journal is None:
            raise ValueError("resume needs a booking journal")
        record = self.journal.get_run(run_id)
        if record is None:
            raise KeyError(f"no booking run {run_id}")
        plan = [quote_from_plan(d) for d in record.plan["plan"]]
        reserves = [quote_from_plan(d) for d in record.plan["reserves"]]
        return await self.book(plan, budget_micros=record.budget_micros,
                               mode=record.mode,  # type: ignore[arg-type]
                               reserves=reserves, max_deals=record.plan.get("max_deals"),
                               max_cpm_micros=record.plan.get("max_cpm_micros"),
                               run_id=run_id, fits=fits, resuming=True)


class _Run:
    """State of one booking run (clients, budget, outcome)."""

    def __init__(self, booker: PortfolioBooker, out: BookingOutcome, guard: BudgetGuard,
                 run_id: str, sem: asyncio.Semaphore) -> None:
        self.b = booker
        self.out = out
        self.guard = guard
        self.run_id = run_id
        self.sem = sem
        self.clients: dict[str, Any] = {}
        self.tried: set[str] = set()
        self.failed_sellers: set[str] = set()

    def client(self, seller_url: str) -> Any:
        if seller_url not in self.clients:
            self.clients[seller_url] = self.b._open(seller_url)
        return self.clients[seller_url]

    async def close_clients(self) -> None:
        for c in self.clients.values():
            closer = getattr(c, "aclose", None)
            if closer is not None:
                try:
                    await closer()
                except Exception:
                    logger.warning("closing a deals client failed", exc_info=True)

    async def verify(self, q: NormalizedQuote) -> GuardRejection | None:
        """Ask the seller to confirm it issued the quote, at the price ranked."""
        journal = self.b.journal
        if not self.b.verify_quotes or (
                journal is not None
                and journal.intent_for(self.run_id, q.seller_url, q.quote_id) is not None):
            return None
        try:
            async with self.sem:
                current = await self.client(q.seller_url).get_quote(q.quote_id)
        except DealsClientError as exc:
            if exc.status_code == 404:
                return GuardRejection(RejectionReason.FOREIGN_QUOTE_ID,
                                      f"seller does not recognise quote id {q.quote_id}: "
                                      "not issued by this seller", q.seller_url, q.quote_id)
            return GuardRejection(RejectionReason.GUARD_ERROR,
                                  f"could not verify quote {q.quote_id}: {exc}",
                                  q.seller_url, q.quote_id)
        if current.quote_id != q.quote_id:
            return GuardRejection(RejectionReason.FOREIGN_QUOTE_ID,
                                  f"seller answered quote {current.quote_id} for {q.quote_id}",
                                  q.seller_url, q.quote_id)
        price = current.pricing.final_cpm
        quoted = q.quote.pricing.final_cpm if q.quote is not None else None
        expected = quoted.amount_micros if quoted is not None else q.raw_cpm_micros
        if price.amount_micros != expected or price.currency != q.currency:
            return GuardRejection(RejectionReason.PRICE_DRIFT,
                                  f"quote {q.quote_id} now priced {price.currency} "
                                  f"{micros_to_float(price.amount_micros):,.2f}, ranked at "
                                  f"{q.currency} {micros_to_float(expected):,.2f}",
                                  q.seller_url, q.quote_id)
        return None

    async def book_wave(self, wave: Sequence[NormalizedQuote]) -> None:
        verdicts = await asyncio.gather(*(self.verify(q) for q in wave))
        for q, verdict in zip(wave, verdicts, strict=True):
            if verdict is not None:
                self.tried.add(q.key)
                await self._reject(q, verdict)
        wave = [q for q, verdict in zip(wave, verdicts, strict=True) if verdict is None]
        if self.out.mode == "all_or_nothing" and self.out.failed:
            return  # a portfolio that cannot be booked whole is not started

        async def one(q: NormalizedQuote) -> None:
            try:
                await self.book_one(q)
            except Exception as exc:  # a crash, not a seller answer: stop the run
                raise _Crash() from exc

        try:
            async with asyncio.TaskGroup() as tg:
                for q in wave:
                    self.tried.add(q.key)
                    tg.create_task(one(q))
        except* _Crash as group:
            cause = group.exceptions[0].__cause__
            raise cause if cause is not None else group.exceptions[0] from None

    async def reallocate(self, reserves: list[NormalizedQuote], max_deals: int | None,
                         fits: FitsCheck | None) -> None:
        while True:
            slots = None if max_deals is None else (
                max_deals - len(self.out.booked) - len(self.out.pending))
            if slots is not None and slots <= 0:
                return
            if not self.out.failed and not self.out.flagged:
                return
            booked = [b.quote for b in self.out.booked]
            wave: list[NormalizedQuote] = []
            spare = self.guard.remaining_micros
            for q in reserves:
                if slots is not None and len(wave) >= slots:
                    break
                if q.key in self.tried or (q.seller_url or q.seller_id) in self.failed_sellers:
                    continue
                if q.cost_micros > spare or (fits is not None and not fits(booked + wave, q)):
                    continue
                wave.append(q)
                spare -= q.cost_micros
            if not wave:
                return
            failures_before = len(self.out.failed) + len(self.out.flagged)
            await self.book_wave(wave)
            if len(self.out.failed) + len(self.out.flagged) == failures_before:
                return

    def _fail(self, q: NormalizedQuote, reason: str, message: str, key: str | None) -> None:
        self.out.failed.append({"seller_id": q.seller_id, "seller_url": q.seller_url,
                                "quote_id": q.quote_id, "reason": reason, "error": message,
                                "idempotency_key": key})
        self.failed_sellers.add(q.seller_url or q.seller_id)

    async def book_one(self, q: NormalizedQuote) -> None:
        journal = self.b.journal
        intent = journal.intent_for(self.run_id, q.seller_url, q.quote_id) if journal else None
        if intent is not None and intent.status == IntentStatus.CANCELLED:
            return
        if intent is not None and intent.status == IntentStatus.FAILED:
            self._fail(q, "booking_failed", intent.error or "failed before resume",
                       intent.idempotency_key)
            return
        rejection: GuardRejection | None = None
        if intent is None and q.quote is not None:
            # A pending or booked intent is replayed whatever the quote says now.
            rejection = check_quote(q.quote, seller_url=q.seller_url, currency=self.b.currency,
                                    max_cpm_micros=self.guard.max_cpm_micros)
        rejection = rejection or self.guard.reserve(q.key, q.cost_micros,
                                                    cpm_micros=q.raw_cpm_micros,
                                                    seller_url=q.seller_url,
                                                    quote_id=q.quote_id)
        if rejection is not None:
            await self._reject(q, rejection)
            return
        if journal is not None and intent is None:
            intent = journal.record_intent(self.run_id, seller_url=q.seller_url,
                                           seller_id=q.seller_id, quote_id=q.quote_id,
                                           agreed_cpm_micros=q.raw_cpm_micros,
                                           cost_micros=q.cost_micros)
        key = intent.idempotency_key if intent else new_idempotency_key("book")
        if intent is not None and intent.status == IntentStatus.BOOKED and intent.deal:
            deal = DealResponse.model_validate(intent.deal)
        else:
            try:
                async with self.sem:
                    deal = await self.client(q.seller_url).book_deal(q.quote_id,
                                                                     idempotency_key=key)
            except DealsClientError as exc:
                await self._booking_error(q, key, exc)
                return
            deal = deal.model_copy(update={"seller_url": deal.seller_url or q.seller_url})
        drift = check_booked_deal(deal, quote_id=q.quote_id, agreed_cpm_micros=q.raw_cpm_micros,
                                  currency=self.b.currency, seller_url=q.seller_url)
        async with self.sem:
            readback = await read_back(self.client(q.seller_url), deal, AgreedTerms.of(q))
        if drift is None and not readback.ok:
            drift = GuardRejection(RejectionReason.BOOKED_TERMS_MISMATCH, readback.reason(),
                                   q.seller_url, q.quote_id)
        if drift is not None:
            await self._undo_drift(q, key, deal, drift, readback)
            return
        if journal is not None:
            journal.record_booked(key, deal_id=deal.deal_id, deal=deal.model_dump(mode="json"))
        self.out.booked.append(BookedDeal(deal, q, q.cost_micros, key))
        self._track(q, True)
        await emit(self.b.bus, EventType.DEAL_BOOKED, run_id=self.run_id,
                   deal_id=deal.deal_id, quote_id=q.quote_id, seller_id=q.seller_id,
                   deal_type=deal.deal_type.value,
                   final_cpm=micros_to_float(deal.pricing.final_cpm.amount_micros))

    def _track(self, q: NormalizedQuote, success: bool) -> None:
        if self.b._on_booking is not None:
            try:
                self.b._on_booking(q.seller_url, success, q.impressions if success else 0)
            except Exception:
                logger.warning("seller performance tracking failed", exc_info=True)

    async def _reject(self, q: NormalizedQuote, rejection: GuardRejection) -> None:
        self._fail(q, rejection.reason.value, rejection.message, None)
        await emit(self.b.bus, EventType.GUARD_REJECTED, run_id=self.run_id,
                   **rejection.as_dict())

    async def _booking_error(self, q: NormalizedQuote, key: str, exc: DealsClientError) -> None:
        final = isinstance(exc, BookingRefusedError) or (
            exc.status_code is not None and 400 <= exc.status_code < 500)
        if not final:
            # The seller may have booked it: keep the budget and the pending intent.
            self.out.pending.append({"seller_id": q.seller_id, "seller_url": q.seller_url,
                                     "quote_id": q.quote_id, "idempotency_key": key,
                                     "cost_micros": q.cost_micros, "error": str(exc)})
            self._fail(q, "outcome_unknown", f"{exc} (resume replays the same key)", key)
            self._track(q, False)
            return
        self.guard.release(q.key)
        if self.b.journal is not None:
            self.b.journal.record_failed(key, str(exc))
        self._fail(q, "booking_refused", str(exc), key)
        self._track(q, False)
        await emit(self.b.bus, EventType.DEAL_BOOKING_FAILED, run_id=self.run_id,
                   seller_id=q.seller_id, seller_url=q.seller_url, quote_id=q.quote_id,
                   error=str(exc))

    async def _cancel(self, seller_url: str, deal_id: str, key: str, reason: str) -> str | None:
        """Cancel a deal; None on success, else the error (or why it cannot be)."""
        unsupported = self.b.cancel_unsupported(seller_url)
        if unsupported is not None:
            logger.warning("deal %s at %s cannot be cancelled by the buyer: %s", deal_id,
                           seller_url, unsupported)
            return f"not cancelled: {unsupported}"
        try:
            async with self.sem:
                answer = await self.client(seller_url).cancel_deal(
                    deal_id, idempotency_key=f"{key}-cancel", reason=reason)
        except DealsClientError as exc:
            logger.error("could not cancel deal %s at %s: %s", deal_id, seller_url, exc)
            return str(exc)
        if answer.status.value not in ("approved", "applied"):
            logger.error("seller %s refused to cancel deal %s: %s", seller_url, deal_id,
                         answer.seller_message)
            return f"cancel {answer.status.value}: {answer.seller_message}"
        return None

    async def _undo_drift(self, q: NormalizedQuote, key: str, deal: DealResponse,
                          drift: GuardRejection, readback: ReadBack) -> None:
        error = await self._cancel(q.seller_url, deal.deal_id, key, drift.message)
        entry = {**drift.as_dict(), "deal_id": deal.deal_id, "seller_id": q.seller_id,
                 "cancelled": error is None, "cancel_error": error,
                 "differences": list(readback.differences)}
        self.out.flagged.append(entry)
        self.failed_sellers.add(q.seller_url or q.seller_id)
        self._track(q, False)
        if error is None:
            self.guard.release(q.key)
            if self.b.journal is not None:
                self.b.journal.record_cancelled(key, drift.message)
        else:
            self._hold(q, readback.deal or deal, key, f"{drift.message}; {error}",
                       readback.exposure_micros(q.cost_micros))
        await emit(self.b.bus, EventType.GUARD_REJECTED, run_id=self.run_id, **entry)
        if error is None:
            await emit(self.b.bus, EventType.DEAL_CANCELLED, run_id=self.run_id,
                       deal_id=deal.deal_id, seller_url=q.seller_url,
                       reason=RejectionReason.PRICE_DRIFT.value)

    def _hold(self, q: NormalizedQuote, deal: DealResponse, key: str, reason: str,
              cost: int) -> None:
        """Keep a deal we did not accept but cannot undo: tracked, counted, shown."""
        self.guard.hold(q.key, cost)
        self.out.held.append({
            "deal_id": deal.deal_id, "seller_id": q.seller_id, "seller_url": q.seller_url,
            "quote_id": q.quote_id, "reason": reason, "cost_micros": cost,
            "deal": deal.model_dump(mode="json")})
        if self.b.journal is not None:
            self.b.journal.record_booked(key, deal_id=deal.deal_id,
                                         deal=deal.model_dump(mode="json"))
        logger.error("deal %s at %s is HELD: %s", deal.deal_id, q.seller_url, reason)

    async def roll_back(self, reason: str) -> None:
        booked, self.out.booked = self.out.booked, []

        async def undo(b: BookedDeal) -> None:
            error = await self._cancel(b.quote.seller_url, b.deal.deal_id, b.idempotency_key,
                                       reason)
            if error is not None:  # still live at the seller: held, never "rolled back"
                self._hold(b.quote, b.deal, b.idempotency_key,
                           f"could not be rolled back ({reason}): {error}", b.cost_micros)
                return
            self.out.rolled_back.append({"deal_id": b.deal.deal_id, "seller_id": b.quote.seller_id,
                                         "seller_url": b.quote.seller_url,
                                         "quote_id": b.quote.quote_id, "cancelled": True})
            self.guard.release(b.quote.key)
            if self.b.journal is not None:
                self.b.journal.record_cancelled(b.idempotency_key, f"rolled back: {reason}")
            await emit(self.b.bus, EventType.DEAL_CANCELLED, run_id=self.run_id,
                       deal_id=b.deal.deal_id, seller_url=b.quote.seller_url,
                       reason="rollback")

        await asyncio.gather(*(undo(b) for b in booked))


def quote_to_plan(q: NormalizedQuote) -> dict[str, Any]:
    data = {k: v for k, v in q.__dict__.items() if k != "quote"}
    data["quote"] = q.quote.model_dump(mode="json") if q.quote is not None else None
    return data


def quote_from_plan(data: dict[str, Any]) -> NormalizedQuote:
    fields = dict(data)
    raw_quote = fields.pop("quote", None)
    return NormalizedQuote(**fields,
                           quote=QuoteResponse.model_validate(raw_quote) if raw_quote else None)
