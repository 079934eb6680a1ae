"""A brief written as a conversation: call notes, a transcript, a chat pasted in.

"Jess: Dates? / Robert: Start mid-March next year, run six weeks." The speakers' names
and the questions they ask carry nothing (the answers carry the brief), and a header
such as "[Call notes 12/07 - Jess / Robert]" or "Transcript - call with ..., 12/7/26
(recording ID ...)" dates the call, not the flight. A conversation is known by its
speakers: at least two names that each open two lines or more with a colon (a form's
labels, "Budget:", "Client:", each open one). The names, the questions without an
amount or a number and the header are blanked (indexes stay valid) and marked as read.
"""

from __future__ import annotations

import re
from collections import Counter

from ad_buyer.intake.reading import Reading, blank

_TURN = re.compile(r"^[ \t]*(?:\[[^\]\n]{1,24}\][ \t]*)?(?P<who>[A-Z][\w.'-]*(?:[ \t]+[A-Z]"
                   r"[\w.'-]*){0,2})[ \t]*(?:\([^)\n]{0,40}\))?[ \t]*:(?=[ \t])",
                   re.MULTILINE)
_HEADER = re.compile(r"\A\s*\[?[ \t]*(?:call\s+notes|meeting\s+notes|notes\s+from|transcript|"
                     r"voice\s*(?:note|memo|mail)|recording|dictated)\b[^\n$€£]*$",
                     re.IGNORECASE | re.MULTILINE)
_QUESTION = re.compile(r"[^.!?\n]*\?")


def read_transcript(text: str, reading: Reading) -> str:
    """``text`` with a conversation's speaker names, bare questions and header blanked."""
    turns = list(_TURN.finditer(text))
    counts = Counter(m.group("who") for m in turns)
    speakers = {who for who, n in counts.items() if n >= 2}
    if len(speakers) < 2:
        return text
    header = _HEADER.match(text)
    if header:
        reading.mark_match(header)
        text = blank(text, header.start(), header.end())
    for m in turns:
        if m.group("who") not in speakers:
            continue
        reading.mark_match(m)
        text = blank(text, m.start(), m.end())
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        for q in _QUESTION.finditer(text, m.end(), line_end):
            if not re.search(r"\d|[$€£¥]", q.group(0)):  # "Dates?", "Who are we after?"
                reading.mark_match(q)
                text = blank(text, q.start(), q.end())
    reading.assume(f"read as a conversation between {', '.join(sorted(speakers))}: "
                   "the answers are the brief, the names and questions are not")
    return text
