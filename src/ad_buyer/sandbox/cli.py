"""``ad-buyer sandbox``: run the sandbox seller network on this machine.

The server (FastAPI, uvicorn) and the models are imported inside the functions, so building the
CLI (``ad-buyer --help``) stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ad_buyer.sandbox.vocabulary import Dialect

if TYPE_CHECKING:
    from ad_buyer.sandbox.config import FaultConfig, SandboxConfig

sandbox_app = typer.Typer(help="The sandbox seller network (registry + seller agents).",
                          no_args_is_help=True)
console = Console()


@sandbox_app.callback()
def sandbox_main() -> None:
    """The sandbox seller network: a registry plus seller agents, on loopback."""


def load_faults(path: Path) -> dict[str, FaultConfig]:
    """``{seller_id: FaultConfig}`` from a YAML or JSON file."""
    import yaml
    from pydantic import ValidationError

    from ad_buyer.sandbox.config import FaultConfig

    text = path.read_text()
    raw: Any = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    if not isinstance(raw, dict):
        raise typer.BadParameter(f"{path} must map seller ids to fault settings")
    try:
        return {str(k): FaultConfig.model_validate(v or {}) for k, v in raw.items()}
    except ValidationError as exc:
        raise typer.BadParameter(f"{path}: {exc}") from exc


def build_config(seed: int, faults: dict[str, FaultConfig],
                 dialect: Dialect | None = None) -> SandboxConfig:
    """The default seller network for ``seed`` with ``faults`` applied per seller id;
    ``dialect`` makes every seller (and the registry) speak it."""
    from ad_buyer.sandbox.catalog import default_sellers
    from ad_buyer.sandbox.config import SandboxConfig

    sellers = default_sellers(seed)
    known = {s.seller_id for s in sellers}
    unknown = sorted(set(faults) - known)
    if unknown:
        raise typer.BadParameter(f"unknown seller ids in faults file: {', '.join(unknown)}; "
                                 f"known: {', '.join(sorted(known))}")
    sellers = [s.model_copy(update={"faults": faults.get(s.seller_id, s.faults)})
               for s in sellers]
    return SandboxConfig(seed=seed, sellers=sellers, dialect=dialect)


def _check_port_free(host: str, port: int) -> None:
    """Fail before printing addresses that will not be served."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise typer.BadParameter(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}); is another sandbox "
                f"running? Stop it or choose another --port", param_hint="--port") from exc


@sandbox_app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8080,
    seed: Annotated[int, typer.Option(help="seed for inventory and behaviour")] = 42,
    faults_file: Annotated[Path | None, typer.Option(
        "--faults-file", exists=True, dir_okay=False,
        help="YAML/JSON mapping seller id -> fault settings")] = None,
    state: Annotated[Path | None, typer.Option(
        "--state", dir_okay=False,
        help="keep sellers' quotes, deals and negotiations in this JSON file across "
             "restarts (e.g. .ad-buyer/sandbox-state.json)")] = None,
    dialect: Annotated[Dialect | None, typer.Option(
        "--dialect", case_sensitive=False,
        help="make every seller speak this dialect: 'reference' serves what the IAB seller "
             "reference really sends (and the registry in the AAMP shape); default: each "
             "seller its own")] = None,
    admin: Annotated[bool, typer.Option(
        "--admin", help="also serve /sandbox-admin: every seller's booked deals, and "
                        "setting a seller's faults while it runs (for tests and "
                        "benchmarks; no private prices)")] = False,
) -> None:
    """Serve the registry and every seller until interrupted."""
    from ad_buyer.sandbox.server import build_network, serve

    _check_port_free(host, port)
    config = build_config(seed, load_faults(faults_file) if faults_file else {}, dialect)
    network = build_network(host, port, config, state_path=state, admin=admin)
    shape = "AAMP" if dialect is Dialect.REFERENCE else "native"
    console.print(f"[bold]Registry[/bold] ({shape} shape): {network.registry_url}")
    if network.admin_url is not None:
        console.print(f"[bold]Admin[/bold]: {network.admin_url}")
    if state is not None:
        console.print(f"[bold]State[/bold]: {state}")
    table = Table("seller", "channels", "trust", "dialect")
    table.add_column("url", overflow="fold")
    for spec in network.sellers:
        trust = spec.trust_level.value if spec.registered else "not registered"
        table.add_row(spec.name, ", ".join(c.value for c in spec.channels), trust,
                      spec.dialect.value, network.seller_url_for(spec.seller_id))
    console.print(table)
    serve(host, port, network=network)
