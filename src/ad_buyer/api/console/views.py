"""What the console's pages show, made from the service's models and the rationale log:
the brief's facts with the answer each can take. A run's portfolio, negotiations,
savings and delegation tree come from :mod:`ad_buyer.reporting.review` and
:mod:`ad_buyer.reporting.review_tree`, as the HTML report's and the CLI's do. Nothing
here renders HTML: the templates do, with autoescape."""

from __future__ import annotations

from dataclasses import dataclass

# Which answer (the intake's answer fields) settles each fact of the "read as" block,
# and an example of one.
FACT_ANSWERS = {"budget": ("budget", "$250k"),
                "flight": ("flight_dates", "July 1 - Sept 30 2027, or Q3 2027"),
                "channels": ("channels", "ctv, mobile app"),
                "split": ("channel_split", "60/40 CTV/mobile, or split evenly"),
                "max CPM": ("max_cpm", "$30"),
                "excluded sellers": ("sellers", "exclude StreamWave, or only OmniCast")}


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    answer_field: str | None
    example: str = ""


def facts_of(facts: list[tuple[str, str]]) -> list[Fact]:
    out = []
    for label, value in facts:
        field_, example = FACT_ANSWERS.get(label, (None, ""))
        out.append(Fact(label, value, field_, example))
    return out
