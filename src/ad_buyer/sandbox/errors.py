"""Seller-style errors: ``{"detail": {"error", "message"}}`` with a status code."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from ad_buyer.models.validation import describe_errors


class SandboxError(Exception):
    """Raised by sandbox handlers; rendered as the seller API's error body."""

    def __init__(self, status_code: int, error: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.error = error
        self.message = message
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"detail": {"error": self.error, "message": self.message, **self.extra}}


def error_response(status_code: int, error: str, message: str) -> JSONResponse:
    return JSONResponse(SandboxError(status_code, error, message).body(),
                        status_code=status_code)


def install_error_handlers(app: FastAPI) -> None:
    async def on_sandbox_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, SandboxError)
        return JSONResponse(exc.body(), status_code=exc.status_code)

    async def on_validation_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        # FastAPI's locations always start with where (body, query, ...), never empty.
        problems = describe_errors(exc.errors())
        return JSONResponse(
            {"detail": {"error": "validation_error", "message": problems}}, status_code=422
        )

    app.add_exception_handler(SandboxError, on_sandbox_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
