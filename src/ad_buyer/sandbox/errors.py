"""Seller-style errors: ``{"detail": {"error", "message"}}`` with a status code.

A reference-dialect seller (FastAPI, as the IAB reference is) answers some
errors with a plain string or FastAPI's list of validation problems as its
``detail``; ``SandboxError(detail=...)`` carries such a body as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse


class SandboxError(Exception):
    """Raised by sandbox handlers; rendered as the seller API's error body."""

    def __init__(self, status_code: int, error: str, message: str, *,
                 detail: Any = None, **extra: Any) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.error = error
        self.message = message
        self.detail = detail
        self.extra = extra

    def body(self) -> dict[str, Any]:
        if self.detail is not None:
            return {"detail": self.detail}
        return {"detail": {"error": self.error, "message": self.message, **self.extra}}


def summarize(problems: Iterable[Mapping[str, Any]], *, at_most: int = 5) -> str:
    """``field: what is wrong`` for each pydantic/FastAPI problem, joined by ``; ``."""
    parts = []
    for problem in list(problems)[:at_most]:
        where = ".".join(str(step) for step in problem.get("loc", ())) or "(body)"
        parts.append(f"{where}: {problem.get('msg', 'invalid')}")
    return "; ".join(parts)


def validation_list(problems: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """FastAPI's own 422 ``detail``: ``[{"loc", "msg", "type"}]``."""
    return [{"loc": list(p.get("loc", ())), "msg": str(p.get("msg", "")),
             "type": str(p.get("type", "value_error"))} for p in problems]


def error_response(status_code: int, error: str, message: str) -> JSONResponse:
    return JSONResponse(SandboxError(status_code, error, message).body(),
                        status_code=status_code)


def install_error_handlers(app: FastAPI) -> None:
    async def on_sandbox_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, SandboxError)
        return JSONResponse(exc.body(), status_code=exc.status_code)

    async def on_validation_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return JSONResponse(
            {"detail": {"error": "validation_error", "message": summarize(exc.errors())}},
            status_code=422)

    app.add_exception_handler(SandboxError, on_sandbox_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
