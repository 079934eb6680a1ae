"""Who may use the console, and that a form was sent by the console itself.

With API keys configured, a browser signs in once with a key, kept in an HttpOnly,
SameSite=Strict cookie. Every form carries a token that must equal the console's
cookie (double submit), so another site cannot make a signed-in browser book.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

from ad_buyer.api.security import ApiKeys

KEY_COOKIE = "ad_buyer_console_key"
CSRF_COOKIE = "ad_buyer_console_csrf"
CSRF_FIELD = "csrf_token"


class NotSignedIn(Exception):
    """The console needs an API key and the browser presented none that works."""


class ForgedForm(Exception):
    """A form without the console's token: not sent from the console's own page."""


def csrf_token(request: Request) -> str:
    """The browser's token (a new one if it has none; the caller sets the cookie)."""
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)


def check_form(request: Request, sent: str | None) -> None:
    expected = request.cookies.get(CSRF_COOKIE)
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise ForgedForm("this form was not sent from the console's page; reload it")


def check_key(request: Request, keys: ApiKeys) -> None:
    if not keys.accepts(request.cookies.get(KEY_COOKIE)):
        raise NotSignedIn
