"""Where the crew's definition files live: ``agents/``, ``prompts/``, ``tools/``.

In order: ``$AD_BUYER_DEFINITIONS_DIR``; the copy shipped inside the installed
package (``ad_buyer/_definitions``, written by the wheel build); the project
root of a source checkout (an editable install).
"""

from __future__ import annotations

import os
from pathlib import Path

DEFINITIONS_ENV = "AD_BUYER_DEFINITIONS_DIR"
PACKAGED = Path(__file__).resolve().parents[1] / "_definitions"
SOURCE_ROOT = Path(__file__).resolve().parents[3]


def definitions_root() -> Path:
    configured = os.environ.get(DEFINITIONS_ENV)
    if configured:
        return Path(configured)
    if (PACKAGED / "agents").is_dir():
        return PACKAGED
    return SOURCE_ROOT
