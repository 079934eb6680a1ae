"""The whole sandbox seller world behind one ASGI app.

The registry is mounted at ``/agent-registry`` and each seller at
``/sellers/{seller_id}``. Introspection here (reservation prices, booked
deals) is for tests and benchmarks only; with ``admin=True`` the booked deals
and the live faults (never a private price) are also served at
``/sandbox-admin`` (:mod:`ad_buyer.sandbox.admin`), for a buyer tested in
another process.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from pathlib import Path

import httpx
from fastapi import FastAPI

from ad_buyer.sandbox import persistence
from ad_buyer.sandbox.admin import ADMIN_PATH, build_admin_app
from ad_buyer.sandbox.asgi_wraps import SaveOnAnswer
from ad_buyer.sandbox.catalog import as_reference_seller, default_sellers
from ad_buyer.sandbox.config import DeliveryProfile, FaultConfig, SandboxConfig, SellerSpec
from ad_buyer.sandbox.context import Clock, SellerContext, utc_now
from ad_buyer.sandbox.faults import FaultInjector
from ad_buyer.sandbox.money import dollars
from ad_buyer.sandbox.negotiation_engine import Negotiation
from ad_buyer.sandbox.registry_app import Listing, RegistryState, build_registry_app
from ad_buyer.sandbox.seller_app import SandboxSeller, build_sellers_app
from ad_buyer.sandbox.trading import StoredDeal
from ad_buyer.sandbox.vocabulary import Dialect

logger = logging.getLogger(__name__)

REGISTRY_PATH = "/agent-registry"
SELLERS_PATH = "/sellers"
IN_PROCESS_BASE_URL = "http://sandbox.local"


class SandboxNetwork:
    """The sandbox world. With ``state_path`` its sellers' state outlives the process."""

    def __init__(self, config: SandboxConfig | None = None,
                 base_url: str = IN_PROCESS_BASE_URL, *, clock: Clock | None = None,
                 state_path: Path | None = None, admin: bool = False) -> None:
        self.config = config or SandboxConfig()
        self.base_url = base_url.rstrip("/")
        self.clock: Clock = clock or utc_now
        specs = self.config.sellers if self.config.sellers is not None else default_sellers(
            self.config.seed)
        if self.config.dialect is Dialect.REFERENCE:
            specs = [as_reference_seller(s, self.config.seed) for s in specs]
        elif self.config.dialect is not None:
            specs = [s.model_copy(update={"dialect": self.config.dialect}) for s in specs]
        ids = [s.seller_id for s in specs]
        if len(set(ids)) != len(ids):
            raise ValueError(f"seller ids must be unique: {ids}")
        self._sellers: dict[str, SandboxSeller] = {}
        for spec in specs:
            ctx = SellerContext(
                spec=spec, config=self.config, url=self.seller_url_for(spec.seller_id),
                faults=FaultInjector(spec.seller_id, self.config.seed, spec.faults),
                clock=self._now, peer_ids=ids)
            self._sellers[spec.seller_id] = SandboxSeller(ctx)
        self.registry = RegistryState(
            [Listing(s, self.seller_url_for(s.seller_id)) for s in specs if s.registered],
            dialect=self.config.dialect or Dialect.NATIVE)
        self.registry.outage = self.config.registry_outage
        self.state_path = state_path
        self.fingerprint = persistence.config_fingerprint(self.config, specs)
        self.world_id = uuid.uuid4().hex
        self._saved: str | None = None
        if state_path is not None:
            self._load(state_path)
        self.admin = admin
        self.app = self._build_app()

    # ---- persistence ----

    def _load(self, path: Path) -> None:
        state = persistence.load(path, self.fingerprint)
        if state is None:
            return
        self.world_id = state.world_id
        for seller_id, seller_state in state.sellers.items():
            seller = self._sellers.get(seller_id)
            if seller is not None:
                persistence.restore(seller, seller_state)
        self._saved = persistence.dump(self.state())
        logger.info("sandbox state loaded from %s", path)

    def state(self) -> persistence.SandboxState:
        """A snapshot of every seller's mutable state."""
        return persistence.SandboxState(
            fingerprint=self.fingerprint, world_id=self.world_id,
            sellers={sid: persistence.capture(s) for sid, s in self._sellers.items()})

    def save(self) -> bool:
        """Write the state file if anything changed since the last write; True if written."""
        if self.state_path is None:
            return False
        text = persistence.dump(self.state())
        if text == self._saved:
            return False
        persistence.write_atomic(self.state_path, text)
        self._saved = text
        return True

    def _now(self) -> datetime:
        return self.clock()

    def _build_app(self) -> FastAPI:
        root = FastAPI(title="ad-buyer sandbox seller network", docs_url=None,
                       redoc_url=None, openapi_url=None)

        if self.state_path is not None:
            root.add_middleware(SaveOnAnswer, save=self.save)

        @root.get("/")
        async def index() -> dict[str, object]:
            return {"registry_url": self.registry_url, "sellers": self.seller_urls}

        root.mount(REGISTRY_PATH, build_registry_app(self.registry))
        root.mount(SELLERS_PATH + "/{seller_id}", build_sellers_app(self._sellers.get))
        if self.admin:
            root.mount(ADMIN_PATH, build_admin_app(self._sellers.values))
        return root

    # ---- addresses ----

    @property
    def registry_url(self) -> str:
        return f"{self.base_url}{REGISTRY_PATH}"

    @property
    def admin_url(self) -> str | None:
        return f"{self.base_url}{ADMIN_PATH}" if self.admin else None

    def seller_url_for(self, seller_id: str) -> str:
        return f"{self.base_url}{SELLERS_PATH}/{seller_id}"

    def seller_url(self, seller_id: str) -> str:
        self._seller(seller_id)
        return self.seller_url_for(seller_id)

    @property
    def seller_urls(self) -> list[str]:
        return [self.seller_url_for(s) for s in self._sellers]

    @property
    def sellers(self) -> list[SellerSpec]:
        return [s.ctx.spec for s in self._sellers.values()]

    def transport(self) -> httpx.ASGITransport:
        return httpx.ASGITransport(app=self.app)

    def client(self, **kwargs: object) -> httpx.AsyncClient:
        """An AsyncClient wired to the in-process network (tests, benchmarks)."""
        return httpx.AsyncClient(transport=self.transport(), base_url=self.base_url,
                                 **kwargs)  # type: ignore[arg-type]

    # ---- runtime control ----

    def _seller(self, seller_url_or_id: str) -> SandboxSeller:
        key = seller_url_or_id.rstrip("/")
        prefix = f"{self.base_url}{SELLERS_PATH}/"
        if key.startswith(prefix):
            key = key[len(prefix):]
        elif "/sellers/" in key:
            key = key.rsplit("/sellers/", 1)[1]
        seller = self._sellers.get(key)
        if seller is None:
            raise KeyError(f"no sandbox seller {seller_url_or_id!r}")
        return seller

    def set_faults(self, seller_url_or_id: str, faults: FaultConfig) -> None:
        self._seller(seller_url_or_id).ctx.faults.set(faults)

    def clear_faults(self) -> None:
        for seller in self._sellers.values():
            seller.ctx.faults.set(FaultConfig())

    def set_delivery_profile(self, seller_url_or_id: str, profile: DeliveryProfile) -> None:
        """How the seller delivers deals booked from now on (booked deals keep theirs)."""
        seller = self._seller(seller_url_or_id)
        seller.ctx.spec = seller.ctx.spec.model_copy(update={"delivery_profile": profile})

    def set_registry_outage(self, down: bool) -> None:
        self.registry.outage = down

    # ---- introspection (Python only, never over HTTP) ----

    def seller_spec(self, seller_url_or_id: str) -> SellerSpec:
        return self._seller(seller_url_or_id).ctx.spec

    def reservation_price(self, seller_url_or_id: str, package_id: str) -> float:
        package = self.seller_spec(seller_url_or_id).package(package_id)
        if package is None:
            raise KeyError(f"no package {package_id!r} at {seller_url_or_id!r}")
        return dollars(package.reservation_cpm_micros)

    def reservation_price_micros(self, seller_url_or_id: str, package_id: str) -> int:
        package = self.seller_spec(seller_url_or_id).package(package_id)
        if package is None:
            raise KeyError(f"no package {package_id!r} at {seller_url_or_id!r}")
        return package.reservation_cpm_micros

    def booked_deals(self, seller_url_or_id: str) -> list[StoredDeal]:
        return list(self._seller(seller_url_or_id).trading.deals.values())

    def active_deals(self, seller_url_or_id: str) -> list[StoredDeal]:
        return [d for d in self.booked_deals(seller_url_or_id)
                if d.plan.cancelled_at() is None]

    def negotiations(self, seller_url_or_id: str) -> list[Negotiation]:
        return list(self._seller(seller_url_or_id).trading.negotiations.negotiations.values())

    def seller_for(self, seller_url_or_id: str) -> SandboxSeller:
        return self._seller(seller_url_or_id)


def persistent_sandbox(home: Path | str | None = None, *, config: SandboxConfig | None = None,
                       clock: Clock | None = None) -> SandboxNetwork:
    """The default in-process sandbox, its state at ``$AD_BUYER_HOME/sandbox-state.json``.

    Every CLI invocation that builds it sees the deals booked by earlier ones.
    """
    return SandboxNetwork(config, IN_PROCESS_BASE_URL, clock=clock,
                          state_path=persistence.default_state_path(home))


def is_in_process_url(url: str) -> bool:
    """True for addresses of the in-process sandbox (``http://sandbox.local/...``)."""
    return url.rstrip("/") == IN_PROCESS_BASE_URL or url.startswith(IN_PROCESS_BASE_URL + "/")
