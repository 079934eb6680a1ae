"""The console's pages, mounted at ``/console`` on the API's app. Every action goes
through the same :class:`BuyerService` calls as the API (plan, revise, book, approve,
reject): the console has no path of its own to money. Forms post and redirect, so a
reload repeats nothing and loses nothing (drafts and plans live in the database)."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ad_buyer.api.console.drafts import DraftNotFound, DraftReading, DraftStore
from ad_buyer.api.console.export import media_plan_csv, media_plan_xlsx
from ad_buyer.api.console.guard import (
    CSRF_COOKIE,
    CSRF_FIELD,
    KEY_COOKIE,
    ForgedForm,
    NotSignedIn,
    check_form,
    check_key,
    csrf_token,
)
from ad_buyer.api.console.views import facts_of
from ad_buyer.api.models import BriefIn, RunDetail
from ad_buyer.api.plan_store import PlanNotFound
from ad_buyer.api.planning import BriefGaps, PlanClosed, PlanFailed, RevisionRefused
from ad_buyer.api.security import ApiKeys
from ad_buyer.api.service import BuyerService
from ad_buyer.events.log import RunNotFoundError
from ad_buyer.intake.questions import question_for
from ad_buyer.models.brief import BriefIssue, GapKind
from ad_buyer.reporting.facts import money, run_sellers
from ad_buyer.reporting.render import shorten_urls
from ad_buyer.reporting.review import run_review
from ad_buyer.reporting.review_tree import run_tree_nodes

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
Token = Annotated[str, Form(alias=CSRF_FIELD)]


def _templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["money"] = lambda micros, currency: money(int(micros), currency)
    env.filters["shorten"] = shorten_urls
    return Jinja2Templates(env=env)


class ConsoleError(Exception):
    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def console_router(service: BuyerService, keys: ApiKeys) -> APIRouter:
    templates = _templates()
    drafts = DraftStore(service.database)
    router = APIRouter(prefix="/console", include_in_schema=False)

    def page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
        try:
            check_key(request, keys)
        except NotSignedIn:
            return _see("/console/login")
        token = csrf_token(request)
        response = templates.TemplateResponse(request, name, {"csrf": token, **context},
                                              status_code=status)
        if request.cookies.get(CSRF_COOKIE) != token:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
        return response

    def posted(request: Request, token: str) -> None:
        check_key(request, keys)
        check_form(request, token)

    def run_detail(run_id: str) -> RunDetail:
        try:
            return service.runs.detail(run_id)
        except RunNotFoundError as exc:
            raise ConsoleError(404, f"no run {run_id!r}") from exc

    # ---- sign-in -------------------------------------------------------------

    @router.get("/login", response_class=HTMLResponse)
    def login_form(request: Request) -> Response:
        return templates.TemplateResponse(request, "login.html", {"error": ""})

    @router.post("/login", response_class=HTMLResponse)
    def login(request: Request, key: Annotated[str, Form(max_length=500)]) -> Response:
        if not keys.accepts(key):
            return templates.TemplateResponse(request, "login.html",
                                              {"error": "That key is not accepted."},
                                              status_code=401)
        response = _see("/console")
        response.set_cookie(KEY_COOKIE, key, httponly=True, samesite="strict")
        return response

    # ---- planning --------------------------------------------------------------

    @router.get("", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        return page(request, "home.html", today=date.today().isoformat(),
                    recent=drafts.recent())

    @router.post("/drafts")
    def new_draft(request: Request, token: Token,
                  brief: Annotated[str, Form(min_length=1, max_length=20_000)],
                  reference_date: Annotated[str, Form()] = "",
                  allow_past: Annotated[bool, Form()] = False) -> Response:
        posted(request, token)
        draft = drafts.add(BriefIn(
            brief=brief, allow_past=allow_past,
            reference_date=date.fromisoformat(reference_date) if reference_date else None))
        return _see(f"/console/drafts/{draft.id}")

    @router.get("/drafts/{draft_id}", response_class=HTMLResponse)
    def show_draft(request: Request, draft_id: str) -> Response:
        draft = drafts.get(draft_id)
        read = draft.reading
        if read is None:
            reading, brief = service.planner.read(draft.request)
            read = DraftReading(reading=reading,
                                facts=brief.read_as().facts if brief is not None else [])
            drafts.read(draft_id, read)
        questions = [(g.field, question_for(BriefIssue(field=g.field, kind=GapKind(g.kind),
                                                       message=g.message)))
                     for g in read.reading.gaps]
        return page(request, "draft.html", draft=draft, reading=read.reading,
                    facts=facts_of(read.facts), questions=questions)

    @router.post("/drafts/{draft_id}/answers")
    async def answer(request: Request, draft_id: str) -> Response:
        form = await request.form()
        posted(request, str(form.get(CSRF_FIELD) or ""))
        draft = drafts.get(draft_id)
        answers = dict(draft.request.answers)
        for key, value in form.items():
            if key.startswith("answer_") and isinstance(value, str) and value.strip():
                answers[key.removeprefix("answer_")] = value.strip()  # type: ignore[index]
        text = form.get("brief")
        request_in = BriefIn.model_validate({
            **draft.request.model_dump(), "answers": answers,
            "brief": text if isinstance(text, str) and text.strip() else draft.request.brief})
        drafts.update(draft_id, request_in)
        return _see(f"/console/drafts/{draft_id}")

    @router.post("/drafts/{draft_id}/plan")
    def plan_draft(request: Request, draft_id: str, token: Token) -> Response:
        posted(request, token)
        draft = drafts.get(draft_id)
        try:
            record = service.planner.plan(draft.request)
        except BriefGaps:
            return _see(f"/console/drafts/{draft_id}")
        except PlanFailed as exc:
            raise ConsoleError(422, str(exc)) from exc
        drafts.planned(draft_id, record.id)
        return _see(f"/console/plans/{record.id}")

    def plan_page(request: Request, plan_id: str, error: str = "", status: int = 200
                  ) -> Response:
        record = service.planner.store.get(plan_id)
        plan = service.planner.view(record)
        channels = [a.channel for a in plan.allocation]
        sellers = sorted({d.seller for d in plan.deals})
        return page(request, "plan.html", status=status, plan=plan, error=error,
                    draft_id=drafts.for_plan(plan_id),
                    facts=facts_of(record.plan.brief.read_as().facts), channels=channels,
                    sellers=sellers)

    @router.get("/plans/{plan_id}", response_class=HTMLResponse)
    def show_plan(request: Request, plan_id: str) -> Response:
        return plan_page(request, plan_id)

    @router.post("/plans/{plan_id}/revise", response_class=HTMLResponse)
    def revise(request: Request, plan_id: str, token: Token,
               revision: Annotated[str, Form(max_length=500)] = "",
               move_pct: Annotated[str, Form(max_length=10)] = "",
               move_from: Annotated[str, Form(max_length=40)] = "",
               move_to: Annotated[str, Form(max_length=40)] = "",
               cap_cpm: Annotated[str, Form(max_length=20)] = "",
               drop_seller: Annotated[str, Form(max_length=200)] = "") -> Response:
        posted(request, token)
        # The edit controls say the same sentences one would type.
        if move_pct:
            revision = f"move {move_pct}% from {move_from} to {move_to}"
        elif cap_cpm:
            revision = f"cap CPM at ${cap_cpm}"
        elif drop_seller:
            revision = f"drop seller {drop_seller}"
        if not revision.strip():
            return plan_page(request, plan_id, "Say what to change, or use one of the edits.",
                             422)
        try:
            service.planner.revise(plan_id, revision)
        except (RevisionRefused, PlanClosed, PlanFailed) as exc:
            return plan_page(request, plan_id, str(exc), 422)
        return _see(f"/console/plans/{plan_id}#changes")

    @router.post("/plans/{plan_id}/book")
    def book(request: Request, plan_id: str, token: Token) -> Response:
        posted(request, token)
        try:
            booking = service.planner.book(plan_id)
        except PlanNotFound:
            raise
        except Exception as exc:  # shown to the planner; the run keeps what moved
            logger.exception("booking plan %s did not finish", plan_id)
            raise ConsoleError(502, f"The booking did not finish: {exc}. Whatever a seller "
                                    "booked is recorded; the run is listed under Runs and "
                                    "can be resumed (POST /runs/RUN/resume).") from exc
        return _see(f"/console/runs/{booking.run_id}")

    # ---- runs --------------------------------------------------------------------

    @router.get("/runs", response_class=HTMLResponse)
    def runs(request: Request) -> Response:
        from ad_buyer.reporting.facts import is_dry_run

        details = [d for d in (service.runs.maybe_detail(r.id) for r in service.runs.list(200))
                   if d is not None]
        dry = {d.id for d in details if is_dry_run(service.runs.log.get_run(d.id))}
        return page(request, "runs.html", runs=details, dry=dry)

    @router.get("/runs/{run_id}", response_class=HTMLResponse)
    def review(request: Request, run_id: str) -> Response:
        run = run_detail(run_id)
        record = service.runs.log.get_run(run_id)
        sellers = run_sellers(record)
        tree = run_tree_nodes(record)
        try:
            pacing = service.pacing.status(run_id) if run.pacing else None
        except KeyError:
            pacing = None
        history = _pacing_history(run_id)
        chart_panels = None
        if history is not None:
            from ad_buyer.reporting.pacing_view import pacing_view

            chart_panels = pacing_view(history, "").grouped_by
        return page(request, "run.html", run=run, tree=tree, sellers=sellers,
                    review=run_review(record), pacing=pacing,
                    has_chart=history is not None, chart_panels=chart_panels)

    def _pacing_history(run_id: str) -> Any:
        from ad_buyer.crew.handoff import pacing_history

        history = pacing_history(service.database, run_id)
        return history if history is not None and any(history.measurements.values()) else None

    @router.get("/runs/{run_id}/pacing.svg")
    def pacing_chart(request: Request, run_id: str) -> Response:
        check_key(request, keys)
        from ad_buyer.reporting.pacing_chart import chart_svg
        from ad_buyer.reporting.pacing_view import pacing_view
        from ad_buyer.reporting.review import campaign_name

        run_detail(run_id)  # an unknown run is a 404
        history = _pacing_history(run_id)
        if history is None:
            raise ConsoleError(404, "no delivery has been measured for this run yet")
        # The report's figure (reporting.html.pacing_chart_svg): the same view, the same name.
        svg = chart_svg(pacing_view(history, campaign_name(service.runs.log.get_run(run_id))))
        return Response(svg, media_type="image/svg+xml")

    @router.get("/runs/{run_id}/media-plan.csv")
    def plan_csv(request: Request, run_id: str) -> Response:
        check_key(request, keys)
        return Response(media_plan_csv(run_detail(run_id)), media_type="text/csv",
                        headers={"Content-Disposition":
                                 f'attachment; filename="media-plan-{run_id}.csv"'})

    @router.get("/runs/{run_id}/media-plan.xlsx")
    def plan_xlsx(request: Request, run_id: str) -> Response:
        check_key(request, keys)
        return Response(
            media_plan_xlsx(run_detail(run_id)),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="media-plan-{run_id}.xlsx"'})

    @router.post("/recommendations/{rec_id}/{decision}")
    def decide(request: Request, rec_id: str, decision: str, token: Token,
               run_id: Annotated[str, Form(max_length=64)]) -> Response:
        posted(request, token)
        try:
            if decision == "approve":
                service.pacing.approve(rec_id)
            elif decision == "reject":
                service.pacing.reject(rec_id, "rejected in the console")
            else:
                raise ConsoleError(404, f"no decision {decision!r}")
        except KeyError as exc:
            raise ConsoleError(404, f"no recommendation {rec_id!r}") from exc
        except ValueError as exc:
            raise ConsoleError(409, str(exc)) from exc
        return _see(f"/console/runs/{run_id}#pacing")

    return router


def install_console(app: FastAPI, service: BuyerService, keys: ApiKeys) -> None:
    """Mount the console (pages, static files, error pages) on the API's app."""
    from fastapi.staticfiles import StaticFiles

    templates = _templates()
    app.include_router(console_router(service, keys))
    app.mount("/console/static", StaticFiles(directory=STATIC_DIR), name="console-static")

    def error_page(request: Request, status: int, message: str) -> Response:
        return templates.TemplateResponse(request, "error.html", {"message": message},
                                          status_code=status)

    @app.exception_handler(ConsoleError)
    async def console_error(request: Request, exc: ConsoleError) -> Response:
        return error_page(request, exc.status, str(exc))

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(_request: Request, _exc: NotSignedIn) -> Response:
        return _see("/console/login")

    @app.exception_handler(ForgedForm)
    async def forged(request: Request, exc: ForgedForm) -> Response:
        return error_page(request, 403, str(exc))

    @app.exception_handler(DraftNotFound)
    async def no_draft(request: Request, exc: DraftNotFound) -> Response:
        return error_page(request, 404, str(exc))

    @app.exception_handler(PlanNotFound)
    async def no_plan(request: Request, exc: PlanNotFound) -> Response:
        return error_page(request, 404, str(exc))
