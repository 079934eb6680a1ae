"""Who may use the console and what a page may contain: a form from another site books
nothing, API keys keep the console behind a sign-in, and seller-written text is
escaped."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import httpx

from ad_buyer.api.app import create_app
from ad_buyer.api.console.routes import _templates
from ad_buyer.api.security import ApiKeys
from ad_buyer.events.log import LogEntry
from ad_buyer.reporting.review_tree import TreeNode
from ad_buyer.sandbox.testing import in_process_sandbox
from api.conftest import BRIEF, REFERENCE, Api, sandbox_deals, service_over

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


async def test_a_booking_form_without_the_consoles_token_books_nothing(api: Api) -> None:
    made = await api.client.post("/plans", json={"brief": BRIEF, "reference_date": REFERENCE})
    assert made.status_code == 201, made.text
    plan_id = made.json()["id"]
    page = await api.client.get(f"/console/plans/{plan_id}")
    assert page.status_code == 200
    token = TOKEN.search(page.text)
    assert token is not None
    # As another site would send it: the browser's cookie, but not the page's token.
    forged = await api.client.post(f"/console/plans/{plan_id}/book",
                                   data={"csrf_token": "guessed"})
    assert forged.status_code == 403
    api.client.cookies.clear()
    no_cookie = await api.client.post(f"/console/plans/{plan_id}/book",
                                      data={"csrf_token": token.group(1)})
    assert no_cookie.status_code == 403
    assert sandbox_deals(api.network) == []
    plan = await api.client.get(f"/plans/{plan_id}")
    assert plan.json()["status"] == "planned"


async def test_with_api_keys_the_console_asks_for_one(tmp_path: Path) -> None:
    service = service_over(in_process_sandbox(), f"sqlite:///{tmp_path / 'keys.db'}")
    app = create_app(service, keys=ApiKeys.from_env("console-key"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://console.test") as client:
        first = await client.get("/console")
        assert first.status_code == 303
        assert first.headers["location"] == "/console/login"
        assert (await client.get("/console/runs")).status_code == 303
        wrong = await client.post("/console/login", data={"key": "nope"})
        assert wrong.status_code == 401
        assert "not accepted" in wrong.text
        right = await client.post("/console/login", data={"key": "console-key"})
        assert right.status_code == 303
        home = await client.get("/console")
        assert home.status_code == 200
        assert "Read the brief" in home.text


def test_seller_written_text_is_escaped() -> None:
    entry = LogEntry(id=1, run_id="r", parent_id=None, kind="tool_call", agent="CTV Specialist",
                     model="", summary="survey", rationale="", data={"name": "<b>x</b>"},
                     prompt_tokens=0, completion_tokens=0, cost_micros=0, duration_ms=0,
                     created_at=datetime.now(UTC))
    item = TreeNode(entry=entry, words="used a tool", what='package "<script>alert(1)</script>"',
                    why="<img src=x onerror=alert(2)>", usage="")
    html = _templates().env.get_template("_tree.html").render(items=[item], depth=0,
                                                              sellers={})
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
