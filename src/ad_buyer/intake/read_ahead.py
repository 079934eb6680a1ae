"""Reading a brief before a run starts, when no model is needed to read it.

With the offline reader (no model credentials, or ``AD_BUYER_LLM=offline``) the
reading is plain rules: the command reads the brief at once, refuses one with gaps
before the crew is loaded or the durable engine started, and shows the "read as"
block before anything else happens. The run reads the brief again, the same way,
inside its workflow. With a real model the brief is read only there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ad_buyer.intake.extract import extract_brief
from ad_buyer.llm.gateway import ModelTier, resolve_model
from ad_buyer.models.brief import BriefGap, CampaignBrief


@dataclass(frozen=True)
class ReadAhead:
    """The brief as the run will read it, and the lines that say so."""

    reading: CampaignBrief | BriefGap
    manager_model: str
    specialist_model: str

    @property
    def shown(self) -> list[str]:
        return read_as_lines(self.reading, self.specialist_model)


def read_as_lines(reading: CampaignBrief | BriefGap, reader: str) -> list[str]:
    """Who read the brief and what it was read as, then the facts taken and assumed."""
    read = reading if isinstance(reading, CampaignBrief) else None
    return [f"brief read by {reader}: " + (read.summary() if read else "gaps found"),
            *reading.read_as().lines()[1:]]


def read_ahead(text: str, *, reference_date: date | None, allow_past: bool,
               env: Mapping[str, str] | None = None) -> ReadAhead | None:
    """The offline reading of ``text``, or None when a real model reads briefs."""
    specialist = resolve_model(ModelTier.SPECIALIST, env)
    if not specialist.offline:
        return None
    manager = resolve_model(ModelTier.MANAGER, env)
    reading = extract_brief(text, None, reference_date=reference_date, allow_past=allow_past)
    return ReadAhead(reading, manager.label, specialist.label)
