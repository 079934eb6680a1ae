"""The question chat (and the web console) asks about each gap of a brief: it names the
fact and says what is wrong with it."""

from __future__ import annotations

from ad_buyer.intake.unread import UNREAD_FIELD
from ad_buyer.models.brief import BriefIssue, GapKind

QUESTIONS = {
    "budget": "What is the total budget? (e.g. $250k)",
    "currency": "Which currency is the budget in? (e.g. $250k or 250,000 EUR)",
    "flight_dates": "What are the flight dates? (e.g. July 1 - Sept 30 2027, or Q3 2027)",
    "channels": "Which channels? (ctv, online video, display, mobile app, performance, "
                "audio, dooh, linear tv)",
    "max_cpm": "Which single CPM cap applies? (e.g. $30)",
    "channel_split": "How should the budget be split across the channels? (e.g. '60/40 "
                     "CTV/mobile', or 'split evenly')",
    "sellers": "Which sellers should be excluded or used? (e.g. 'exclude StreamWave', "
               "'only OmniCast and PrimeTime', or 'none')",
    "name": "What is the campaign's name?",
    UNREAD_FIELD: "Say it another way (e.g. 'max CPM $12', 'in NYC and LA'), or answer "
                  "'ignore' to plan without it.",
}

def question_for(issue: BriefIssue) -> str:
    """The question that names the fact and says what is wrong with it."""
    ask = QUESTIONS.get(issue.field, f"Please restate the {issue.field} clearly.")
    if issue.kind is GapKind.CONTRADICTORY:
        return f"{issue.field}: the brief contradicts itself ({issue.message}). {ask}"
    if issue.kind in (GapKind.INVALID, GapKind.AMBIGUOUS):
        return f"{issue.field}: {issue.message}. {ask}"
    return f"{issue.field} is missing. {ask}"
