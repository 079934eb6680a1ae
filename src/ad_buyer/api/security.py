"""Who may call the API: loopback by default; anything else needs an API key.

``AD_BUYER_API_KEYS`` holds one or more keys, comma separated, each either the key
itself or ``sha256:<hex digest>`` of it (so the keys need not sit in clear text in
the environment either). Keys are hashed as soon as they are read and only the
hashes are kept; a presented key is hashed and compared with each in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
from typing import Any

API_KEYS_ENV = "AD_BUYER_API_KEYS"
HASH_PREFIX = "sha256:"


class NoApiKeyError(RuntimeError):
    """The service would listen beyond loopback without an API key."""


def _hash(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


class ApiKeys:
    """The hashes of the keys that may call the API."""

    def __init__(self, hashes: list[bytes]) -> None:
        self._hashes = hashes

    @classmethod
    def from_env(cls, value: str | None = None) -> ApiKeys:
        raw = os.environ.get(API_KEYS_ENV, "") if value is None else value
        hashes = []
        for item in (part.strip() for part in raw.split(",")):
            if not item:
                continue
            if item.startswith(HASH_PREFIX):
                hashes.append(bytes.fromhex(item.removeprefix(HASH_PREFIX)))
            else:
                hashes.append(_hash(item))
        return cls(hashes)

    @property
    def required(self) -> bool:
        return bool(self._hashes)

    def accepts(self, presented: str | None) -> bool:
        if not self._hashes:
            return True
        if not presented:
            return False
        digest = _hash(presented)
        # Every stored hash is compared, so the time does not say which one matched.
        matched = False
        for stored in self._hashes:
            matched |= hmac.compare_digest(digest, stored)
        return matched


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, keys: ApiKeys) -> None:
    """Refuse to listen beyond loopback without an API key."""
    if not is_loopback(host) and not keys.required:
        raise NoApiKeyError(
            f"refusing to listen on {host}: beyond loopback the API needs a key. Set "
            f"{API_KEYS_ENV} (one or more keys, comma separated, or sha256:<hex> of each), "
            "or bind 127.0.0.1")


def presented_key(authorization: str | None, x_api_key: str | None) -> str | None:
    if x_api_key:
        return x_api_key
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


class KeyGuard:
    """An ASGI app behind the API keys (for apps mounted beside the API's routes)."""

    def __init__(self, app: Any, keys: ApiKeys) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and self.keys.required:
            headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                       for k, v in scope.get("headers", [])}
            if not self.keys.accepts(presented_key(headers.get("authorization"),
                                                   headers.get("x-api-key"))):
                body = (b'{"error":"unauthorized","message":"a valid API key is required '
                        b'(Authorization: Bearer KEY or X-API-Key)","gaps":[],"read_as":[]}')
                await send({"type": "http.response.start", "status": 401,
                            "headers": [(b"content-type", b"application/json")]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
