"""How a pacing run acts on its decisions (dependency-free: the CLI imports it at start-up)."""

from __future__ import annotations

from enum import StrEnum


class PacingMode(StrEnum):
    """``auto`` sends change requests at once; ``manual`` stores recommendations."""

    AUTO = "auto"
    MANUAL = "manual"
