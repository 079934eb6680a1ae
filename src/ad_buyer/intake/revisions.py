"""Plain-English plan revisions for ``ad-buyer chat``, read by rules (no LLM).

Understood::

    move 20% from mobile to ctv          20% of mobile's current amount
    move 5% of the budget from ctv to audio
    move $10k from audio to ctv
    drop seller X | exclude X            the seller gets no deal
    cap CPM at $30                       the run's CPM ceiling
    show plan | undo | book | help | quit

Anything else raises :class:`RevisionParseError`, whose message lists what is
understood. With a real model configured, a line the rules do not read is
given to the model, whose JSON is validated (:func:`revision_from_model`); a
model can never book. Parsing never applies anything: the chat session runs every
revision through the allocation guards and logs it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ad_buyer.intake.channel_words import CHANNEL_WORDS
from ad_buyer.models.brief import Channel
from ad_buyer.models.money import to_micros

if TYPE_CHECKING:
    from ad_buyer.llm.gateway import ChatModel

HELP = (
    "I understand:\n"
    "  move 20% from mobile to CTV        (20% of mobile's current amount)\n"
    "  move 5% of the budget from CTV to audio\n"
    "  move $10k from audio to CTV\n"
    "  drop seller NAME  /  exclude NAME\n"
    "  cap CPM at $30\n"
    "  show plan  |  undo  |  book  |  help  |  quit"
)


class RevisionKind(StrEnum):
    MOVE = "move"
    DROP_SELLER = "drop_seller"
    CAP_CPM = "cap_cpm"
    SHOW = "show"
    UNDO = "undo"
    BOOK = "book"
    HELP = "help"
    QUIT = "quit"


@dataclass(frozen=True)
class Revision:
    """One understood request. Moves carry exactly one of percent or amount."""

    kind: RevisionKind
    text: str
    source: Channel | None = None
    target: Channel | None = None
    percent: Decimal | None = None
    of_budget: bool = False
    amount_micros: int | None = None
    seller: str | None = None
    cpm_micros: int | None = None
    currency: str | None = None


class RevisionParseError(ValueError):
    """The request was not understood; the message says what is."""

    def __init__(self, text: str, problem: str = "") -> None:
        self.text = text
        lead = problem or f"I did not understand {text.strip()!r}."
        super().__init__(f"{lead}\n{HELP}")


_CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "usd": "USD", "eur": "EUR", "gbp": "GBP",
               "dollars": "USD"}
_SCALE = {"k": Decimal(1_000), "m": Decimal(1_000_000), "mm": Decimal(1_000_000)}
_AMOUNT = (r"(?P<cur>[$€£])?\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s?(?P<scale>k|mm|m)?\b"
           r"(?:\s?(?P<code>usd|eur|gbp|dollars)\b)?")
_CHANNEL = r"(?P<{name}>[a-z][a-z _-]*?)"
_MOVE = re.compile(
    r"^(?:move|shift|reallocate)\s+"
    r"(?:(?P<pct>\d+(?:\.\d+)?)\s?(?:%|percent|pct|points?)(?P<ofb>\s+of\s+(?:the\s+)?"
    r"(?:total\s+)?budget)?|" + _AMOUNT + r")"
    r"\s+(?:of\s+budget\s+)?from\s+" + _CHANNEL.format(name="src") + r"\s+(?:in)?to\s+"
    + _CHANNEL.format(name="dst") + r"\s*\.?$",
    re.IGNORECASE,
)
_DROP = re.compile(r"^(?:drop|exclude|remove|block)\s+(?:the\s+)?(?:seller\s+)?"
                   r"(?P<seller>[\w .&'-]+?)\s*\.?$", re.IGNORECASE)
_CAP = re.compile(r"^(?:cap|limit|set)\s+(?:the\s+)?(?:max(?:imum)?\s+)?cpms?\s+"
                  r"(?:cap\s+)?(?:at|to|of)?\s*[$€£]?\s?(?P<cpm>\d+(?:\.\d+)?)\s*\.?$",
                  re.IGNORECASE)
_SIMPLE = {
    RevisionKind.SHOW: re.compile(r"^(?:show(?:\s+(?:the\s+)?plan)?|plan|status)\.?$", re.I),
    RevisionKind.UNDO: re.compile(r"^undo(?:\s+that|\s+last)?\.?$", re.I),
    RevisionKind.BOOK: re.compile(r"^(?:book(?:\s+it|\s+the\s+plan)?|buy(?:\s+it)?)\.?$", re.I),
    RevisionKind.HELP: re.compile(r"^(?:help|\?)$", re.I),
    RevisionKind.QUIT: re.compile(r"^(?:quit|exit|bye|cancel)\.?$", re.I),
}


def channel_named(words: str) -> Channel:
    """The channel a planner's word names ('mobile', 'podcast', 'CTV', 'online_video')."""
    text = words.strip().lower().replace("_", " ")
    try:
        return Channel(text.replace(" ", "_"))
    except ValueError:
        pass
    for channel, pattern in CHANNEL_WORDS:
        if re.fullmatch(rf"(?:{pattern})(?:\s+channel)?", text, re.IGNORECASE):
            return channel
    if text in {"tv", "linear"}:
        return Channel.LINEAR_TV
    if text == "video":
        return Channel.ONLINE_VIDEO
    raise ValueError(f"{words.strip()!r} is not a channel I know "
                     f"({', '.join(c.value for c in Channel)})")


