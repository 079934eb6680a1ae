"""The buyer's HTTP API (FastAPI): plans, runs, logs, reports and pacing.

Every route calls :class:`~ad_buyer.api.service.BuyerService`, which calls the
functions the CLI calls; errors are :class:`~ad_buyer.api.models.ErrorBody`.
POSTs that can move money take an ``Idempotency-Key`` header. With API keys
configured (``AD_BUYER_API_KEYS``), every route but ``/healthz`` and the schema
(``/openapi.json``, ``/docs``) needs one, as ``Authorization: Bearer KEY`` or
``X-API-Key: KEY``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from ad_buyer import __version__
from ad_buyer.api.idempotency import IdempotencyStore, KeyInFlight, KeyReused
from ad_buyer.api.models import (
    BookingOut,
    BriefIn,
    BriefReading,
    DecisionOut,
    ErrorBody,
    PacingOut,
    PlanOut,
    QueuedRun,
    RejectIn,
    RevisionIn,
    RevisionOut,
    RunDetail,
    RunIn,
    RunLog,
    RunSummaryOut,
    SellerOut,
)
from ad_buyer.api.plan_store import PlanNotFound
from ad_buyer.api.planning import BriefGaps, PlanClosed, PlanFailed, RevisionRefused
from ad_buyer.api.runs import AlreadyRun, NotResumable
from ad_buyer.api.security import ApiKeys, presented_key
from ad_buyer.api.service import BuyerService
from ad_buyer.durable.ops import OpsSnapshot
from ad_buyer.events.log import RunNotFoundError

logger = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(self, status: int, error: str, message: str, **extra: Any) -> None:
        self.status = status
        self.body = ErrorBody(error=error, message=message, **extra)
        super().__init__(message)


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "no or wrong API key"},
    404: {"model": ErrorBody, "description": "no such plan, run or recommendation"},
    409: {"model": ErrorBody, "description": "the request conflicts with the state"},
    422: {"model": ErrorBody, "description": "the request (or the brief) cannot be used"},
}
IdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", max_length=200,
    description="sent again with the same request, the first answer comes back and "
                "nothing more is done")]

_bearer = HTTPBearer(auto_error=False)
_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


def _error(status: int, error: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse(ErrorBody(error=error, message=message, **extra).model_dump(mode="json"),
                        status_code=status)


def _not_found(what: Any) -> ApiError:
    return ApiError(404, "not_found", str(what).strip("'\""))


def create_app(service: BuyerService, *, keys: ApiKeys | None = None,
               mounts: dict[str, Any] | None = None,
               lifespans: list[Callable[[], Any]] | None = None) -> FastAPI:
    """The API over ``service``; ``keys`` (default: none) guard every route but
    ``/healthz``. ``mounts`` are further ASGI apps (the MCP server at ``/mcp``), and
    ``lifespans`` async context managers they need running."""
    api_keys = keys or ApiKeys([])
    idempotency = IdempotencyStore(service.database)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(service.start)
        try:
            if lifespans:
                from contextlib import AsyncExitStack

                async with AsyncExitStack() as stack:
                    for make in lifespans:
                        await stack.enter_async_context(make())
                    yield
            else:
                yield
        finally:
            await run_in_threadpool(service.stop)

    def require_key(
            bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
            x_api_key: Annotated[str | None, Security(_key_header)] = None) -> None:
        presented = presented_key(f"Bearer {bearer.credentials}" if bearer else None,
                                  x_api_key)
        if not api_keys.accepts(presented):
            raise ApiError(401, "unauthorized", "a valid API key is required "
                                                "(Authorization: Bearer KEY or X-API-Key)")

    app = FastAPI(title="ad-buyer", version=__version__, lifespan=lifespan,
                  description="An agentic media buyer as a service: plan a brief (a dry "
                              "run), revise the plan, book it; runs on the campaign queue; "
                              "rationale logs, reports and pacing. Money is integer micros.")
    guarded = [Depends(require_key)]

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body.model_dump(mode="json"), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}"
                             for e in exc.errors())
        return _error(422, "invalid_request", problems or "invalid request")

    async def once(request: Request, key: str | None,
                   work: Callable[[], Awaitable[tuple[int, BaseModel]]]) -> Response:
        """Run ``work`` once per idempotency key; a repeat gets the first answer."""
        if key is None:
            status, model = await work()
            return JSONResponse(model.model_dump(mode="json"), status_code=status)
        body = await request.body()
        try:
            stored = await run_in_threadpool(idempotency.begin, key, request.method,
                                             request.url.path, body)
        except KeyReused as exc:
            raise ApiError(422, "idempotency_key_reused", "this Idempotency-Key was used "
                                                          "for a different request") from exc
        except KeyInFlight as exc:
            raise ApiError(409, "idempotency_key_in_flight", "the first request with this "
                                                             "Idempotency-Key is still running"
                           ) from exc
        if stored is not None:
            return Response(stored[1], status_code=stored[0], media_type="application/json",
                            headers={"Idempotent-Replayed": "true"})
        try:
            status, model = await work()
        except ApiError as exc:
            await run_in_threadpool(idempotency.finish, key, exc.status,
                                    exc.body.model_dump_json())
            raise
        except BaseException:
            await run_in_threadpool(idempotency.release, key)
            raise
        text = model.model_dump_json()
        await run_in_threadpool(idempotency.finish, key, status, text)
        return Response(text, status_code=status, media_type="application/json")

    @app.get("/healthz", tags=["service"])
    def healthz() -> dict[str, str]:
        """Liveness: the service answers."""
        return {"status": "ok"}

    # ---- briefs and plans ----------------------------------------------------

    @app.post("/briefs/read", tags=["plans"], dependencies=guarded, responses=ERRORS)
    def read_brief(brief: BriefIn) -> BriefReading:
        """How the brief is read: the "read as" block, and its gaps if it cannot run.
        No seller is called but the registry listing."""
        return service.planner.read(brief)[0]

    @app.post("/plans", tags=["plans"], dependencies=guarded, responses=ERRORS,
              status_code=201)
    def create_plan(brief: BriefIn) -> PlanOut:
        """Plan a brief: read it (422 with each gap, as ``ad-buyer run`` exits 2),
        allocate the budget, and quote it (a dry run: nothing is booked)."""
        try:
            return service.planner.view(service.planner.plan(brief))
        except BriefGaps as exc:
            raise ApiError(422, "brief_gaps", "the brief cannot be run as written",
                           gaps=exc.reading.gaps, read_as=exc.reading.read_as) from exc
        except PlanFailed as exc:
            raise ApiError(422, "plan_failed", str(exc)) from exc

    @app.get("/plans/{plan_id}", tags=["plans"], dependencies=guarded, responses=ERRORS)
    def get_plan(plan_id: str) -> PlanOut:
        try:
            return service.planner.view(service.planner.store.get(plan_id))
        except PlanNotFound as exc:
            raise _not_found(exc) from exc

    @app.post("/plans/{plan_id}/revise", tags=["plans"], dependencies=guarded,
              responses=ERRORS)
    def revise_plan(plan_id: str, revision: RevisionIn) -> RevisionOut:
        """Revise a plan as in chat: 'move 20% from mobile to ctv', 'move $10k from audio
        to ctv', 'drop seller X', 'cap CPM at $30'. The plan is quoted again."""
        try:
            note, record = service.planner.revise(plan_id, revision.revision)
        except PlanNotFound as exc:
            raise _not_found(exc) from exc
        except PlanClosed as exc:
            raise ApiError(409, "plan_closed", str(exc)) from exc
        except RevisionRefused as exc:
            raise ApiError(422, "revision_refused", str(exc)) from exc
        except PlanFailed as exc:
            raise ApiError(422, "plan_failed", str(exc)) from exc
        return RevisionOut(applied=note, plan=service.planner.view(record))

    @app.post("/plans/{plan_id}/book", tags=["plans"], dependencies=guarded,
              responses=ERRORS)
    async def book_plan(plan_id: str, request: Request,
                        idempotency_key: IdempotencyKey = None) -> BookingOut:
        """Book exactly this plan (its brief and allocation, re-quoted at the sellers),
        once: a second call books nothing more and answers with the first booking."""
        async def work() -> tuple[int, BaseModel]:
            try:
                return 200, await run_in_threadpool(service.planner.book, plan_id)
            except PlanNotFound as exc:
                raise _not_found(exc) from exc

        return await once(request, idempotency_key, work)  # type: ignore[return-value]

    # ---- runs ----------------------------------------------------------------

    @app.post("/runs", tags=["runs"], dependencies=guarded, responses=ERRORS,
              status_code=202)
    async def enqueue_run(run: RunIn, request: Request,
                          idempotency_key: IdempotencyKey = None) -> QueuedRun:
        """Put a brief on the campaign queue as a run (``ad-buyer enqueue``); a worker
        (``ad-buyer worker``) runs it. A brief already run is refused (409) unless
        ``again``."""
        async def work() -> tuple[int, BaseModel]:
            try:
                return 202, await run_in_threadpool(service.runs.enqueue, run)
            except AlreadyRun as exc:
                raise ApiError(409, "already_run", str(exc)) from exc

        return await once(request, idempotency_key, work)  # type: ignore[return-value]

    @app.get("/runs", tags=["runs"], dependencies=guarded, responses=ERRORS)
    def list_runs(limit: Annotated[int, Query(ge=1, le=500)] = 50,
                  state: Annotated[str | None, Query(max_length=40)] = None
                  ) -> list[RunSummaryOut]:
        """The latest runs with their state (queued, running, interrupted, completed...)."""
        return service.runs.list(limit, state)

    @app.get("/runs/{run_id}", tags=["runs"], dependencies=guarded, responses=ERRORS)
    def get_run(run_id: str) -> RunDetail:
        """A run's state, planned, committed and held money, and its deals as each
        seller stated them when read back after booking."""
        try:
            return service.runs.detail(run_id)
        except RunNotFoundError as exc:
            raise _not_found(exc) from exc

    @app.post("/runs/{run_id}/resume", tags=["runs"], dependencies=guarded,
              responses=ERRORS, status_code=202)
    async def resume_run(run_id: str, request: Request,
                         idempotency_key: IdempotencyKey = None) -> QueuedRun:
        """Hand an interrupted run back to the workers: it continues from its last
        completed step, booking nothing twice."""
        async def work() -> tuple[int, BaseModel]:
            try:
                return 202, await run_in_threadpool(service.runs.resume, run_id)
            except RunNotFoundError as exc:
                raise _not_found(exc) from exc
            except NotResumable as exc:
                raise ApiError(409, "not_resumable", str(exc)) from exc

        return await once(request, idempotency_key, work)  # type: ignore[return-value]

    @app.get("/runs/{run_id}/log", tags=["runs"], dependencies=guarded, responses=ERRORS)
    def run_log(run_id: str) -> RunLog:
        """The rationale log as a tree: every decision, delegation, tool call and guard."""
        try:
            return service.runs.rationale(run_id)
        except RunNotFoundError as exc:
            raise _not_found(exc) from exc

    @app.get("/runs/{run_id}/report", tags=["runs"], dependencies=guarded,
             responses={**ERRORS, 200: {"content": {"text/html": {"schema": {"type": "string"}}},
                                         "description": "the self-contained HTML report"}},
             response_model=None)
    def run_report(run_id: str) -> HTMLResponse:
        """The run's HTML report (``ad-buyer log export RUN --html``)."""
        try:
            return HTMLResponse(service.runs.report_html(run_id))
        except RunNotFoundError as exc:
            raise _not_found(exc) from exc

    # ---- pacing --------------------------------------------------------------

    @app.get("/runs/{run_id}/pacing", tags=["pacing"], dependencies=guarded,
             responses=ERRORS)
    def pacing_status(run_id: str) -> PacingOut:
        """Spend against plan per deal, channel, seller and campaign, and the
        recommendations (manual mode waits for approve or reject)."""
        try:
            return service.pacing.status(run_id)
        except KeyError as exc:
            raise _not_found(exc.args[0] if exc.args else exc) from exc

    @app.post("/pacing/recommendations/{rec_id}/approve", tags=["pacing"],
              dependencies=guarded, responses=ERRORS)
    async def approve(rec_id: str, request: Request,
                      idempotency_key: IdempotencyKey = None) -> DecisionOut:
        """Approve a pending recommendation: its change requests go to the sellers."""
        async def work() -> tuple[int, BaseModel]:
            try:
                return 200, await run_in_threadpool(service.pacing.approve, rec_id)
            except KeyError as exc:
                raise _not_found(exc.args[0] if exc.args else exc) from exc
            except ValueError as exc:
                raise ApiError(409, "not_pending", str(exc)) from exc

        return await once(request, idempotency_key, work)  # type: ignore[return-value]

    @app.post("/pacing/recommendations/{rec_id}/reject", tags=["pacing"],
              dependencies=guarded, responses=ERRORS)
    def reject(rec_id: str, body: RejectIn | None = None) -> DecisionOut:
        """Reject a pending recommendation (recorded; nothing is sent)."""
        try:
            return service.pacing.reject(rec_id, (body or RejectIn()).reason)
        except KeyError as exc:
            raise _not_found(exc.args[0] if exc.args else exc) from exc
        except ValueError as exc:
            raise ApiError(409, "not_pending", str(exc)) from exc

    @app.get("/ops", tags=["service"], dependencies=guarded, responses=ERRORS)
    def ops() -> OpsSnapshot:
        """Queue depth, workers (live or gone), runs by state and requests in flight per
        seller, across every process on the database."""
        from ad_buyer.durable.ops import snapshot

        return snapshot(service.database)

    @app.get("/metrics", tags=["service"], dependencies=guarded, response_model=None,
             responses={**ERRORS, 200: {"content": {"text/plain": {"schema": {
                 "type": "string"}}}, "description": "Prometheus text format"}})
    def metrics() -> Response:
        """The same figures as ``/ops``, for Prometheus."""
        from prometheus_client import CONTENT_TYPE_LATEST

        from ad_buyer.api.metrics import metrics_registry, render

        return Response(render(metrics_registry(service.database)),
                        media_type=CONTENT_TYPE_LATEST)

    @app.get("/sellers", tags=["sellers"], dependencies=guarded, responses=ERRORS)
    def sellers() -> list[SellerOut]:
        """The registry's sellers and whether a key is stored for each (keys are never
        shown)."""
        return service.sellers()

    from ad_buyer.api.console.routes import install_console

    install_console(app, service, api_keys)
    for path, mounted in (mounts or {}).items():
        app.mount(path, mounted)
    return app
