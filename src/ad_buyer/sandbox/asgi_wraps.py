"""The sandbox's two per-request wrappers as plain ASGI.

Starlette's ``@app.middleware("http")`` (``BaseHTTPMiddleware``) runs each request
through a task group and memory streams: about 0.2 ms of CPU a request, and a run
of the README brief makes some 1,200 requests to the in-process sandbox through two
of them. These do the same work without that machinery.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ad_buyer.sandbox.errors import error_response
from ad_buyer.sandbox.faults import FaultInjector

# A seller's fault injector by its id (None: no such seller).
FaultsLookup = Callable[[str], FaultInjector | None]


class SaveOnAnswer:
    """Calls ``save`` as each request's answer starts, before the caller sees any of it
    (or as the request ends without one): the seller's state is written before the
    buyer can act on what it was told."""

    def __init__(self, app: ASGIApp, save: Callable[[], object]) -> None:
        self.app = app
        self.save = save

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        saved = False

        async def send_saved(message: Message) -> None:
            nonlocal saved
            if not saved and message["type"] == "http.response.start":
                saved = True
                self.save()
            await send(message)

        try:
            await self.app(scope, receive, send_saved)
        finally:
            if not saved:
                self.save()


class SellerFaults:
    """Finds the request's seller (404 for none) and passes the request through the
    seller's transport faults when it has any; a seller without them is served
    directly (its fault injector would pass the request on untouched)."""

    def __init__(self, app: ASGIApp, lookup: FaultsLookup) -> None:
        self.app = app
        self.lookup = lookup
        self.faulty = BaseHTTPMiddleware(app, dispatch=self._faults)

    def _seller_id(self, scope: Scope) -> str:
        return str(scope.get("path_params", {}).get("seller_id", ""))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        faults = self.lookup(self._seller_id(scope))
        if faults is None:
            answer = error_response(404, "seller_not_found", "no such seller in the sandbox")
            await answer(scope, receive, send)
        elif faults.config.has_transport_faults:
            await self.faulty(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _faults(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        faults = self.lookup(self._seller_id(request.scope))
        if faults is None:  # removed between the two looks
            return error_response(404, "seller_not_found", "no such seller in the sandbox")
        return await faults.middleware(request, call_next)
