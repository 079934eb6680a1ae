"""The negotiation client's errors: each HTTP or transport failure is *also* the
httpx exception seed 004's error handling catches."""

from __future__ import annotations

import httpx

from ad_buyer.clients.http import SellerHttpError


class NegotiationError(SellerHttpError):
    """A negotiation call failed."""


class NegotiationProtocolError(NegotiationError):
    """The seller's answer is malformed or contradicts the negotiation so far."""


class NegotiationHTTPError(httpx.HTTPStatusError, NegotiationError):
    """The seller answered 4xx/5xx; ``response.status_code`` and ``status_code`` say which."""


class NegotiationConnectError(httpx.ConnectError, NegotiationError):
    """The seller could not be reached."""


class NegotiationTimeoutError(httpx.TimeoutException, NegotiationError):
    """The seller did not answer in time."""


class NegotiationTransportError(httpx.TransportError, NegotiationError):
    """Any other transport failure (connection dropped mid-answer, ...)."""


def as_httpx_error(error: NegotiationError, method: str, url: str) -> NegotiationError:
    """Re-type a ``JsonHttp`` failure as the matching httpx-compatible error."""
    request = httpx.Request(method, url)
    cause = error.__cause__
    converted: NegotiationError
    if error.status_code is not None:
        response = httpx.Response(error.status_code, request=request)
        converted = NegotiationHTTPError(str(error), request=request, response=response)
    elif isinstance(cause, httpx.TimeoutException | TimeoutError):
        converted = NegotiationTimeoutError(str(error), request=request)
    elif isinstance(cause, httpx.ConnectError):
        converted = NegotiationConnectError(str(error), request=request)
    elif isinstance(cause, httpx.TransportError):
        converted = NegotiationTransportError(str(error), request=request)
    else:  # a body that is not JSON
        return NegotiationProtocolError(str(error), seller_url=error.seller_url)
    converted.status_code = error.status_code
    converted.seller_url = error.seller_url
    converted.error_code = error.error_code
    return converted
