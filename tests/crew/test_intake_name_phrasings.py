"""The campaign's name, in the forms planners give it: a label other than "Campaign:"
("Programme: X", "Job name: X") and a line that hands the brief over ("Please find the brief
for X below", "Attached is the plan for X as discussed")."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief

_FIELDS = ("Budget: GBP 85,000\nDates: 2027-11-15 to 2027-12-31\nChannels: audio 30%, OLV 70%\n"
           "Geo: UK\n")


@pytest.mark.parametrize("label", ["Programme", "Program", "Programme name", "Program name",
                                   "Job name", "PROGRAMME"])
def test_a_programme_or_job_label_names_the_campaign(label: str) -> None:
    brief = read_brief(f"{label}: Thistle Gin Christmas\n{_FIELDS}")
    assert brief.name == "Thistle Gin Christmas"


@pytest.mark.parametrize("opening", [
    "Please find the brief for Hartwell Gin Christmas 2027 below.",
    "Please see the brief for Hartwell Gin Christmas 2027 attached.",
    "Attached is the media plan for Hartwell Gin Christmas 2027 as discussed.",
    "Here's the brief for Hartwell Gin Christmas 2027 (v2).",
    "Sharing the RFP for Hartwell Gin Christmas 2027 for your review.",
    "Below is the brief for Hartwell Gin Christmas 2027:",
])
def test_the_line_handing_over_the_brief_names_it(opening: str) -> None:
    brief = read_brief(f"Morning all,\n\n{opening}\n\n{_FIELDS}\nCheers,\nOllie")
    assert brief.name == "Hartwell Gin Christmas 2027"


def test_a_programme_of_channels_is_no_name() -> None:
    brief = read_brief(f"Programme: audio and online video\n{_FIELDS}")
    assert brief.name != "audio and online video"
