"""The options the commands share (``--db``, ``--registry-url``, ``--booking`` ...)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from ad_buyer.pacing.mode import PacingMode

DbOption = Annotated[str | None, typer.Option("--db", help="database URL (default: "
                                              "$AD_BUYER_DATABASE_URL or ./.ad-buyer)")]
RegistryOption = Annotated[str | None, typer.Option(
    help="seller registry to buy from; default: the in-process sandbox")]
ReferenceOption = Annotated[str | None, typer.Option(
    help="today's date for reading the brief (default today): resolves years a brief "
         "leaves out, and flights must end after it")]


class BookingChoice(StrEnum):
    BEST_EFFORT = "best_effort"
    ALL_OR_NOTHING = "all_or_nothing"


BookingOption = Annotated[BookingChoice, typer.Option(
    help="how each channel's approved portfolio is booked: best_effort (a failed deal's "
         "money goes to the next-best quotes) or all_or_nothing (every deal of the "
         "channel's portfolio is booked, or every booked one is cancelled)")]
AllowPastOption = Annotated[bool, typer.Option(
    "--allow-past", help="allow a flight that starts before today (for the sandbox's "
                         "simulated time); it must still end after today")]
SellerShareOption = Annotated[str | None, typer.Option(
    "--max-seller-share",
    help="the largest share of a channel's budget one seller may take, in percent, when "
         "three or more sellers quote for the channel; 'none' for no cap (default: the "
         "brief's share, else 40; this option wins over the brief)")]
PackageShareOption = Annotated[str | None, typer.Option(
    "--max-package-share",
    help="the largest share of a channel's budget one package may take, in percent, when "
         "three or more packages quote for the channel; 'none' for no cap (default 40)")]
SellerOption = Annotated[list[str] | None, typer.Option(
    "--seller", help="a seller agent's base URL to buy from, with no registry "
                     "(repeatable); its card at /.well-known/agent.json tells how "
                     "to speak to it")]
AgainOption = Annotated[bool, typer.Option(
    "--again", help="run a brief that was already run (it would be bought twice)")]
PacingOption = Annotated[PacingMode, typer.Option(
    help="how pacing acts on the booked deals: manual (default) stores "
         "recommendations for `ad-buyer pace approve`; auto sends changes to the "
         "sellers as pacing cycles decide them")]


def share_caps(seller_text: str | None, package_text: str | None) -> Any:
    """``--max-seller-share`` and ``--max-package-share`` as a
    :class:`~ad_buyer.guards.shares.ShareCap`."""
    from ad_buyer.guards.shares import parse_share, parse_share_pct

    for hint, text, what in (("--max-seller-share", seller_text, "seller"),
                             ("--max-package-share", package_text, "package")):
        try:
            if text is not None:
                parse_share_pct(text, what)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint=hint) from exc
    return parse_share(seller_text, package_text)
