from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ad_buyer.crew.definitions import DefinitionError, load_definitions
from ad_buyer.definition_files import definitions_root
from ad_buyer.models.brief import Channel

ROOT = definitions_root()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for sub in ("agents", "prompts", "tools"):
        shutil.copytree(ROOT / sub, tmp_path / sub)
    return tmp_path


def test_project_definitions_load_and_cover_every_channel() -> None:
    crew = load_definitions(ROOT)
    assert crew.manager.tier == "manager"
    assert "delegate_channel" in crew.manager.tools  # delegation is a guarded tool
    for channel in Channel:
        assert crew.specialist_for(channel).tier == "specialist"
    assert crew.specialist_for(Channel.ONLINE_VIDEO).name == "branding_specialist"
    assert crew.specialist_for(Channel.DISPLAY).name == "branding_specialist"
    money = [name for name, tool in crew.tools.items() if tool.card.commits_money]
    assert money == ["book_portfolio"]
    assert "{channel}" not in crew.prompt("channel_buy", channel="ctv", assignment="{}")


def test_prompts_describe_the_job_and_script_no_tool_calls() -> None:
    crew = load_definitions(ROOT)
    for name in ("campaign", "channel_buy"):
        text = crew.prompts[name].text
        assert not re.search(r"^\s*\d+\.\s+Call\b", text, re.M), name
        for tool in crew.tools:
            assert f"`{tool}`" not in text, (name, tool)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new))


CASES: list[tuple[str, Callable[[Path], None], str, str]] = [
    ("missing dir", lambda r: shutil.rmtree(r / "tools"), "tools", "directory is missing"),
    ("bad yaml", lambda r: (r / "agents" / "ctv_specialist.yaml").write_text("role: [oops"),
     "ctv_specialist.yaml: <yaml>", "not valid YAML"),
    ("yaml not a mapping", lambda r: (r / "tools" / "review_brief.yaml").write_text("- a\n"),
     "review_brief.yaml: <root>", "must be a YAML mapping"),
    ("missing role", lambda r: _edit(r / "agents" / "audio_specialist.yaml",
                                      "role: Audio Specialist\n", ""),
     "audio_specialist.yaml: role", "Field required"),
    ("bad tier", lambda r: _edit(r / "agents" / "audio_specialist.yaml",
                                  "tier: specialist", "tier: intern"),
     "audio_specialist.yaml: tier", "'manager' or 'specialist'"),
    ("unknown channel", lambda r: _edit(r / "agents" / "audio_specialist.yaml",
                                         "channels: [audio]", "channels: [radio]"),
     "audio_specialist.yaml: channels.0", "Input should be"),
    ("unknown tool", lambda r: _edit(r / "agents" / "ctv_specialist.yaml",
                                      "tools: [discover_sellers,",
                                      "tools: [teleport,"),
     "ctv_specialist.yaml: tools", "unknown tool 'teleport'"),
    ("channel twice", lambda r: _edit(r / "agents" / "dooh_specialist.yaml",
                                       "channels: [dooh]", "channels: [dooh, ctv]"),
     "dooh_specialist.yaml: channels", "already covered"),
    ("uncovered channel", lambda r: (r / "agents" / "dooh_specialist.yaml").unlink(),
     "agents: channels", "no specialist covers ['dooh']"),
    ("no manager", lambda r: (r / "agents" / "portfolio_manager.yaml").unlink(),
     "portfolio_manager.yaml: <file>", "Portfolio Manager definition is missing"),
    ("callable does not import", lambda r: _edit(r / "tools" / "discover_sellers.yaml",
                                                  "ad_buyer.crew.desk_tools:discover_sellers",
                                                  "ad_buyer.crew.nowhere:discover_sellers"),
     "discover_sellers.yaml: callable", "tool card 'discover_sellers'"),
    ("callable attribute missing", lambda r: _edit(r / "tools" / "discover_sellers.yaml",
                                                    "ad_buyer.crew.desk_tools:discover_sellers",
                                                    "ad_buyer.crew.desk_tools:no_such_fn"),
     "discover_sellers.yaml: callable", "does not import"),
    ("money tool takes a price", lambda r: _edit(
        r / "tools" / "book_portfolio.yaml", "    rationale: {type: string, minLength: 10}",
        "    rationale: {type: string, minLength: 10}\n    max_price: {type: number}"),
     "book_portfolio.yaml: arguments", "may not take ['max_price']"),
    ("money tool unmarked", lambda r: _edit(r / "tools" / "book_portfolio.yaml",
                                             "commits_money: true", "commits_money: false"),
     "book_portfolio.yaml: commits_money", "not marked commits_money"),
    ("money tool without limits", lambda r: _edit(r / "tools" / "review_brief.yaml",
                                                   "commits_money: false",
                                                   "commits_money: true"),
     "review_brief.yaml: commits_money", "takes no 'limits'"),
    ("bad schema", lambda r: _edit(r / "tools" / "discover_sellers.yaml",
                                    "channel: {type: string,", "channel: {type: text,"),
     "discover_sellers.yaml: arguments", "arguments.properties.channel.type"),
    ("name mismatch", lambda r: _edit(r / "tools" / "review_brief.yaml",
                                       "name: review_brief", "name: read_brief"),
     "review_brief.yaml: name", "does not match the file name"),
    ("missing prompt", lambda r: (r / "prompts" / "campaign.md").unlink(),
     "campaign.md: <file>", "required prompt template is missing"),
    ("prompt placeholder missing", lambda r: _edit(r / "prompts" / "channel_buy.md",
                                                    "{assignment}", "the facts"),
     "channel_buy.md: placeholders", "['assignment']"),
]


@pytest.mark.parametrize(("case", "breaker", "where", "message"), CASES,
                         ids=[c[0] for c in CASES])
def test_malformed_definitions_fail_naming_file_and_field(
        tree: Path, case: str, breaker: Callable[[Path], None], where: str, message: str) -> None:
    breaker(tree)
    with pytest.raises(DefinitionError) as info:
        load_definitions(tree)
    text = str(info.value)
    file_part, _, field_part = where.partition(": ")
    assert file_part in info.value.path
    assert info.value.field == field_part or field_part in text
    assert message in text, text


def test_prompt_render_requires_every_value() -> None:
    crew = load_definitions(ROOT)
    with pytest.raises(KeyError, match="assignment"):
        crew.prompt("channel_buy", channel="ctv")
