"""A brief being read in the console is kept: a reload shows the same reading without
reading the brief again (a model's reading costs money and may differ), and an answer
reads it anew."""

from __future__ import annotations

import re
from typing import Any

import pytest

from api.conftest import GAPPY_BRIEF, REFERENCE, Api

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


async def test_a_reload_shows_the_stored_reading_and_an_answer_reads_again(
        api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[Any] = []
    read = api.service.planner.read

    def counted(brief_in: Any) -> Any:
        reads.append(brief_in)
        return read(brief_in)

    monkeypatch.setattr(api.service.planner, "read", counted)
    home = await api.client.get("/console")
    token = TOKEN.search(home.text)
    assert token is not None
    made = await api.client.post("/console/drafts", data={
        "brief": GAPPY_BRIEF, "reference_date": REFERENCE, "csrf_token": token.group(1)})
    assert made.status_code == 303
    draft = made.headers["location"]
    first = await api.client.get(draft)
    again = await api.client.get(draft)
    assert first.status_code == again.status_code == 200
    assert "budget is missing" in again.text
    assert len(reads) == 1
    answered = await api.client.post(f"{draft}/answers", data={
        "answer_budget": "$100k", "csrf_token": token.group(1)})
    assert answered.status_code == 303
    after = await api.client.get(draft)
    assert len(reads) == 2
    assert reads[1].answers == {"budget": "$100k"}
    assert "budget is missing" not in after.text
    assert "flight_dates is missing" in after.text
    home = await api.client.get("/console")
    assert draft in home.text  # the brief is listed to come back to
