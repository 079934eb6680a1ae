"""Glossing another language's words keeps a brief's lines: a mail's parts are found by lines."""

from __future__ import annotations

from datetime import date

import pytest

from ad_buyer.intake.languages import read_languages
from ad_buyer.intake.reading import Reading

from .intake_reading import read_brief

CORE = "$120k CTV, Q2 2027, adults 25-54, US."


@pytest.mark.parametrize("mail", [
    f"{CORE}\n\nDanke,\nJonas Weber\nLeiter Media, München",
    f"Hola equipo,\n\n{CORE}\n\nSaludos,\nAndrea\nAgencia Sol, Madrid",
    f"{CORE}\n\nAbraços,\nMariana Costa | Agência Pindorama, São Paulo",
])
def test_a_glossed_sign_off_still_ends_the_mail(mail: str) -> None:
    reading = Reading(reference=date(2026, 12, 7))
    assert read_languages(mail, reading).count("\n") == mail.count("\n")
    assert read_brief(mail).countries == ["US"]
