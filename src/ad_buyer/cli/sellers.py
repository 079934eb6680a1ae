"""``ad-buyer sellers``: the per-seller API key store (``$AD_BUYER_HOME/seller-keys.json``).

Keys are shown masked; the full key is never printed or logged. The store and
HTTP clients are imported inside the commands so ``ad-buyer --help`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from ad_buyer.clients.credentials import SellerKeyStore

sellers_app = typer.Typer(help="API keys per seller: each seller gets its own key, and only "
                               "its own.", no_args_is_help=True)
console = Console()


def _store() -> SellerKeyStore:
    from ad_buyer.clients.credentials import KeyStoreError, SellerKeyStore

    try:
        return SellerKeyStore()
    except KeyStoreError as exc:
        console.print(f"[bold red]{escape(str(exc))}[/bold red]")
        raise typer.Exit(code=1) from exc


def _base(url: str) -> str:
    from ad_buyer.clients.credentials import KeyStoreError, seller_base

    try:
        return seller_base(url)
    except KeyStoreError as exc:
        raise typer.BadParameter(str(exc), param_hint="URL") from exc


@sellers_app.command("add-key")
def add_key(
    url: Annotated[str, typer.Argument(help="the seller's base URL, e.g. "
                                            "https://seller.example.com or "
                                            "http://localhost:8080/sellers/harborview")],
    key: Annotated[str | None, typer.Option(
        "--key", help="the API key (default: asked for, without echo)")] = None,
    label: Annotated[str, typer.Option(help="a note for yourself")] = "",
) -> None:
    """Store the API key a seller issued you; it is sent to that seller only."""
    from ad_buyer.clients.credentials import KeyStoreError

    _base(url)
    secret = key if key is not None else typer.prompt(f"API key for {url}", hide_input=True)
    store = _store()
    try:
        entry = store.add(url, secret.strip() if key is None else secret, label=label)
    except KeyStoreError as exc:
        raise typer.BadParameter(str(exc), param_hint="--key") from exc
    console.print(f"stored key {entry.masked} for {escape(entry.url)} in {store.path}")


@sellers_app.command("list")
def list_keys() -> None:
    """The sellers you hold keys for (keys masked)."""
    store = _store()
    entries = store.entries()
    if not entries:
        console.print(f"no seller keys in {store.path}; add one with `ad-buyer sellers "
                      "add-key URL`")
        return
    table = Table("key", "label", "added", title=str(store.path))
    table.add_column("seller", overflow="fold")
    for entry in entries:
        table.add_row(entry.masked, escape(entry.label), f"{entry.added_at:%Y-%m-%d %H:%M}",
                      escape(entry.url))
    console.print(table)


@sellers_app.command("remove")
def remove_key(url: Annotated[str, typer.Argument(help="the seller's base URL")]) -> None:
    """Forget a seller's key."""
    base = _base(url)
    if not _store().remove(url):
        console.print(f"[red]no key stored for {escape(base)}[/red]")
        raise typer.Exit(code=1)
    console.print(f"removed the key for {escape(base)}")


@sellers_app.command("request-key")
def request_key(
    urls: Annotated[list[str], typer.Argument(help="seller base URL(s)")],
    seat_id: Annotated[str, typer.Option(help="DSP seat id the key reveals")],
    agency_id: Annotated[str | None, typer.Option(help="agency id (agency tier)")] = None,
    advertiser_id: Annotated[str | None, typer.Option(
        help="advertiser id (advertiser tier; needs --agency-id)")] = None,
    label: Annotated[str, typer.Option(help="a note for yourself")] = "",
) -> None:
    """Ask sellers that issue keys (POST /auth/api-keys, e.g. the sandbox) for one each.

    The key carries the identity given here, so it sets your tier at that seller.
    The IAB reference seller issues buyer keys only to its operator: get yours
    from the seller and store it with ``add-key``.
    """
    import asyncio

    from ad_buyer.clients.api_keys import enroll
    from ad_buyer.models.buyer_identity import BuyerIdentity

    if advertiser_id and not agency_id:
        raise typer.BadParameter("an advertiser id needs an agency id",
                                 param_hint="--advertiser-id")
    for url in urls:
        _base(url)
    store = _store()
    identity = BuyerIdentity(seat_id=seat_id, agency_id=agency_id,
                             advertiser_id=advertiser_id)
    problems = asyncio.run(enroll(store, urls, identity, label=label or "requested"))
    for url in urls:
        entry = store.entry(url)
        if entry is not None:
            console.print(f"{escape(entry.url)}: key {entry.masked}")
    for problem in problems:
        console.print(f"[red]{escape(problem)}[/red]")
    if problems:
        raise typer.Exit(code=1)
