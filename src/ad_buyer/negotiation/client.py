"""``NegotiationClient``: multi-round price negotiation with one seller at a time.

Wire forms (PROTOCOL.md, Negotiation): ``POST /proposals/{id}/counter`` and
``POST /api/v1/negotiations/messages`` (Money prices, an idempotency key).
``wire_form="auto"`` tries messages first and falls back to proposals when
the seller does not serve that route (405, or a 404 without a structured
error); the answer is remembered per seller. The opening offer is sent once.

What is sent, so that a reference seller reads it as meant (PROTOCOL.md, "What
the reference seller really sends"):

- every message names the negotiation's subject, the id the seller finds it
  by (the proposal or quote id, never the ``negotiation_id`` it issued), and
  carries ``quote_id`` when the negotiation is about a quote;
- the proposals form sends the price as ``buyer_price`` and as ``price``
  (seed 004's spelling); an accept carries the agreed price (without one the
  reference seller reads a counter at its ask) and a decline carries our last
  price (without one it is a 422);
- a decline must close the negotiation at the seller: a reply that does not
  say so raises ``NegotiationProtocolError``.

Errors: HTTP and transport failures raise ``NegotiationError`` subclasses that
are *also* the httpx exceptions the seed's error handling catches
(``NegotiationHTTPError`` is an ``httpx.HTTPStatusError``, and likewise for
``ConnectError`` and ``TimeoutException``). Their ``response`` carries the
status code and request, not the seller's body (read ``str(error)`` for the
seller's message). A malformed or contradictory seller answer raises plain
``NegotiationError`` (``NegotiationProtocolError``).

Agreement: a price is final only when both sides accepted it: the seller
answered ``accept`` to our offer, or confirmed our acceptance of its ask at
that very price. Nothing is ever inferred from a seller's floor.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import quote

import httpx

from ad_buyer.clients.http import (
    DEFAULT_TIMEOUT,
    SellerClient,
    SellerHttpError,
    new_idempotency_key,
    parse_model,
    route_missing,
)
from ad_buyer.events.bus import EventBus, emit
from ad_buyer.events.models import EventType
from ad_buyer.models.buyer_identity import BuyerIdentity
from ad_buyer.models.money import Money, micros_to_float, to_micros
from ad_buyer.negotiation.models import (
    CounterResponse,
    NegotiationMessage,
    NegotiationMessageResponse,
    NegotiationOutcome,
    NegotiationResult,
    NegotiationRound,
    NegotiationSession,
    ProposalRequest,
    ProposalResponse,
)
from ad_buyer.negotiation.strategy import (
    NegotiationContext,
    NegotiationStrategy,
    cpm_le,
    round_cpm,
)

logger = logging.getLogger(__name__)

WireForm = Literal["proposals", "messages"]
MESSAGES_PATH = "/api/v1/negotiations/messages"
CLOSED_STATUSES = frozenset({"rejected", "declined", "closed", "walked_away", "cancelled"})


class NegotiationError(SellerHttpError):
    """A negotiation call failed."""


class NegotiationProtocolError(NegotiationError):
    """The seller's answer is malformed or contradicts the negotiation so far."""


class NegotiationHTTPError(httpx.HTTPStatusError, NegotiationError):
    """The seller answered 4xx/5xx; ``response.status_code`` and ``status_code`` say which."""


class NegotiationConnectError(httpx.ConnectError, NegotiationError):
    """The seller could not be reached."""


class NegotiationTimeoutError(httpx.TimeoutException, NegotiationError):
    """The seller did not answer in time."""


class NegotiationTransportError(httpx.TransportError, NegotiationError):
    """Any other transport failure (connection dropped mid-answer, ...)."""


