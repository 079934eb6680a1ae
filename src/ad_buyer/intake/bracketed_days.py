"""A named day with its date in brackets after it, as a flight's end or start: "de 24/05/2027
até o Dia dos Namorados (12/06/2027)", "Memorial Day weekend (Saturday May 29) through July
31, 2027", "from the Monday of Thanksgiving week (Nov 22) through Cyber Monday", "through
Carnival Tuesday 2027 (9/2)". The bracket says which day the name means, so the bracket is
read in the name's place (with the name's year when the bracket has none) and said so; a
bracket holding more than one date ("Easter 2027 (2 weeks from March 22 2027)", "Songkran
(13-15 April)") is left to the other readers."""

from __future__ import annotations

import re

from ad_buyer.intake.date_atoms import date_atoms
from ad_buyer.intake.reading import Reading

_BRACKET = re.compile(r"\((?P<inner>[^()\n]{3,40})\)")
# what may stand before the name: a range word (any language the reader knows) or a
# clause's start
_BEFORE_NAME = re.compile(r"(?:^|[,;:.!?\n(]|\b(?:from|through|thru|until|till|to|up\s+to|"
                          r"(?:and\s+)?including|starting|ending|at[ée]|hasta|desde|del|al|bis|"
                          r"ab|jusqu'au|au|fino\s+al|dal|tot|t/m|van)\b|\s[-–—]\s)\s*$",
                          re.IGNORECASE)
_NAME = re.compile(r"(?:(?:[^\W\d_][\w'’.-]*|20\d\d)\s+){1,6}")
_CAPITAL = re.compile(r"(?<![\w'’])[^\W\d_a-z]")
_YEAR = re.compile(r"\b(20\d\d)\b")
_RANGE_AFTER = re.compile(r"^\s*(?:-|–|—|~|to|through|thru|until|till|and|up\s+to|at[ée]|"
                          r"hasta|al|bis|au|a)\b", re.IGNORECASE)


def _one_date(inner: str, reading: Reading) -> bool:
    """The bracket holds one day and nothing else."""
    scratch = Reading(reference=reading.reference)
    atoms = date_atoms(inner, scratch)
    if len(atoms) != 1:
        return False
    atom = atoms[0]
    whole = inner.strip()
    return atom.point.day is not None and atom.day2 is None and atom.until is None and \
        atom.point.last is None and atom.end - atom.start >= len(whole) - 1


def _with_year(inner: str, year: str) -> str:
    if _YEAR.search(inner):
        return inner
    if re.fullmatch(r"\d{1,2}[/.]\d{1,2}", inner):  # "9/2" -> "9/2/2027"
        return f"{inner}{'/' if '/' in inner else '.'}{year}"
    return f"{inner} {year}"


def _name_start(text: str, bracket: int) -> int | None:
    """Where the name before the bracket at ``bracket`` starts: the longest run of words
    after a range word or a clause's start that holds a capital ("the Monday of
    Thanksgiving week", "o Dia dos Namorados", "Carnival Tuesday 2027")."""
    head_start = max(0, bracket - 60)
    head = text[head_start:bracket]
    for word in re.finditer(r"(?<![\w'’.-])[^\W_][\w'’.-]*", head):
        name = head[word.start():]
        if _NAME.fullmatch(name.rstrip() + " ") and _CAPITAL.search(name) and \
                _BEFORE_NAME.search(text[max(0, head_start + word.start() - 30):
                                         head_start + word.start()]):
            return head_start + word.start()
    return None


def bracketed_days(text: str, reading: Reading) -> str:
    """``text`` with each named day that has its date in brackets after it replaced by
    that date (indexes stay valid)."""
    for m in list(_BRACKET.finditer(text)):
        inner = m.group("inner").strip()
        start = _name_start(text, m.start())
        if start is None:
            continue
        words = text[start:m.start()].strip()
        before = text[max(0, start - 30):start]
        if not (_RANGE_AFTER.match(text[m.end():]) or re.search(r"\w\s*$", before)):
            continue  # an endpoint: a range word before the name or after the bracket
        year = _YEAR.search(words)
        read = _with_year(inner, year.group(1)) if year else inner
        if len(read) > m.end() - start or not _one_date(read, reading):
            continue
        reading.mark(start, m.end())
        reading.assume(f"{words!r} read as {read!r}, the date in brackets after it")
        text = text[:start] + read.ljust(m.end() - start) + text[m.end():]
    return text
