"""Book a selected portfolio: guarded, concurrent, atomic or best-effort.

For each deal: reserve budget (guard) -> ``book_deal`` under the deal's
idempotency key (:func:`~ad_buyer.booking.outcome.booking_key`: derived from
the booking run and the quote, so a resumed run re-sends the same key and a
seller that booked it returns the same deal) -> read the deal back and check
its price, impressions, flight and deal type against what was agreed
(``readback``). A deal that differs is flagged and cancelled where the seller
allows a deal-level cancel; otherwise (or if the cancel fails) it is *held*:
booked at the seller, not accepted by us, its cost kept against the budget,
listed in ``held``, never dropped and never reported as rolled back.

A deal the seller already holds for a quote is taken, never booked again and
never dropped: before booking, the quote is read back (``quote_check``), and a
quote the seller has tied to a deal (``deal_id``; the reference seller stores a
booked quote so, repriced to the booked price) *is* that deal, checked against what was
agreed like any booking answer. So is the deal behind a 409 on a quote already
booked. This is what a resumed run finds at a seller that booked before the
stop.

A booking whose outcome is unknown (a timeout or 5xx after the client's
retries) is read back by sending the same key again, a few times with a pause:
the seller answers with the deal it booked, or books it now, or refuses. One
still unknown after that is held with ``outcome_unknown``: it counts against
the budget and the run's status is ``unresolved``, never ``completed``.

- ``all_or_nothing``: any failure, or an unknown outcome, cancels every deal
  booked in the run and frees its budget; the result lists what was rolled
  back. A deal at a seller with no deal-level cancel cannot be rolled back: it
  is held.
- ``best_effort``: a failed deal's budget goes to the next-best reserve quotes
  (from other sellers than the one that failed).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Any

from ad_buyer.booking.guards import (
    BudgetGuard,
    GuardRejection,
    RejectionReason,
    check_booked_deal,
    check_quote,
)
from ad_buyer.booking.modes import BOOKING_MODES, BookingMode
from ad_buyer.booking.outcome import BookedDeal, BookingOutcome, BookingStatus, booking_key
from ad_buyer.booking.quote_check import confirm_quote
from ad_buyer.booking.quote_normalizer import NormalizedQuote
from ad_buyer.booking.readback import AgreedTerms, ReadBack, deal_on_quote, read_back
from ad_buyer.clients.deals_client import BookingRefusedError, DealsClientError
from ad_buyer.clients.http import new_idempotency_key
from ad_buyer.events.bus import EventBus, emit
from ad_buyer.events.models import EventType
from ad_buyer.models.deals import DealResponse
from ad_buyer.models.money import micros_to_float

logger = logging.getLogger(__name__)

# The first pause before reading back a booking whose answer was lost; the next
# ones grow linearly (1 s, 2 s, 3 s).
READ_BACK_PAUSE_S = 1.0


ClientOpener = Callable[[str], Any]
FitsCheck = Callable[[Sequence[NormalizedQuote], NormalizedQuote], bool]
# Seller URL -> why the buyer cannot cancel a single deal there (None: it can).
CancelSupport = Callable[[str], str | None]


class _Crash(Exception):
    """Carries a non-seller exception out of the task group unchanged."""


def _sent(q: NormalizedQuote) -> dict[str, Any]:
    """What a booking asked for, for a deal whose answer never came."""
    product = q.quote.product if q.quote is not None else None
    return {"product_id": product.product_id if product else "",
            "package_name": product.name if product else "", "deal_type": q.deal_type,
            "impressions": q.impressions, "cpm_micros": q.raw_cpm_micros}


def _final(exc: DealsClientError) -> bool:
    """A seller's answer that it did not (and will not) book: a refusal or a 4xx."""
    return isinstance(exc, BookingRefusedError) or (
        exc.status_code is not None and 400 <= exc.status_code < 500)