def _money(cur: str | None, num: str, scale: str | None, text: str) -> int:
    try:
        value = Decimal(num.replace(",", "")) * _SCALE.get((scale or "").lower(), Decimal(1))
    except InvalidOperation as exc:
        raise RevisionParseError(text, f"{num!r} is not an amount.") from exc
    if cur is None and scale is None:
        raise RevisionParseError(text, f"is {num} dollars or percent? Say '${num}' or '{num}%'.")
    return to_micros(value)


def parse_revision(text: str) -> Revision:
    """Read one chat line; raise :class:`RevisionParseError` if it is not understood."""
    line = " ".join(text.strip().split())
    for kind, pattern in _SIMPLE.items():
        if pattern.match(line):
            return Revision(kind=kind, text=line)
    if m := _MOVE.match(line):
        try:
            source, target = channel_named(m.group("src")), channel_named(m.group("dst"))
        except ValueError as exc:
            raise RevisionParseError(line, str(exc)) from exc
        if source == target:
            raise RevisionParseError(line, "the move is from a channel to itself.")
        if m.group("pct"):
            percent = Decimal(m.group("pct"))
            if not 0 < percent <= 100:
                raise RevisionParseError(line, "a percent must be above 0 and at most 100.")
            return Revision(kind=RevisionKind.MOVE, text=line, source=source, target=target,
                            percent=percent, of_budget=bool(m.group("ofb")))
        amount = _money(m.group("cur") or m.group("code"), m.group("num"), m.group("scale"),
                        line)
        if amount <= 0:
            raise RevisionParseError(line, "the amount must be positive.")
        stated = m.group("cur") or m.group("code")
        return Revision(kind=RevisionKind.MOVE, text=line, source=source, target=target,
                        amount_micros=amount,
                        currency=_CURRENCIES[stated.lower()] if stated else None)
    if m := _CAP.match(line):
        cpm = to_micros(Decimal(m.group("cpm")))
        if cpm <= 0:
            raise RevisionParseError(line, "a CPM cap must be positive.")
        return Revision(kind=RevisionKind.CAP_CPM, text=line, cpm_micros=cpm)
    if m := _DROP.match(line):
        return Revision(kind=RevisionKind.DROP_SELLER, text=line,
                        seller=m.group("seller").strip())
    raise RevisionParseError(line)


class ModelRevision(BaseModel):
    """The JSON a configured model must return for a revision it was asked to read.

    There is no ``book`` kind: booking needs the planner's own typed words.
    """

    model_config = ConfigDict(extra="forbid")

    kind: Literal["move", "drop_seller", "cap_cpm", "show", "undo", "unknown"]
    from_channel: Channel | None = None
    to_channel: Channel | None = None
    percent_of_channel: Decimal | None = Field(default=None, gt=0, le=100)
    percent_of_budget: Decimal | None = Field(default=None, gt=0, le=100)
    amount: Decimal | None = Field(default=None, gt=0)
    seller: str | None = Field(default=None, min_length=1, max_length=200)
    max_cpm: Decimal | None = Field(default=None, gt=0)


_MODEL_PROMPT = (
    "You read one plan revision a media planner typed. Reply with JSON only, matching this "
    "schema: {schema}. Use kind 'unknown' when the request is not one of the kinds, and "
    "never invent a number the planner did not say. A move gives exactly one of "
    "percent_of_channel (a share of the source channel), percent_of_budget or amount.")


def revision_from_model(text: str, model: ChatModel) -> Revision:
    """Ask a configured model to read ``text``; its JSON is validated, never repaired."""
    schema = json.dumps(ModelRevision.model_json_schema(), sort_keys=True)
    reply = model.complete([{"role": "system", "content": _MODEL_PROMPT.format(schema=schema)},
                            {"role": "user", "content": text}],
                           json_output=True, purpose="chat_revision")
    try:
        read = ModelRevision.model_validate_json(reply.text)
    except ValidationError as exc:
        raise RevisionParseError(text, f"The model's reading of {text.strip()!r} did not "
                                       f"validate, so nothing was applied.") from exc
    line = " ".join(text.strip().split())
    if read.kind == "move":
        given = [v for v in (read.percent_of_channel, read.percent_of_budget, read.amount)
                 if v is not None]
        if read.from_channel is None or read.to_channel is None or len(given) != 1 \
                or read.from_channel == read.to_channel:
            raise RevisionParseError(text, "The model's reading of that move was incomplete.")
        return Revision(
            kind=RevisionKind.MOVE, text=line, source=read.from_channel,
            target=read.to_channel,
            percent=read.percent_of_channel or read.percent_of_budget,
            of_budget=read.percent_of_budget is not None,
            amount_micros=to_micros(read.amount) if read.amount is not None else None)
    if read.kind == "drop_seller" and read.seller:
        return Revision(kind=RevisionKind.DROP_SELLER, text=line, seller=read.seller.strip())
    if read.kind == "cap_cpm" and read.max_cpm is not None:
        return Revision(kind=RevisionKind.CAP_CPM, text=line, cpm_micros=to_micros(read.max_cpm))
    if read.kind in ("show", "undo"):
        return Revision(kind=RevisionKind(read.kind), text=line)
    raise RevisionParseError(text)
