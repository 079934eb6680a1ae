"""Where the crew's definition files live: ``agents/``, ``prompts/``, ``tools/``."""

from __future__ import annotations

import os
from pathlib import Path

DEFINITIONS_ENV = "AD_BUYER_DEFINITIONS_DIR"


def definitions_root() -> Path:
    """``$AD_BUYER_DEFINITIONS_DIR``, else the project root holding this package."""
    configured = os.environ.get(DEFINITIONS_ENV)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3]
