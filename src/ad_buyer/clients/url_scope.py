"""Which seller a URL belongs to, decided on a normalised origin and whole path segments.

A key or an identity header is meant for one seller. Sellers may share a host
(``/sellers/{id}``), and a front end may normalise a path before routing it: it
decodes percent-encoding (``%2e%2e`` is ``..``, ``%2f`` is ``/``), resolves dot
segments, ignores the case of scheme and host, a default port, a trailing slash
and empty segments. So the buyer compares URLs the same way, reading a path the
way the most permissive front end could: percent-decoded until it no longer
changes, backslashes as slashes, dot segments resolved. A URL falls under a
seller's base when its origin is the same and the base's segments are a prefix
of its segments (``/sellers/a`` never covers ``/sellers/ab``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

import httpx

DEFAULT_PORTS = {"http": 80, "https": 443}
_MAX_DECODES = 5


class SellerUrlError(ValueError):
    """Not an http(s) URL with a host."""


@dataclass(frozen=True)
class ScopedUrl:
    """An origin (``scheme://host[:port]``) and the path's segments, normalised."""

    origin: str
    segments: tuple[str, ...]
    # The path as written is not plainly its segments: dot segments (encoded or not),
    # or encoded slashes a front end may split on.
    reshaped: bool

    def __str__(self) -> str:
        return self.origin + "".join(f"/{s}" for s in self.segments)

    def covers(self, other: ScopedUrl) -> bool:
        """Is ``other`` this URL or under it, on whole path segments?"""
        return (self.origin == other.origin
                and other.segments[: len(self.segments)] == self.segments)


def _decoded(path: str) -> str:
    for _ in range(_MAX_DECODES):
        once = unquote(path)
        if once == path:
            break
        path = once
    return path.replace("\\", "/")


def _resolve(raw_segments: Sequence[str]) -> tuple[tuple[str, ...], bool]:
    """RFC 3986 dot-segment removal on segments; empty segments dropped."""
    out: list[str] = []
    dots = False
    for segment in raw_segments:
        if segment in (".", ".."):
            dots = True
            if segment == ".." and out:
                out.pop()
        elif segment:
            out.append(segment)
    return tuple(out), dots


@lru_cache(maxsize=4096)  # every request asks which seller's key it carries
def scoped(url: str) -> ScopedUrl:
    """``url`` normalised; :class:`SellerUrlError` if it is not ``http(s)://host...``."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError) as exc:
        raise SellerUrlError(f"not a seller URL: {url!r}") from exc
    if parsed.scheme not in DEFAULT_PORTS or not parsed.host:
        raise SellerUrlError(f"a seller URL needs http(s)://host, got {url!r}")
    port = parsed.port if parsed.port not in (None, DEFAULT_PORTS[parsed.scheme]) else None
    host = parsed.host.lower().rstrip(".")
    origin = f"{parsed.scheme}://{host}:{port}" if port else f"{parsed.scheme}://{host}"
    # httpx resolves literal dot segments itself; the raw path still shows them encoded.
    raw = parsed.raw_path.decode("ascii", "replace").split("?", 1)[0]
    written, _ = _resolve(raw.split("/"))
    segments, dots = _resolve(_decoded(parsed.path).split("/"))
    literal_dots = any(s in (".", "..") for s in url.split("?", 1)[0].split("/"))
    return ScopedUrl(origin, segments,
                     dots or literal_dots or len(written) != len(segments))


def within(url: str, base: str) -> bool:
    """Does ``url`` fall under the seller at ``base``? False for a URL that is not one."""
    try:
        return scoped(base).covers(scoped(url))
    except SellerUrlError:
        return False


def refused_seller_urls(urls: Sequence[str]) -> dict[str, str]:
    """Seller URLs a listing must not be trusted with, each with the reason: a path
    with dot segments (it may leave its own path at a front end that resolves them),
    or one that normalises to, or under, another listed seller's path (that seller's
    key and identity would follow it)."""
    refused: dict[str, str] = {}
    seen: list[tuple[str, ScopedUrl]] = []
    for url in urls:
        try:
            here = scoped(url)
        except SellerUrlError as exc:
            refused[url] = str(exc)
            continue
        if here.reshaped:
            refused[url] = (f"its path has dot segments or encoded slashes (it normalises "
                            f"to {here})")
            continue
        seen.append((url, here))
    for url, here in seen:
        for other_url, other in seen:
            if other_url == url or url in refused:
                continue
            if other.covers(here) and (other != here or urls.index(other_url) < urls.index(url)):
                refused[url] = (f"it normalises to {here}, which is seller {other_url}'s path"
                                + ("" if other == here else " or under it"))
    return refused
