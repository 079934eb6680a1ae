"""The options the commands share (``--db``, ``--registry-url``, ``--booking`` ...),
and the options a run is bought with, declared once for ``run`` and ``enqueue``
(:func:`takes_run_options`)."""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ad_buyer.pacing.mode import PacingMode

if TYPE_CHECKING:
    from ad_buyer.durable.run_options import RunOptions

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
VerboseProgressOption = Annotated[bool, typer.Option(
    "--verbose", "-v", envvar="AD_BUYER_VERBOSE",
    help="progress with the agents' and tools' names (default: in a planner's words); "
         "scripts that read the lines set AD_BUYER_VERBOSE=1")]
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


def run_options(*, registry_url: str | None, reference_date: str | None, allow_past: bool,
                pacing: PacingMode, booking: BookingChoice, max_seller_share: str | None,
                max_package_share: str | None, seller: list[str] | None = None) -> RunOptions:
    """The command line's run options as one :class:`RunOptions` (a bad one is the
    command line's error, exit 2)."""
    from ad_buyer.cli.briefs import parse_reference_date
    from ad_buyer.durable.run_options import RunOptions

    share_cap = share_caps(max_seller_share, max_package_share)
    sellers = tuple(seller or ())
    if sellers and registry_url:
        raise typer.BadParameter("buy from named sellers or through a registry, not both",
                                 param_hint="--seller")
    return RunOptions(registry_url=registry_url, seller_urls=sellers,
                      reference_date=parse_reference_date(reference_date),
                      allow_past=allow_past, pacing_mode=pacing, booking_mode=booking.value,
                      share_cap=share_cap)


# (name, typer declaration, default) of each run option, in the order --help lists them.
_RUN_OPTIONS: tuple[tuple[str, Any, Any], ...] = (
    ("registry_url", RegistryOption, None),
    ("reference_date", ReferenceOption, None),
    ("allow_past", AllowPastOption, False),
    ("pacing", PacingOption, PacingMode.MANUAL),
    ("booking", BookingOption, BookingChoice.BEST_EFFORT),
    ("max_seller_share", SellerShareOption, None),
    ("max_package_share", PackageShareOption, None),
)
_SELLERS: tuple[str, Any, Any] = ("seller", SellerOption, None)

Command = Callable[..., None]


def takes_run_options(*, sellers: bool = False) -> Callable[[Command], Command]:
    """A command's keyword-only ``options: RunOptions`` parameter becomes the run
    options on its command line (and ``--seller`` with ``sellers``); typer parses
    them, :func:`run_options` reads them into one ``RunOptions``, the command gets that."""
    shared = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                default=default, annotation=declared)
              for name, declared, default in (*_RUN_OPTIONS, *((_SELLERS,) if sellers else ()))]

    def decorate(command: Command) -> Command:
        # Typer reads the evaluated annotations; ``options`` is replaced, never read, so a
        # stand-in resolves its name (RunOptions itself loads with the command, not before).
        hints = typing.get_type_hints(command, include_extras=True,
                                      localns={"RunOptions": object})
        parameters: list[inspect.Parameter] = []
        for parameter in inspect.signature(command).parameters.values():
            parameters += shared if parameter.name == "options" else [
                parameter.replace(annotation=hints[parameter.name])]

        @functools.wraps(command)
        def with_run_options(**given: Any) -> None:
            options = run_options(**{p.name: given.pop(p.name) for p in shared})
            command(**given, options=options)

        with_run_options.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            parameters, return_annotation=None)
        with_run_options.__annotations__ = {p.name: p.annotation for p in parameters}
        return with_run_options

    return decorate
