"""The one HTTP layer every seller-world client stands on.

- injectable ``httpx`` transport (in-process ASGI sandbox, mocks, cassettes);
- credentials: an explicit ``api_key`` (sent on every call of that client, for a
  client the caller points at one seller) or an ``httpx.Auth`` such as
  :class:`~ad_buyer.clients.credentials.SellerKeyAuth`, which sends each seller
  its own key and no key to a seller it has none for;
- explicit timeouts, plus an overall deadline per call, reading the body
  included (httpx times phases, so a server that drips bytes could otherwise
  hold a call forever);
- a size limit: an answer is read as a stream and refused once it is larger
  than ``$AD_BUYER_MAX_RESPONSE_MB`` (default 4 MB), never read whole;
- a call only to a URL under its seller's path (normalised, whole segments:
  :mod:`ad_buyer.clients.url_scope`), so no key or identity header leaves it;
- at most N calls in flight per seller across the processes of one database,
  where the process installed the limit (:mod:`ad_buyer.clients.seller_slots`);
- retries of 502/503/504, timeouts and connection errors, only where the
  caller says the call is safe to repeat (reads, or writes carrying an
  idempotency key), never of 4xx;
- typed errors: each client passes its own exception class;
- body parsing into pydantic models with errors that name the seller and field.
"""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from types import TracebackType
from typing import Any, ClassVar, Self, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from ad_buyer.clients.seller_slots import seller_slot
from ad_buyer.clients.url_scope import within
from ad_buyer.models.validation import describe_errors

logger = logging.getLogger(__name__)

RETRYABLE_STATUS = frozenset({502, 503, 504})
DEFAULT_TIMEOUT = 30.0
MAX_RESPONSE_ENV = "AD_BUYER_MAX_RESPONSE_MB"
DEFAULT_MAX_RESPONSE_MB = 4.0
_MB = 1_000_000
# Headers describing the body as sent; the body kept is the decoded one.
_WIRE_HEADERS = ("content-encoding", "content-length", "transfer-encoding")


def max_response_bytes() -> int:
    """The largest seller answer read: ``$AD_BUYER_MAX_RESPONSE_MB`` (default 4 MB)."""
    raw = os.environ.get(MAX_RESPONSE_ENV, "").strip()
    try:
        megabytes = float(raw) if raw else DEFAULT_MAX_RESPONSE_MB
    except ValueError:
        logger.warning("%s=%r is not a number of MB; using %g", MAX_RESPONSE_ENV, raw,
                       DEFAULT_MAX_RESPONSE_MB)
        megabytes = DEFAULT_MAX_RESPONSE_MB
    return max(1, int(megabytes * _MB))

ModelT = TypeVar("ModelT", bound=BaseModel)


class SellerHttpError(Exception):
    """Base for typed client errors: which URL, which status, what the seller said."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        seller_url: str | None = None,
        error_code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.seller_url = seller_url
        self.error_code = error_code


class _Transient(Exception):
    """Wraps an error that the same call may clear on a retry."""

    def __init__(self, error: SellerHttpError) -> None:
        super().__init__(str(error))
        self.error = error


def new_idempotency_key(prefix: str = "adb") -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


def parse_model(
    model: type[ModelT], data: Any, *, seller_url: str, what: str, error: type[SellerHttpError]
) -> ModelT:
    """Validate a seller body; a bad one raises ``error`` naming seller and fields."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = describe_errors(exc.errors())
        raise error(
            f"malformed {what} from {seller_url}: {problems}", seller_url=seller_url
        ) from exc


