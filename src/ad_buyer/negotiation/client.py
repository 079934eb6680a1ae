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

Answers are read in every documented shape (``{seller_price, action}`` and
``{status, deal_price}``, flat or nested, on either route; see ``replies``).
A seller that confirmed the deal is never sent a decline; a seller's
``reject`` ends the negotiation as ``walked_away`` (seed 004); an opening offer
that is zero or not a number is an ERROR result, as a later one is.

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
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import quote

import httpx

from ad_buyer.clients.http import (
    DEFAULT_TIMEOUT,
    SellerClient,
    new_idempotency_key,
    parse_model,
    route_missing,
)
from ad_buyer.events.bus import EventBus, emit
from ad_buyer.events.models import EventType
from ad_buyer.models.buyer_identity import BuyerIdentity
from ad_buyer.models.money import Money, to_micros
from ad_buyer.negotiation.errors import (
    NegotiationConnectError,
    NegotiationError,
    NegotiationHTTPError,
    NegotiationProtocolError,
    NegotiationTimeoutError,
    NegotiationTransportError,
    as_httpx_error,
)
from ad_buyer.negotiation.models import (
    NegotiationMessage,
    NegotiationOutcome,
    NegotiationResult,
    NegotiationRound,
    NegotiationSession,
    ProposalRequest,
    ProposalResponse,
)
from ad_buyer.negotiation.replies import (
    NegotiationState,
    Reply,
    ReplyError,
    read_reply,
    read_state,
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


__all__ = [
    "NegotiationClient",
    "NegotiationConnectError",
    "NegotiationError",
    "NegotiationHTTPError",
    "NegotiationProtocolError",
    "NegotiationTimeoutError",
    "NegotiationTransportError",
]


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
        currency: str = "USD",
    ) -> NegotiationSession:
        """Send our opening offer (``initial_price``, or the strategy's opening).

        ``proposal_id`` is the id the seller knows the negotiation by; for a
        negotiation on a quote pass the quote id as both it and ``quote_id``.
        ``currency`` is what the offers are in: the quote's (a seller refuses another).
        """
        if initial_price is None:
            if strategy is None:
                raise ValueError("give initial_price or a strategy to compute it")
            initial_price = strategy.next_offer(0.0, NegotiationContext())
        price = self._checked_price(initial_price)
        seller = seller_url.rstrip("/")
        session = NegotiationSession(proposal_id=proposal_id, seller_url=seller,
                                     negotiation_id="", current_seller_price=0.0,
                                     quote_id=quote_id, currency=currency)
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
        try:
            reply = await self._exchange(session, session.wire_form, "accept", price)
        except NegotiationProtocolError:
            session.closed = True  # it may have confirmed: we send it nothing more
            raise
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
        if not reply.closes and session.wire_form == "proposals":
            try:
                reply = await self._exchange(session, "messages", "decline", price)
                self._record(session, price or 0.0, reply)
            except NegotiationHTTPError as exc:
                if not route_missing(exc):
                    raise
        session.closed = True
        if not reply.closes:
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
        currency: str = "USD",
    ) -> NegotiationResult:
        """Run the seed's loop: offer, then each round accept / walk away / counter.

        ``asking_price`` (the seller's opening ask, if known) is passed to the
        strategy's opening ``next_offer``; otherwise it gets 0.0 and a
        context whose ``seller_last_price`` is None. HTTP failures raise (see
        the module docstring); a contradictory seller answer ends in ERROR.
        With an ``event_bus``, the result is published as ``negotiation.completed``.
        """
        result = await self._auto(seller_url, proposal_id, strategy, asking_price, quote_id,
                                  currency)
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
        asking_price: float | None, quote_id: str | None, currency: str = "USD",
    ) -> NegotiationResult:
        opening = strategy.next_offer(
            asking_price if asking_price is not None else 0.0,
            NegotiationContext(seller_asking_price=asking_price),
        )
        if not math.isfinite(opening) or opening <= 0:
            return NegotiationResult(
                proposal_id=proposal_id, outcome=NegotiationOutcome.ERROR,
                seller_url=seller_url.rstrip("/"),
                reason=f"strategy produced an invalid offer: {opening!r}")
        try:
            session = await self.start_negotiation(seller_url, proposal_id, opening,
                                                   quote_id=quote_id, currency=currency)
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
                return self._result(session, NegotiationOutcome.WALKED_AWAY, None,
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
    ) -> Reply:
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
        else:
            on_quote = session.quote_id is not None and session.quote_id == session.proposal_id
            message = NegotiationMessage(
                idempotency_key=new_idempotency_key("neg"),
                action="reject" if action == "decline" else action,
                proposal_id=None if on_quote else session.proposal_id,
                quote_id=session.quote_id,
                round_number=len(session.rounds) + 1,
                buyer_price=Money.of(price, session.currency) if price is not None else None,
                rationale=rationale,
            )
            # The idempotency key makes a retried message safe.
            body = await self._send("POST", seller, MESSAGES_PATH,
                                    message.model_dump(mode="json", exclude_none=True),
                                    retry=True)
        try:
            return read_reply(body, sent_price=price if action == "accept" else None,
                              last_seller_price=session.current_seller_price)
        except ReplyError as exc:
            raise NegotiationProtocolError(
                f"malformed negotiation answer from {seller}: {exc}", seller_url=seller) from exc

    async def negotiation_state(self, seller_url: str, ref: str) -> NegotiationState | None:
        """Where the negotiation ``ref`` (a proposal or quote id) stands at the seller
        (``GET /proposals/{ref}/negotiation``); None when the seller has none or does
        not say. A resumed run reads it before sending anything."""
        seller = seller_url.rstrip("/")
        path = f"/proposals/{quote(ref, safe='')}/negotiation"
        try:
            body = await self._send("GET", seller, path, None, retry=True)
        except NegotiationHTTPError as exc:
            if exc.status_code in (404, 405, 501):
                return None
            raise
        try:
            return read_state(body)
        except ReplyError as exc:
            raise NegotiationProtocolError(
                f"malformed negotiation status from {seller}: {exc}", seller_url=seller) from exc

    async def _send(self, method: str, seller: str, path: str, payload: Any,
                    *, retry: bool) -> Any:
        url = f"{seller}{path}"
        try:
            return await self._http.request(method, url, seller_url=seller, json=payload,
                                            retry=retry)
        except NegotiationError as exc:
            raise as_httpx_error(exc, method, url) from exc.__cause__ or exc

    @staticmethod
    def _record(
        session: NegotiationSession, buyer_price: float, reply: Reply
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
