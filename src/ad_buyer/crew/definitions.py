"""Loads and validates the crew's definitions: ``agents/``, ``prompts/``, ``tools/``.

One builder, run at start: a missing or malformed file fails naming the file
and the field; a tool card whose callable does not import fails naming the
card. Money-committing tools must declare a ``limits`` parameter (the guard
layer passes budget limits from Python) and may not take a price, amount or
budget from the model.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ad_buyer.definition_files import PromptTemplate, definitions_root
from ad_buyer.models.brief import Channel

REQUIRED_PROMPTS: dict[str, set[str]] = {
    "brief_intake": {"schema", "reference_date"},
    "campaign": {"campaign_name", "assignment"},
    "channel_buy": {"channel", "assignment"},
}
MANAGER_AGENT = "portfolio_manager"
_NAME = r"^[a-z][a-z0-9_]*$"
_MONEY_ARGUMENT = re.compile(r"price|cpm|amount|budget|micros|spend|cost|bid", re.IGNORECASE)
_JSON_TYPES = {"string", "integer", "number", "boolean", "array", "object"}


class DefinitionError(ValueError):
    """A definition file is missing or invalid; names the file and the field."""

    def __init__(self, path: Path | str, field: str, message: str) -> None:
        self.path, self.field = str(path), field
        super().__init__(f"{path}: {field}: {message}")


class AgentDefinition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=_NAME)
    role: str = Field(min_length=1)
    goal: str = Field(min_length=1)
    backstory: str = Field(min_length=1)
    tier: Literal["manager", "specialist"]
    tools: list[str] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    allow_delegation: bool = False


def _check_schema(schema: Any, where: str) -> None:
    if not isinstance(schema, dict):
        raise ValueError(f"{where} must be a JSON schema object")
    kind = schema.get("type")
    if kind not in _JSON_TYPES:
        raise ValueError(f"{where}.type must be one of {sorted(_JSON_TYPES)}, got {kind!r}")
    if kind == "object":
        props = schema.get("properties", {})
        if not isinstance(props, dict):
            raise ValueError(f"{where}.properties must be a mapping")
        for name, sub in props.items():
            _check_schema(sub, f"{where}.properties.{name}")
        missing = set(schema.get("required", [])) - set(props)
        if missing:
            raise ValueError(f"{where}.required names undefined properties {sorted(missing)}")
    if kind == "array":
        _check_schema(schema.get("items"), f"{where}.items")


def _property_names(schema: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for name, sub in schema.get("properties", {}).items():
        names.append(name)
        if sub.get("type") == "object":
            names += _property_names(sub)
        if sub.get("type") == "array" and sub["items"].get("type") == "object":
            names += _property_names(sub["items"])
    return names


class ToolCard(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    name: str = Field(pattern=_NAME)
    description: str = Field(min_length=10)
    callable_path: str = Field(alias="callable", pattern=r"^[\w.]+:\w+$")
    commits_money: bool
    arguments: dict[str, Any]

    @field_validator("arguments")
    @classmethod
    def _arguments_schema(cls, value: dict[str, Any]) -> dict[str, Any]:
        if value.get("type") != "object":
            raise ValueError("arguments must be a JSON schema of type object")
        _check_schema(value, "arguments")
        return value


@dataclass(frozen=True)
class BoundTool:
    card: ToolCard
    function: Callable[..., Any]


@dataclass(frozen=True)
class CrewDefinitions:
    agents: dict[str, AgentDefinition]
    tools: dict[str, BoundTool]
    prompts: dict[str, PromptTemplate]
    root: Path

    @property
    def manager(self) -> AgentDefinition:
        return self.agents[MANAGER_AGENT]

    def specialist_for(self, channel: Channel) -> AgentDefinition:
        for agent in self.agents.values():
            if channel in agent.channels:
                return agent
        raise KeyError(f"no specialist covers channel {channel.value}")

    def prompt(self, name: str, **values: Any) -> str:
        return self.prompts[name].render(**values)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DefinitionError(path, "<yaml>", f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise DefinitionError(path, "<root>", "must be a YAML mapping")
    return data


def _validated(model: type[BaseModel], path: Path, data: dict[str, Any]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "<root>"
        raise DefinitionError(path, field, err["msg"]) from exc


def _import_callable(card: ToolCard, path: Path) -> Callable[..., Any]:
    module_name, _, attr = card.callable_path.partition(":")
    try:
        function = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise DefinitionError(path, "callable",
                              f"tool card {card.name!r}: {card.callable_path} does not import: "
                              f"{exc}") from exc
    if not callable(function):
        raise DefinitionError(path, "callable", f"tool card {card.name!r}: not callable")
    params = inspect.signature(function).parameters
    if card.commits_money:
        if "limits" not in params:
            raise DefinitionError(path, "commits_money", f"tool card {card.name!r} commits money "
                                  "but its callable takes no 'limits' from the guard layer")
        money_args = [n for n in _property_names(card.arguments) if _MONEY_ARGUMENT.search(n)]
        if money_args:
            raise DefinitionError(path, "arguments", f"tool card {card.name!r} commits money and "
                                  f"may not take {money_args} from the model")
    elif "limits" in params:
        raise DefinitionError(path, "commits_money", f"tool card {card.name!r} takes guard "
                              "'limits' but is not marked commits_money: true")
    return function  # type: ignore[no-any-return]


def load_tools(directory: Path) -> dict[str, BoundTool]:
    tools: dict[str, BoundTool] = {}
    for path in sorted(directory.glob("*.yaml")):
        card: ToolCard = _validated(ToolCard, path, _read_yaml(path))
        if card.name != path.stem:
            raise DefinitionError(path, "name", f"{card.name!r} does not match the file name")
        tools[card.name] = BoundTool(card, _import_callable(card, path))
    if not tools:
        raise DefinitionError(directory, "<dir>", "no tool cards (*.yaml) found")
    return tools


def load_agents(directory: Path, tools: dict[str, BoundTool]) -> dict[str, AgentDefinition]:
    agents: dict[str, AgentDefinition] = {}
    covered: dict[Channel, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        agent: AgentDefinition = _validated(AgentDefinition, path,
                                            {"name": path.stem, **_read_yaml(path)})
        for tool in agent.tools:
            if tool not in tools:
                raise DefinitionError(path, "tools", f"unknown tool {tool!r}")
        for channel in agent.channels:
            if channel in covered:
                raise DefinitionError(path, "channels", f"{channel.value} is already covered "
                                      f"by {covered[channel]}")
            covered[channel] = agent.name
        if agent.tier == "specialist" and not agent.channels:
            raise DefinitionError(path, "channels", "a specialist must cover a channel")
        agents[agent.name] = agent
    manager = directory / f"{MANAGER_AGENT}.yaml"
    if MANAGER_AGENT not in agents:
        raise DefinitionError(manager, "<file>", "the Portfolio Manager definition is missing")
    if agents[MANAGER_AGENT].tier != "manager":
        raise DefinitionError(manager, "tier", "the Portfolio Manager must be tier manager")
    uncovered = [c.value for c in Channel if c not in covered]
    if uncovered:
        raise DefinitionError(directory, "channels", f"no specialist covers {uncovered}")
    return agents


def load_prompts(directory: Path) -> dict[str, PromptTemplate]:
    prompts: dict[str, PromptTemplate] = {}
    for path in sorted(directory.glob("*.md")):
        prompts[path.stem] = _validated(PromptTemplate, path, {
            "name": path.stem, "text": path.read_text(encoding="utf-8")})
    for name, needed in REQUIRED_PROMPTS.items():
        path = directory / f"{name}.md"
        if name not in prompts:
            raise DefinitionError(path, "<file>", "required prompt template is missing")
        absent = needed - prompts[name].placeholders
        if absent:
            raise DefinitionError(path, "placeholders", f"missing {sorted(absent)}")
    return prompts


def load_definitions(root: Path | None = None) -> CrewDefinitions:
    """Load ``agents/``, ``prompts/`` and ``tools/`` under ``root``; fail fast and clearly."""
    root = root or definitions_root()
    for sub in ("agents", "prompts", "tools"):
        if not (root / sub).is_dir():
            raise DefinitionError(root / sub, "<dir>", "directory is missing")
    tools = load_tools(root / "tools")
    agents = load_agents(root / "agents", tools)
    prompts = load_prompts(root / "prompts")
    return CrewDefinitions(agents=agents, tools=tools, prompts=prompts, root=root)