def error_message(response: httpx.Response) -> tuple[str, str | None]:
    """The seller's ``{"detail": {"error", "message"}}``, or the raw text."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or response.reason_phrase, None
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, dict):
        return str(detail.get("message") or detail.get("error") or detail), detail.get("error")
    if detail is not None:
        return str(detail), None
    return str(body)[:200], None


class JsonHttp:
    """A JSON-over-HTTP session with one seller-world service."""

    def __init__(
        self,
        *,
        error: type[SellerHttpError],
        api_key: str | None = None,
        auth: httpx.Auth | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        max_retries: int = 2,
        retry_backoff: float = 0.2,
        headers: dict[str, str] | None = None,
        max_bytes: int | None = None,
    ) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.max_bytes = max_bytes if max_bytes is not None else max_response_bytes()
        if api_key and auth is not None:
            raise ValueError("give api_key (one key for this client) or auth (a key per "
                             "seller), not both")
        self._error = error
        self.timeout = timeout
        self.max_retries = max_retries
        self.retry_backoff = retry_backoff
        all_headers = {"Accept": "application/json", **(headers or {})}
        if api_key:
            all_headers["X-API-Key"] = api_key
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout),
            transport=transport,
            headers=all_headers,
            auth=auth,
            follow_redirects=False,
        )

    def _wrap(self, message: str, seller_url: str, cause: Exception) -> SellerHttpError:
        err = self._error(message, seller_url=seller_url)
        err.__cause__ = cause
        return err

    async def aclose(self) -> None:
        await self._client.aclose()

    async def request(
        self,
        method: str,
        url: str,
        *,
        seller_url: str,
        json: Any = None,
        params: dict[str, Any] | None = None,
        retry: bool = False,
    ) -> Any:
        """Send one call and return its decoded JSON body.

        ``retry=True`` is only for calls safe to repeat as they are.
        """
        attempts = 1 + (self.max_retries if retry else 0)
        for attempt in range(1, attempts + 1):
            try:
                return await self._once(method, url, seller_url=seller_url, json=json,
                                        params=params)
            except _Transient as transient:
                if attempt == attempts:
                    raise transient.error from transient.error.__cause__
                delay = self.retry_backoff * (2 ** (attempt - 1))
                logger.info("retrying %s %s in %.2fs after: %s", method, url, delay,
                            transient.error)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")

    async def _once(
        self,
        method: str,
        url: str,
        *,
        seller_url: str,
        json: Any,
        params: dict[str, Any] | None,
    ) -> Any:
        if not within(url, seller_url):
            # Its key and identity headers are the seller's: never sent off its path.
            raise self._error(f"refused to send {method} {url}: it is not under seller "
                              f"{seller_url}'s path once normalised", seller_url=seller_url)
        try:
            async with seller_slot(seller_url), asyncio.timeout(self.timeout):
                response = await self._read(
                    self._client.build_request(method, url, json=json, params=params),
                    seller_url)
        except (TimeoutError, httpx.TimeoutException) as exc:
            raise _Transient(self._wrap(
                f"{method} {url} timed out after {self.timeout:g}s", seller_url, exc
            )) from exc
        except httpx.HTTPError as exc:
            raise _Transient(self._wrap(
                f"{method} {url} failed: {type(exc).__name__}: {exc}", seller_url, exc
            )) from exc
        if response.status_code >= 400:
            message, code = error_message(response)
            err = self._error(
                f"{method} {url} -> HTTP {response.status_code}: {message}",
                status_code=response.status_code,
                seller_url=seller_url,
                error_code=code,
            )
            if response.status_code in RETRYABLE_STATUS:
                raise _Transient(err)
            raise err
        try:
            return response.json()
        except ValueError as exc:
            raise self._error(
                f"malformed JSON from {seller_url} ({method} {url}): {response.text[:80]!r}",
                seller_url=seller_url,
            ) from exc


    async def _read(self, request: httpx.Request, seller_url: str) -> httpx.Response:
        """Send ``request`` and read its answer as a stream, refusing (and not reading
        on) one larger than ``max_bytes``; the time it takes counts in the call's deadline."""
        response = await self._client.send(request, stream=True)
        try:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise self._too_large(request, seller_url)
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    raise self._too_large(request, seller_url)
        finally:
            await response.aclose()
        headers = [(k, v) for k, v in response.headers.multi_items()
                   if k.lower() not in _WIRE_HEADERS]
        return httpx.Response(response.status_code, headers=headers, content=bytes(body),
                              request=request)

    def _too_large(self, request: httpx.Request, seller_url: str) -> SellerHttpError:
        limit = f"{self.max_bytes / _MB:g} MB"
        return self._error(
            f"{request.method} {request.url}: the answer from {seller_url} is larger than "
            f"the {limit} limit ({MAX_RESPONSE_ENV}); refused, not read", seller_url=seller_url)


def route_missing(error: SellerHttpError) -> bool:
    """405, or a 404 without a structured error: the route itself is not served."""
    return error.status_code == 405 or (error.status_code == 404 and error.error_code is None)


class SellerClient:
    """Base of the seller-world clients: one :class:`JsonHttp` session, raising the
    subclass's ``error`` type. Async context manager; ``aclose()`` otherwise."""

    error: ClassVar[type[SellerHttpError]] = SellerHttpError

    def __init__(
        self,
        *,
        api_key: str | None = None,
        auth: httpx.Auth | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        max_retries: int = 2,
        retry_backoff: float = 0.2,
        headers: dict[str, str] | None = None,
        max_bytes: int | None = None,
    ) -> None:
        self._http = JsonHttp(
            error=self.error,
            api_key=api_key,
            auth=auth,
            timeout=timeout,
            transport=transport,
            max_retries=max_retries,
            retry_backoff=retry_backoff,
            headers=headers,
            max_bytes=max_bytes,
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()
