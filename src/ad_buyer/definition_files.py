"""Where the crew's definition files live (``agents/``, ``prompts/``, ``tools/``), and the
prompt template they hold (brief intake reads one before any crew is built).

In order: ``$AD_BUYER_DEFINITIONS_DIR``; the copy shipped inside the installed
package (``ad_buyer/_definitions``, written by the wheel build); the project
root of a source checkout (an editable install).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

DEFINITIONS_ENV = "AD_BUYER_DEFINITIONS_DIR"
PACKAGED = Path(__file__).resolve().parent / "_definitions"
SOURCE_ROOT = Path(__file__).resolve().parents[2]


def definitions_root() -> Path:
    configured = os.environ.get(DEFINITIONS_ENV)
    if configured:
        return Path(configured)
    if (PACKAGED / "agents").is_dir():
        return PACKAGED
    return SOURCE_ROOT


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class PromptTemplate(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    text: str = Field(min_length=1)

    @property
    def placeholders(self) -> set[str]:
        return set(_PLACEHOLDER.findall(self.text))

    def render(self, **values: Any) -> str:
        missing = self.placeholders - set(values)
        if missing:
            raise KeyError(f"prompt {self.name!r} needs values for {sorted(missing)}")
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), self.text)
