"""One readable line for a pydantic validation failure, as both sides of the
seller API report it (the buyer's ``parse_model``, the sandbox's 422s)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def describe_errors(errors: Iterable[Mapping[str, Any]], *, limit: int = 5) -> str:
    """``loc: msg`` for the first ``limit`` errors, ``(body)`` for the whole body."""
    shown = list(errors)[:limit]
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(body)'}: {e['msg']}"
                     for e in shown)