def _as_httpx_error(error: NegotiationError, method: str, url: str) -> NegotiationError:
    """Re-type a ``JsonHttp`` failure as the matching httpx-compatible error."""
    request = httpx.Request(method, url)
    cause = error.__cause__
    converted: NegotiationError
    if error.status_code is not None:
        response = httpx.Response(error.status_code, request=request)
        converted = NegotiationHTTPError(str(error), request=request, response=response)
    elif isinstance(cause, httpx.TimeoutException | TimeoutError):
        converted = NegotiationTimeoutError(str(error), request=request)
    elif isinstance(cause, httpx.ConnectError):
        converted = NegotiationConnectError(str(error), request=request)
    elif isinstance(cause, httpx.TransportError):
        converted = NegotiationTransportError(str(error), request=request)
    else:  # a body that is not JSON
        return NegotiationProtocolError(str(error), seller_url=error.seller_url)
    converted.status_code = error.status_code
    converted.seller_url = error.seller_url
    converted.error_code = error.error_code
    return converted


class NegotiationClient(SellerClient):
    """Negotiate with sellers. Async context manager; ``aclose()`` otherwise."""

    error = NegotiationError

    def __init__(
        self,
        api_key: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        buyer_identity: BuyerIdentity | None = None,
        wire_form: Literal["auto", "proposals", "messages"] = "auto",
        *,
        auth: httpx.Auth | None = None,
        max_retries: int = 2,
        retry_backoff: float = 0.2,
        max_total_rounds: int = 50,
        event_bus: EventBus | None = None,
    ) -> None:
        if wire_form not in ("auto", "proposals", "messages"):
            raise ValueError(f"wire_form must be auto, proposals or messages, not {wire_form!r}")
        self.wire_form = wire_form
        self.buyer_identity = buyer_identity
        self.max_total_rounds = max_total_rounds
        self.event_bus = event_bus
        self._forms: dict[str, WireForm] = {}
        super().__init__(
            api_key=api_key,
            auth=auth,
            timeout=timeout,
            transport=transport,
            max_retries=max_retries,
            retry_backoff=retry_backoff,
            headers=buyer_identity.to_headers() if buyer_identity else None,
        )

    # ---- opening a proposal ----

    async def open_proposal(self, seller_url: str, request: ProposalRequest) -> ProposalResponse:
        """``POST /proposals``: put terms to a seller; it accepts, counters or rejects."""
        seller = seller_url.rstrip("/")
        body = await self._send("POST", seller, "/proposals",
                                request.model_dump(mode="json", exclude_none=True), retry=False)
        return parse_model(ProposalResponse, body, seller_url=seller, what="proposal response",
                           error=NegotiationProtocolError)

    # ---- step by step ----

    async def start_negotiation(
        self,
        seller_url: str,
        proposal_id: str,
        initial_price: float | None = None,
        strategy: NegotiationStrategy | None = None,
        *,
        quote_id: str | None = None,
    ) -> NegotiationSession:
        """Send our opening offer (``initial_price``, or the strategy's opening).

        ``proposal_id`` is the id the seller knows the negotiation by; for a
        negotiation on a quote pass the quote id as both it and ``quote_id``.
        """
        if initial_price is None:
            if strategy is None:
                raise ValueError("give initial_price or a strategy to compute it")
            initial_price = strategy.next_offer(0.0, NegotiationContext())
        price = self._checked_price(initial_price)
        seller = seller_url.rstrip("/")
        session = NegotiationSession(proposal_id=proposal_id, seller_url=seller,
                                     negotiation_id="", current_seller_price=0.0,
                                     quote_id=quote_id)
        form = self._known_form(seller)
        if form is None:
            try:
                reply = await self._exchange(session, "messages", "counter", price)
                self._forms[seller] = "messages"
            except NegotiationHTTPError as exc:
                if not route_missing(exc):
                    raise
                logger.info("%s does not serve %s; using /proposals/{id}/counter",
                            seller, MESSAGES_PATH)
                self._forms[seller] = "proposals"
                reply = await self._exchange(session, "proposals", "counter", price)
        else:
            reply = await self._exchange(session, form, "counter", price)
        session.wire_form = self._forms.get(seller, form or "proposals")
        session.negotiation_id = reply.negotiation_id
        return self._record(session, price, reply)

    async def counter_offer(
        self, session: NegotiationSession, price: float, *, rationale: str = ""
    ) -> NegotiationRound:
        self._ensure_open(session)
        offer = self._checked_price(price)
        reply = await self._exchange(session, session.wire_form, "counter", offer, rationale)
        self._record(session, offer, reply)
        return session.rounds[-1]

    async def accept(self, session: NegotiationSession) -> NegotiationRound:
        """Accept the seller's current price; raises ``NegotiationProtocolError``
        unless the seller confirms the deal at exactly that price. If the seller
        already accepted our last offer, that agreement is returned as is."""
        if session.closed and session.rounds and session.rounds[-1].action == "accept":
            return session.rounds[-1]
        self._ensure_open(session)
        price = session.current_seller_price
        reply = await self._exchange(session, session.wire_form, "accept", price)
        self._record(session, price, reply)
        agreed = session.rounds[-1]
        if agreed.action != "accept" or to_micros(agreed.seller_price) != to_micros(price):
            raise NegotiationProtocolError(
                f"{session.seller_url} did not confirm acceptance at ${price:.2f} "
                f"(answered {agreed.action} at ${agreed.seller_price:.2f})",
                seller_url=session.seller_url,
            )
        return agreed

    async def decline(self, session: NegotiationSession) -> NegotiationRound:
        """Walk away; raises ``NegotiationProtocolError`` unless the seller's answer
        shows the negotiation closed (the session is closed on our side either way).

        A proposals form that reads a decline as one more counter (the reference
        seller's ignores ``action``) is followed by the messages form's ``reject``,
        where the seller serves it."""
        self._ensure_open(session)
        price = session.our_last_offer or session.current_seller_price or None
        reply = await self._exchange(session, session.wire_form, "decline", price)
        self._record(session, price or 0.0, reply)
        if not _closes(reply) and session.wire_form == "proposals":
            try:
                reply = await self._exchange(session, "messages", "decline", price)
                self._record(session, price or 0.0, reply)
            except NegotiationHTTPError as exc:
                if not route_missing(exc):
                    raise
        session.closed = True
        if not _closes(reply):
            raise NegotiationProtocolError(
                f"{session.seller_url} did not close negotiation {session.proposal_id} on our "
                f"decline (answered {reply.action}, status {reply.status or 'none'})",
                seller_url=session.seller_url)
        return session.rounds[-1]

    # ---- the automatic loop ----

    async def auto_negotiate(
        self,
        seller_url: str,
        proposal_id: str,
        strategy: NegotiationStrategy,
        *,
        asking_price: float | None = None,
        quote_id: str | None = None,
    ) -> NegotiationResult:
        """Run the seed's loop: offer, then each round accept / walk away / counter.

        ``asking_price`` (the seller's opening ask, if known) is passed to the
        strategy's opening ``next_offer``; otherwise it gets 0.0 and a
        context whose ``seller_last_price`` is None. HTTP failures raise (see
        the module docstring); a contradictory seller answer ends in ERROR.
        With an ``event_bus``, the result is published as ``negotiation.completed``.
        """
        result = await self._auto(seller_url, proposal_id, strategy, asking_price, quote_id)
        await emit(self.event_bus, EventType.NEGOTIATION_COMPLETED,
                   seller_url=result.seller_url, proposal_id=result.proposal_id,
                   negotiation_id=result.negotiation_id, outcome=result.outcome.value,
                   final_price=result.final_price, rounds=result.rounds_count,
                   asked=asking_price,
                   offered=result.rounds[-1].buyer_price if result.rounds else None,
                   strategy=repr(strategy), reason=result.reason)
        return result

    async def _auto(
        self, seller_url: str, proposal_id: str, strategy: NegotiationStrategy,
        asking_price: float | None, quote_id: str | None,
    ) -> NegotiationResult:
        opening = strategy.next_offer(
            asking_price if asking_price is not None else 0.0,
            NegotiationContext(seller_asking_price=asking_price),
        )
        try:
            session = await self.start_negotiation(seller_url, proposal_id, opening,
                                                   quote_id=quote_id)
        except NegotiationProtocolError as exc:
            logger.warning("negotiation %s with %s failed: %s", proposal_id, seller_url, exc)
            return NegotiationResult(proposal_id=proposal_id, outcome=NegotiationOutcome.ERROR,
                                     seller_url=seller_url.rstrip("/"), reason=str(exc))
        try:
            return await self._drive(session, strategy, asking_price)
        except NegotiationProtocolError as exc:
            logger.warning("negotiation %s with %s failed: %s", proposal_id, seller_url, exc)
            await self._quietly_decline(session)
            return self._result(session, NegotiationOutcome.ERROR, None, str(exc))

    async def _drive(
        self, session: NegotiationSession, strategy: NegotiationStrategy,
        asking_price: float | None,
    ) -> NegotiationResult:
        while True:
            last = session.rounds[-1]
            if last.action == "accept":
                if to_micros(last.seller_price) != to_micros(last.buyer_price):
                    raise NegotiationProtocolError(
                        f"{session.seller_url} 'accepted' ${last.buyer_price:.2f} "
                        f"but quoted ${last.seller_price:.2f}", seller_url=session.seller_url)
                return self._result(session, NegotiationOutcome.ACCEPTED, last.buyer_price,
                                    "seller accepted our offer")
            if last.action == "reject":
                return self._result(session, NegotiationOutcome.DECLINED, None,
                                    last.rationale or "seller ended the negotiation")
            seller_price = session.current_seller_price
            context = NegotiationContext.from_session(session, seller_asking_price=asking_price)
            if strategy.should_accept(seller_price, context):
                await self.accept(session)
                return self._result(session, NegotiationOutcome.ACCEPTED, seller_price,
                                    "we accepted the seller's price")
            if (strategy.should_walk_away(seller_price, context)
                    or len(session.rounds) >= self.max_total_rounds):
                await self._quietly_decline(session)
                return self._result(session, NegotiationOutcome.WALKED_AWAY, None,
                                    "strategy walked away")
            offer = strategy.next_offer(seller_price, context)
            if not math.isfinite(offer) or offer <= 0:
                await self._quietly_decline(session)
                return self._result(session, NegotiationOutcome.ERROR, None,
                                    f"strategy produced an invalid offer: {offer!r}")
            if cpm_le(seller_price, offer):
                # Willing to pay at least the ask: take the ask, never counter above it.
                await self.accept(session)
                return self._result(session, NegotiationOutcome.ACCEPTED, seller_price,
                                    "our next offer met the seller's price")
            await self.counter_offer(session, offer,
                                     rationale=strategy.rationale(seller_price, context))

    # ---- internals ----

    async def _quietly_decline(self, session: NegotiationSession) -> None:
        """Tell the seller we are done; we are leaving whatever it answers."""
        if session.closed:
            return
        try:
            await self.decline(session)
        except (NegotiationError, httpx.HTTPError) as exc:
            logger.warning("could not notify %s that we declined negotiation %s: %s",
                           session.seller_url, session.negotiation_id, exc)
            session.closed = True

    def _known_form(self, seller: str) -> WireForm | None:
        if self.wire_form != "auto":
            return self.wire_form
        return self._forms.get(seller)

    @staticmethod
    def _checked_price(price: float) -> float:
        if not math.isfinite(price) or price <= 0:
            raise ValueError(f"a CPM offer must be a positive number, got {price!r}")
        return round_cpm(price)

    @staticmethod
    def _ensure_open(session: NegotiationSession) -> None:
        if session.closed:
            raise NegotiationError(
                f"negotiation {session.negotiation_id} with {session.seller_url} is closed",
                seller_url=session.seller_url,
            )

    async def _exchange(
        self,
        session: NegotiationSession,
        form: WireForm,
        action: Literal["counter", "accept", "decline"],
        price: float | None,
        rationale: str = "",
    ) -> _Reply:
        seller = session.seller_url
        if form == "proposals":
            payload: dict[str, Any] = {} if price is None else {"buyer_price": price,
                                                                 "price": price}
            if action != "counter":
                payload["action"] = action
            if session.quote_id:
                payload["quote_id"] = session.quote_id
            path = f"/proposals/{quote(session.proposal_id, safe='')}/counter"
            body = await self._send("POST", seller, path, payload, retry=False)
            answer = parse_model(CounterResponse, body, seller_url=seller,
                                 what="counter response", error=NegotiationProtocolError)
            return _Reply(answer.negotiation_id, answer.round_number, answer.action,
                          answer.seller_price, answer.rounds_remaining, answer.reason,
                          answer.status)
        on_quote = session.quote_id is not None and session.quote_id == session.proposal_id
        message = NegotiationMessage(
            idempotency_key=new_idempotency_key("neg"),
            action="reject" if action == "decline" else action,
            proposal_id=None if on_quote else session.proposal_id,
            quote_id=session.quote_id,
            round_number=len(session.rounds) + 1,
            buyer_price=Money.of(price) if price is not None else None,
            rationale=rationale,
        )
        # The idempotency key makes a retried message safe.
        body = await self._send("POST", seller, MESSAGES_PATH,
                                message.model_dump(mode="json", exclude_none=True), retry=True)
        reply = parse_model(NegotiationMessageResponse, body, seller_url=seller,
                            what="negotiation message response", error=NegotiationProtocolError)
        return _Reply(reply.negotiation_id, reply.round.round_number, reply.round.action,
                      micros_to_float(reply.round.seller_price.amount_micros),
                      reply.rounds_remaining, reply.reason or reply.round.rationale,
                      reply.status)

    async def _send(self, method: str, seller: str, path: str, payload: Any,
                    *, retry: bool) -> Any:
        url = f"{seller}{path}"
        try:
            return await self._http.request(method, url, seller_url=seller, json=payload,
                                            retry=retry)
        except NegotiationError as exc:
            raise _as_httpx_error(exc, method, url) from exc.__cause__ or exc

    @staticmethod
    def _record(
        session: NegotiationSession, buyer_price: float, reply: _Reply
    ) -> NegotiationSession:
        session.rounds.append(NegotiationRound(
            round_number=reply.round_number or len(session.rounds) + 1,
            buyer_price=round_cpm(buyer_price),
            seller_price=round_cpm(reply.seller_price),
            action=reply.action,
            rationale=reply.reason,
        ))
        session.current_seller_price = round_cpm(reply.seller_price)
        if reply.action in ("counter", "final_offer"):
            session.our_last_offer = round_cpm(buyer_price)
        session.seller_final = reply.action == "final_offer"
        session.seller_rounds_remaining = reply.rounds_remaining
        session.closed = reply.action in ("accept", "reject")
        return session

    @staticmethod
    def _result(session: NegotiationSession, outcome: NegotiationOutcome,
                final_price: float | None, reason: str) -> NegotiationResult:
        logger.info("negotiation %s with %s: %s at %s after %d rounds (%s)",
                    session.proposal_id, session.seller_url, outcome.value, final_price,
                    len(session.rounds), reason)
        return NegotiationResult(
            proposal_id=session.proposal_id,
            outcome=outcome,
            final_price=final_price,
            rounds_count=len(session.rounds),
            rounds=list(session.rounds),
            completed_at=datetime.now(UTC),
            negotiation_id=session.negotiation_id or None,
            seller_url=session.seller_url,
            reason=reason,
        )


def _closes(reply: _Reply) -> bool:
    return reply.action == "reject" or reply.status in CLOSED_STATUSES


@dataclass(frozen=True, slots=True)
class _Reply:
    """One seller answer, whichever wire form carried it."""

    negotiation_id: str
    round_number: int
    action: str
    seller_price: float
    rounds_remaining: int
    reason: str
    status: str = ""
