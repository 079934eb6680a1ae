"""Per-seller API keys: a key store under ``$AD_BUYER_HOME`` and one ``httpx.Auth``.

Sellers issue their own keys (PROTOCOL.md: a key from one seller gets 401 at
another), so the buyer keeps one key per seller base URL and sends each seller
its own key only. :class:`SellerKeyAuth` picks the key by the request's URL:
same scheme, host and port, and a path under the seller's base path on whole
segments, both normalised first (:mod:`ad_buyer.clients.url_scope`: two sellers
on one host under ``/sellers/{id}`` get different keys, and
``/sellers/a/%2e%2e/b`` is seller ``b``'s path; the longest matching base wins).
A request to a URL with no key carries no key at all.

The store is a JSON file (``seller-keys.json``) written with 0600 permissions.
Keys are never logged; :func:`mask` shows one for humans.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Generator
from datetime import UTC, datetime
from pathlib import Path

import httpx
from pydantic import BaseModel, Field, SecretStr, ValidationError

from ad_buyer.clients.url_scope import SellerUrlError, scoped
from ad_buyer.storage.home import home_dir

logger = logging.getLogger(__name__)

KEYS_FILE = "seller-keys.json"
KEY_HEADER = "X-API-Key"


class KeyStoreError(Exception):
    """The key store file cannot be read or written, or a seller URL is not usable."""


def seller_base(url: str) -> str:
    """A seller base URL in canonical form (:func:`~ad_buyer.clients.url_scope.scoped`):
    ``scheme://host[:port]/path``, no default port, no trailing slash, percent-encoding
    decoded and dot segments resolved."""
    try:
        return str(scoped(url))
    except SellerUrlError as exc:
        raise KeyStoreError(str(exc)) from exc


def mask(key: str) -> str:
    """A key as a person may see it: its first and last four characters."""
    return f"{key[:4]}...{key[-4:]}" if len(key) >= 12 else "****"


class SellerKey(BaseModel):
    url: str
    key: SecretStr
    label: str = ""
    added_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @property
    def masked(self) -> str:
        return mask(self.key.get_secret_value())


class _KeyFile(BaseModel):
    version: int = 1
    sellers: list[SellerKey] = Field(default_factory=list)


class SellerKeyStore:
    """Keys by seller base URL. ``path=None``: ``$AD_BUYER_HOME/seller-keys.json``;
    :meth:`in_memory` keeps them in this process only."""

    def __init__(self, path: Path | str | None = None, *, persist: bool = True) -> None:
        self.path = Path(path) if path is not None else home_dir() / KEYS_FILE
        self.persist = persist
        self._keys: dict[str, SellerKey] = {}
        if persist:
            self._load()

    @classmethod
    def in_memory(cls) -> SellerKeyStore:
        return cls(Path(os.devnull), persist=False)

    def _load(self) -> None:
        if not self.path.exists():
            return
        try:
            data = _KeyFile.model_validate_json(self.path.read_bytes())
        except (OSError, ValidationError) as exc:
            raise KeyStoreError(f"cannot read the seller key store {self.path}: "
                                f"{type(exc).__name__}") from exc
        self._keys = {seller_base(k.url): k for k in data.sellers}

    def _save(self) -> None:
        if not self.persist:
            return
        rows = [{"url": k.url, "key": k.key.get_secret_value(), "label": k.label,
                 "added_at": k.added_at.isoformat()} for k in self._keys.values()]
        text = json.dumps({"version": 1, "sellers": rows}, indent=2)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def add(self, url: str, key: str, *, label: str = "") -> SellerKey:
        """Store (or replace) the key for the seller at ``url``."""
        if not key or key != key.strip() or any(c.isspace() for c in key):
            raise KeyStoreError("an API key must be non-empty and contain no whitespace")
        base = seller_base(url)
        entry = SellerKey(url=base, key=SecretStr(key), label=label)
        self._keys[base] = entry
        self._save()
        logger.info("stored an API key for %s (%s)", base, entry.masked)
        return entry

    def remove(self, url: str) -> bool:
        removed = self._keys.pop(seller_base(url), None) is not None
        if removed:
            self._save()
        return removed

    def entry(self, url: str) -> SellerKey | None:
        """The key stored for exactly this seller base URL."""
        return self._keys.get(seller_base(url))

    def entries(self) -> list[SellerKey]:
        return sorted(self._keys.values(), key=lambda k: k.url)

    def key_for(self, request_url: str) -> str | None:
        """The key of the seller whose base URL the request falls under, if any."""
        try:
            target = scoped(request_url)
        except SellerUrlError:
            return None
        best: tuple[int, SellerKey] | None = None
        for base, entry in self._keys.items():
            owner = scoped(base)
            if owner.covers(target) and (best is None or len(owner.segments) > best[0]):
                best = (len(owner.segments), entry)
        return best[1].key.get_secret_value() if best else None


class SellerKeyAuth(httpx.Auth):
    """Sends each seller its own key from a :class:`SellerKeyStore`, and nobody else's."""

    def __init__(self, store: SellerKeyStore | None = None) -> None:
        self.store = store if store is not None else SellerKeyStore()

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers.pop(KEY_HEADER, None)
        key = self.store.key_for(str(request.url))
        if key is not None:
            request.headers[KEY_HEADER] = key
        yield request
