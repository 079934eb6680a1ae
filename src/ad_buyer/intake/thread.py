"""Forwarded and replied-to email threads in a brief.

Header lines (``From:``, ``Sent:``, ``Date:``, ``To:``, ``Cc:``, ``Subject:``), the
markers that open a forwarded or quoted message (``---------- Forwarded message
---------``, ``-----Original Message-----``, ``On Nov 20, 2026, Karen wrote:``) and
the ``>`` that quotes a line are how mail is sent, not what the planner asks: they are
blanked before the readers run (the date a message was sent is no flight). Where the
older messages start is kept: a budget the newest message states supersedes one in
an older message ("finance signed off on $650K" over the quoted "Budget $800K").
"""

from __future__ import annotations

import re

from ad_buyer.intake.reading import Reading, blank

_HEADER = re.compile(r"^[ \t>]*(?:from|sent|date|to|cc|bcc|subject|reply-to)[ \t]*:.*$",
                     re.IGNORECASE | re.MULTILINE)
_MARKER = re.compile(r"^[ \t>]*(?:[-=]{2,}[ \t]*(?:forwarded[ \t]+message|original[ \t]+message|"
                     r"begin[ \t]+forwarded[ \t]+message|(?:previous|earlier|original|"
                     r"last[ \t]+(?:year|season|quarter|time)'?s?|prior|old)[ \t]+"
                     r"(?:message|e-?mail|brief|plan|rfp|campaign)[^\n]{0,40}?)[ \t]*[-=]*|"
                     r"(?:on|le|am|el|il|em|op)[ \t][^\n]{4,90}(?:\bwrote|a[ \t]+écrit|schrieb|"
                     r"escribió|ha[ \t]+scritto|escreveu|schreef)[^\n]{0,60}:|"
                     r"begin[ \t]+forwarded[ \t]+message:?|_{8,})[ \t]*$",
                     re.IGNORECASE | re.MULTILINE)
_QUOTE = re.compile(r"^[ \t]*>[> \t]*", re.MULTILINE)
# A subject line's money stays for the money reader: "Subject: Kayaks - $150K CTV" against
# "The budget is $95K" is two budgets, asked about, not one silently dropped.
_SUBJECT_MONEY = re.compile(r"(?:US\$|[A-Z]{0,2}\$|[€£¥]|\b(?:USD|EUR|GBP|CAD|AUD|NZD|CHF)\s?)"
                            r"\d[\d,.]*\s?(?:k|m|mm|bn|million|thousand)?\b", re.IGNORECASE)

# A quoted line that only asks ("> Which channels?", "> Any sellers to avoid?") and states no
# number: the question a reply answers line by line, no older message
_QUOTED_QUESTION = re.compile(r"[ \t]*>[> \t]*[^\n\d$€£¥?]{1,80}\?[ \t]*$", re.MULTILINE)

# "> Any sellers to avoid?\nYes, StreamHaus.": the question gives the answer its verb
_AVOID_ASKED = re.compile(r"\b(?:sellers?|publishers?|vendors?|partners?|networks?)\b[^\n]*\b"
                          r"(?:avoid|exclude|block|skip|steer\s+clear)|\b(?:avoid|exclude|block|"
                          r"skip)\b[^\n]*\b(?:sellers?|publishers?|vendors?|partners?)\b|"
                          r"\b(?:anyone|anybody|who)\b[^\n]*\b(?:avoid|exclude|block|skip)\b",
                          re.IGNORECASE)
_YES_NO = re.compile(r"\n[ \t]*(?:yes|yeah|yep|yup|sure|no|nope|none|n/?a)\b[ \t,.!:;-]*",
                     re.IGNORECASE)


def _answered(text: str, question: re.Match[str], reading: Reading) -> str:
    """``text`` with a quoted question blanked; an answer to "any sellers to avoid?" is
    read as sellers to avoid, its "Yes," or "None" no seller's name."""
    reading.mark_match(question)
    text = blank(text, question.start(), question.end())
    if _AVOID_ASKED.search(question.group(0)):
        said = _YES_NO.match(text, question.end())
        if said is not None:
            reading.mark(said.start() + 1, said.end())
            text = blank(text, said.start() + 1, said.end())
        verb = "avoid:"
        text = text[:question.start()] + verb + text[question.start() + len(verb):]
    return text


def read_thread(text: str, reading: Reading) -> str:
    """``text`` with mail headers, thread markers and quote marks blanked (and marked)."""
    older: list[int] = []
    markers = [m.start() for m in _MARKER.finditer(text)]
    for pattern in (_MARKER, _HEADER):
        for m in pattern.finditer(text):
            if pattern is _MARKER or m.group(0).lstrip(" \t>").lower().startswith(
                    ("from", "sent")):
                older.append(m.start())
            subject = re.match(r"[ \t>]*subject[ \t]*:(.*)", m.group(0), re.IGNORECASE)
            if subject and reading.subject is None and all(p > m.start() for p in markers):
                reading.subject = subject.group(1).strip()
            reading.mark_match(m)
            kept = m.group(0).lstrip(" \t>").lower().startswith("subject")
            money = list(_SUBJECT_MONEY.finditer(m.group(0))) if kept else []
            text = blank(text, m.start(), m.end())
            for amount in money:
                start = m.start() + amount.start()
                text = text[:start] + amount.group(0) + text[start + len(amount.group(0)):]
    for m in _QUOTE.finditer(text):
        question = _QUOTED_QUESTION.match(text, m.start())
        if question is not None:  # "> Geo?\nCalifornia only.": the reply answers it inline
            text = _answered(text, question, reading)
            continue
        older.append(m.start())
        text = blank(text, m.start(), m.end())
    # the first header or marker after the newest message's text (a thread may open with
    # its own "From:" line)
    after_text = [p for p in sorted(older) if text[:p].strip()]
    if after_text:
        reading.older_from = after_text[0]
    return text
