"""The offline reader never raises on any text (issue 19): it returns a brief or a
gap list. Arbitrary text, text built from the reader's own vocabulary (amounts,
dates, separators, channels, places), and corpus briefs mutated the way a hurried
planner does (cut off mid-way, numbers changed, separators swapped)."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap, CampaignBrief
from brief_noise import Case, corpus_cases

REFERENCE = date(2026, 12, 7)
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

TOKENS = (
    "$", "€", "£", "USD", "EUR", "1.2M", "250k", "50/30/20", "60:40", "70%", "30 %", "CPM",
    "cap", "max", "budget", "2027-03-01", "03/04/2027", "13/04/27", "1.3.2027", "Q3", "H1",
    "FY27", "March", "Sept", "1st", "to", "-", "–", "through", "until", "weeks", "from",
    "CTV", "OLV", "display", "audio", "DOOH", "mobile", "split", "only", "exclude", "not",
    "adults", "A25-54", "W18+", "kids", "moms", "UK", "US", "Texas", "NY", "DMA", "Chicago",
    "PG", "PMP", "open", "auction", "deals", ",", ".", ";", ":", "/", "\n", "\n\n", "(", ")",
    "0", "00", "31", "12", "99", "2026", "-5", "0.0", "1e9", "999999999999", "½", "٣",
)
numeric_date = st.builds(
    "{}{sep}{}{sep}{}".format, st.integers(0, 99), st.integers(0, 99),
    st.sampled_from(("27", "2027", "20", "0", "1999", "99999")),
    sep=st.sampled_from(("/", "-", ".")))
numeric_range = st.builds("{}{}{}".format, numeric_date,
                          st.sampled_from((" - ", " to ", "–", " and ", " through ", "-")),
                          numeric_date)
vocabulary = st.lists(st.one_of(st.sampled_from(TOKENS), numeric_date, numeric_range),
                      max_size=40).map(" ".join)


def _read(text: str, reference: date = REFERENCE) -> CampaignBrief | BriefGap:
    return extract_brief(text, reference_date=reference)


@pytest.mark.parametrize("text", [
    "$1M CTV and OLV 50/30/20 - 1/5/27",  # IndexError in dates (no month in '50/30/20')
    "CTV + OLV + audio at 40/40/20 to 03/04/2027",
    ",\r0",  # csv.Error in tables (a bare carriage return in a comma line)
    "Channel, Share, Budget\rCTV, 60%, $600k\rOLV, 40%, $400k",
])
def test_texts_that_crashed_the_reader_are_read_or_refused(text: str) -> None:
    assert isinstance(_read(text), (CampaignBrief, BriefGap))


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_is_read_or_refused(text: str) -> None:
    assert isinstance(_read(text), (CampaignBrief, BriefGap))


@SETTINGS
@given(vocabulary)
def test_the_readers_own_words_in_any_order_are_read_or_refused(text: str) -> None:
    assert isinstance(_read(text), (CampaignBrief, BriefGap))


def _cut(text: str, rng: random.Random) -> str:
    return text[:rng.randint(0, len(text))]


def _numbers_changed(text: str, rng: random.Random) -> str:
    return re.sub(r"\d+", lambda m: rng.choice(
        ("0", "1", "13", "31", "32", "99", "100", "2026", "2027", "12345678901234567890",
         m.group(0)[::-1], m.group(0) * 2)), text)


def _separators_changed(text: str, rng: random.Random) -> str:
    swaps = {"/": "-", "-": "/", ",": ".", ".": ",", ":": "/", "%": "", " ": "  "}
    return "".join(swaps[c] if c in swaps and rng.random() < 0.5 else c for c in text)


def _shuffled_lines(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    rng.shuffle(lines)
    return "\n".join(lines)


MUTATIONS = {"cut": _cut, "numbers": _numbers_changed, "separators": _separators_changed,
             "shuffled": _shuffled_lines, "mac_line_ends": lambda t, r: t.replace("\n", "\r")}


def _mutants() -> list[tuple[str, Case, str]]:
    rng = random.Random(19)
    cases = rng.sample(corpus_cases(), 120)
    return [(f"{case.case_id}-{name}", case, mutate(case.text, rng))
            for case in cases for name, mutate in MUTATIONS.items()]


@pytest.mark.parametrize(("case", "text"), [pytest.param(c, t, id=i) for i, c, t in _mutants()])
def test_mutated_briefs_are_read_or_refused(case: Case, text: str) -> None:
    assert isinstance(_read(text, case.reference), (CampaignBrief, BriefGap))
