"""Amounts with another language's scale word or currency mark read as their English twins.

"R$ 2 milhões", "NOK 2,5 mill.", "EUR 2 miljoonaa", "Rp 2,5 miliar", "IDR 500 juta" were
read as the bare number (2, 2, 2, 2, 500): a silent wrong budget. Each is the same amount
as its English twin, or the brief is refused; never the bare number.
"""

from __future__ import annotations

import pytest

from .intake_reading import read_brief

_REST = " for CTV, 1 March - 30 April 2027, adults 25-54."

TWINS = [
    # million: Portuguese, Nordic, Finnish, Turkish, Indonesian, German
    ("R$ 2 milhões", "BRL 2 million"), ("BRL 2,5 milhões", "BRL 2.5 million"),
    ("R$ 1 milhão", "BRL 1 million"), ("NOK 2,5 mill.", "NOK 2.5 million"),
    ("NOK 2,5 mill", "NOK 2.5 million"), ("DKK 2 millioner", "DKK 2 million"),
    ("SEK 2 milj.", "SEK 2 million"), ("EUR 2 miljoonaa", "EUR 2 million"),
    ("EUR 3 miljoona", "EUR 3 million"), ("IDR 500 juta", "IDR 500 million"),
    ("IDR 750 jt", "IDR 750 million"), ("R$ 2 mi", "BRL 2 million"),
    # billion
    ("IDR 2,5 miliar", "IDR 2.5 billion"), ("Rp 2,5 miliar", "IDR 2.5 billion"),
    ("BRL 1,5 bilhão", "BRL 1.5 billion"), ("BRL 2 bilhões", "BRL 2 billion"),
    ("EUR 1 miljardi", "EUR 1 billion"), ("R$ 1,2 bi", "BRL 1.2 billion"),
    # thousand: German, Dutch, Czech, Indonesian, Finnish
    ("EUR 500 Tausend", "EUR 500 thousand"), ("EUR 500 duizend", "EUR 500 thousand"),
    ("EUR 500 tis.", "EUR 500 thousand"), ("IDR 500 ribu", "IDR 500 thousand"),
    ("EUR 400 tuhatta", "EUR 400 thousand"),
    # currency marks of one currency
    ("u$s 150.000", "USD 150,000"), ("U$S 150.000", "USD 150,000"),
    ("1,5 mil. Kč", "CZK 1.5 million"), ("Rp 150.000.000", "IDR 150,000,000"),
]


@pytest.mark.parametrize(("foreign", "english"), TWINS)
def test_a_scale_word_of_another_language_reads_as_its_english_twin(foreign: str,
                                                                    english: str) -> None:
    read, twin = read_brief(foreign + _REST), read_brief(english + _REST)
    assert (read.budget_micros, read.currency) == (twin.budget_micros, twin.currency)


def test_a_scale_word_keeps_the_sentence_after_it() -> None:
    brief = read_brief("NOK 2,5 mill., display og online video 60/40, 01.02.2027–31.03.2027, "
                       "Norge (Oslo og Viken), alle 18+. Hilsen Lars")
    assert (brief.budget_micros, brief.currency) == (2_500_000_000_000, "NOK")
    assert brief.audience.age_min == 18


@pytest.mark.parametrize("text", [
    "We need 2 mi of coverage around each store, $200k, display, 1 March - 30 April 2027.",
    "$200k, display, 1 March - 30 April 2027, no bin ads, adults 25-54.",
])
def test_short_scale_words_are_english_words_elsewhere(text: str) -> None:
    brief = read_brief(text)
    assert (brief.budget_micros, brief.currency) == (200_000_000_000, "USD")
    assert not any(a.startswith("read in English:") for a in brief.assumptions)