class PortfolioBooker:
    """Books portfolios for one orchestrator; see the module docstring."""

    def __init__(self, open_client: ClientOpener, *, event_bus: EventBus | None = None,
                 max_concurrency: int = 5, currency: str = "USD",
                 on_booking: Callable[[str, bool, int], None] | None = None,
                 verify_quotes: bool = True, cancel_unsupported: CancelSupport | None = None,
                 read_back_attempts: int = 3, read_back_pause_s: float | None = None) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self._open = open_client
        self.read_back_attempts = read_back_attempts
        self.read_back_pause_s = (READ_BACK_PAUSE_S if read_back_pause_s is None
                                  else read_back_pause_s)
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
    ) -> BookingOutcome:
        """Book ``plan`` within ``budget_micros``.

        ``run_id`` names the booking run and seeds every deal's idempotency key:
        booking the same plan again under the same ``run_id`` (a resumed run)
        returns the deals the sellers already booked instead of booking twice.
        Without one, the run gets a fresh id.
        """
        if mode not in BOOKING_MODES:
            raise ValueError(f"unknown booking mode {mode!r}; use one of {BOOKING_MODES}")
        run_id = run_id or new_idempotency_key("run")
        out = BookingOutcome(run_id=run_id, mode=mode, budget_micros=budget_micros)
        guard = BudgetGuard(budget_micros, max_cpm_micros=max_cpm_micros, currency=self.currency)
        run = _Run(self, out, guard, run_id, asyncio.Semaphore(self.max_concurrency))
        try:
            wave = list(plan)[: max_deals] if max_deals is not None else list(plan)
            await run.book_wave(wave)
            if mode == "best_effort":
                await run.reallocate(list(reserves), max_deals, fits)
            elif out.failed or out.flagged or out.unresolved:
                await run.roll_back("a deal in the all-or-nothing portfolio failed"
                                    if out.failed or out.flagged else
                                    "a deal's booking outcome could not be read back")
        finally:
            await run.close_clients()
        if mode == "all_or_nothing" and (out.failed or out.flagged):
            out.status = BookingStatus.ROLLED_BACK if out.rolled_back else BookingStatus.FAILED
        if out.unresolved:
            out.status = BookingStatus.UNRESOLVED
        await emit(self.bus, EventType.CAMPAIGN_BOOKING_COMPLETED, run_id=run_id,
                   deals_booked=len(out.booked), deals_failed=len(out.failed) + len(out.flagged),
                   total_spend=float(out.total_spend),
                   remaining_budget=float(out.remaining_budget),
                   mode=mode, rolled_back=len(out.rolled_back))
        return out


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

    async def existing_deal(self, q: NormalizedQuote) -> DealResponse | None:
        async with self.sem:
            return await deal_on_quote(self.client(q.seller_url), q.quote_id)

    async def verify(self, q: NormalizedQuote) -> GuardRejection | DealResponse | None:
        """The seller's word on ``q`` before booking it (see ``quote_check``)."""
        if not self.b.verify_quotes:
            return None
        async with self.sem:
            return await confirm_quote(self.client(q.seller_url), q)

    async def book_wave(self, wave: Sequence[NormalizedQuote]) -> None:
        verdicts = await asyncio.gather(*(self.verify(q) for q in wave))
        found: dict[str, DealResponse] = {}
        for q, verdict in zip(wave, verdicts, strict=True):
            if isinstance(verdict, GuardRejection):
                self.tried.add(q.key)
                await self._reject(q, verdict)
            elif verdict is not None:
                found[q.key] = verdict
        wave = [q for q, verdict in zip(wave, verdicts, strict=True)
                if not isinstance(verdict, GuardRejection)]
        if self.out.mode == "all_or_nothing" and self.out.failed and not found:
            return  # a portfolio that cannot be booked whole is not started

        async def one(q: NormalizedQuote) -> None:
            try:
                if q.key in found:
                    await self.take_existing(q, found[q.key])
                elif not (self.out.mode == "all_or_nothing" and self.out.failed):
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
                max_deals - len(self.out.booked) - len(self.out.unresolved))
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
        rejection: GuardRejection | None = None
        if q.quote is not None:
            rejection = check_quote(q.quote, seller_url=q.seller_url, currency=self.b.currency,
                                    max_cpm_micros=self.guard.max_cpm_micros)
        rejection = rejection or self.guard.reserve(q.key, q.cost_micros,
                                                    cpm_micros=q.raw_cpm_micros,
                                                    seller_url=q.seller_url,
                                                    quote_id=q.quote_id)
        if rejection is not None:
            await self._reject(q, rejection)
            return
        key = booking_key(self.run_id, q)
        try:
            deal = await self._send(q, key)
        except DealsClientError as exc:
            held = await self.existing_deal(q) if exc.status_code == 409 else None
            if held is not None:  # booked before (under another key): that deal is ours
                logger.warning("quote %s at %s was booked already as %s: taking that deal",
                               q.quote_id, q.seller_url, held.deal_id)
                await self._accept(q, key, held.model_copy(
                    update={"seller_url": held.seller_url or q.seller_url}))
                return
            if _final(exc):
                await self._refused(q, key, exc)
                return
            found = await self._read_back_unknown(q, key, exc)
            if found is None:
                return
            deal = found
        await self._accept(q, key, deal)

    async def take_existing(self, q: NormalizedQuote, deal: DealResponse) -> None:
        """A deal the seller already holds for ``q`` (booked before a stop): checked
        against what was agreed and booked, or held; its cost counts either way."""
        key = booking_key(self.run_id, q)
        deal = deal.model_copy(update={"seller_url": deal.seller_url or q.seller_url})
        logger.warning("quote %s at %s is already booked as deal %s (status %s): checking it "
                       "against what was agreed", q.quote_id, q.seller_url, deal.deal_id,
                       deal.status)
        rejection = self.guard.reserve(q.key, q.cost_micros, cpm_micros=q.raw_cpm_micros,
                                       seller_url=q.seller_url, quote_id=q.quote_id)
        if rejection is not None:
            self._hold(q, deal, key, f"already booked at the seller before this run resumed; "
                       f"{rejection.message}", q.cost_micros)
            return
        await self._accept(q, key, deal)

    async def _send(self, q: NormalizedQuote, key: str) -> DealResponse:
        async with self.sem:
            deal: DealResponse = await self.client(q.seller_url).book_deal(
                q.quote_id, idempotency_key=key)
        return deal.model_copy(update={"seller_url": deal.seller_url or q.seller_url})

    async def _read_back_unknown(self, q: NormalizedQuote, key: str,
                                 first: DealsClientError) -> DealResponse | None:
        """Learn what became of a booking whose answer was lost, by sending its key again
        (the seller answers a replayed key with what it did). None when it was refused
        or is still unknown; both are recorded here."""
        last: DealsClientError = first
        for attempt in range(1, self.b.read_back_attempts + 1):
            logger.warning("booking %s at %s: outcome unknown (%s); reading back, attempt "
                           "%d of %d", q.quote_id, q.seller_url, last, attempt,
                           self.b.read_back_attempts)
            await asyncio.sleep(self.b.read_back_pause_s * attempt)
            try:
                return await self._send(q, key)
            except DealsClientError as exc:
                if _final(exc):
                    await self._refused(q, key, exc)
                    return None
                last = exc
        self._hold_unknown(q, key, last)
        return None

    async def _accept(self, q: NormalizedQuote, key: str, deal: DealResponse) -> None:
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
        self.out.booked.append(BookedDeal(deal, q, q.cost_micros, key))
        self._track(q, True)
        await emit(self.b.bus, EventType.DEAL_BOOKED, run_id=self.run_id,
                   deal_id=deal.deal_id, quote_id=q.quote_id, seller_id=q.seller_id,
                   deal_type=deal.deal_type.value,
                   final_cpm=micros_to_float(deal.pricing.final_cpm.amount_micros),
                   cost_micros=q.cost_micros)

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

    async def _refused(self, q: NormalizedQuote, key: str, exc: DealsClientError) -> None:
        self.guard.release(q.key)
        self._fail(q, "booking_refused", str(exc), key)
        self._track(q, False)
        await emit(self.b.bus, EventType.DEAL_BOOKING_FAILED, run_id=self.run_id,
                   seller_id=q.seller_id, seller_url=q.seller_url, quote_id=q.quote_id,
                   error=str(exc))

    def _hold_unknown(self, q: NormalizedQuote, key: str, exc: DealsClientError) -> None:
        """A booking nobody can say was made or not: it may be live, so it is held."""
        self.guard.hold(q.key, q.cost_micros)
        self.failed_sellers.add(q.seller_url or q.seller_id)
        self._track(q, False)
        self.out.held.append({
            "deal_id": None, "seller_id": q.seller_id, "seller_url": q.seller_url,
            "quote_id": q.quote_id, "idempotency_key": key, "cost_micros": q.cost_micros,
            "outcome_unknown": True, "deal": None, "quote": _sent(q),
            "reason": f"booking outcome unknown after {self.b.read_back_attempts} read-backs "
                      f"({exc}): it may be live at the seller; ask the seller about "
                      f"idempotency key {key}"})
        logger.error("booking %s at %s is UNRESOLVED: %s", q.quote_id, q.seller_url, exc)

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
            await emit(self.b.bus, EventType.DEAL_CANCELLED, run_id=self.run_id,
                       deal_id=b.deal.deal_id, seller_url=b.quote.seller_url,
                       reason="rollback")

        await asyncio.gather(*(undo(b) for b in booked))
