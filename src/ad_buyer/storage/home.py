"""The buyer's local home folder (no heavy imports: the CLI and sandbox use it)."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "AD_BUYER_HOME"
DEFAULT_HOME = ".ad-buyer"


def home_dir(home: Path | str | None = None) -> Path:
    """``home``, else ``$AD_BUYER_HOME``, else ``./.ad-buyer``.

    The default database, the sandbox's durable state, reports and charts live here.
    """
    if home is not None:
        return Path(home)
    return Path(os.environ.get(HOME_ENV, DEFAULT_HOME))
