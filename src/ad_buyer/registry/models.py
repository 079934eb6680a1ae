"""Registry wire models: agent cards and trust (PROTOCOL.md, Discovery).

Two card shapes are read (PROTOCOL.md, "What the reference seller really
sends"):

- native: ``capabilities`` is a list of ``{name, description, tags}``;
- A2A (the IAB seller reference): ``capabilities`` is an object with the skills
  under ``capabilities.skills`` (older cards list ``skills`` at the top) and
  the seller's inventory under ``inventory_types``. The card has no agent id
  (a registry lists it under ``id``).

Trust comes as ``{is_registered, trust_level, registry_id}`` (``/verify``) or,
from an AAMP-style registry's ``/agents/{id}/trust``, as ``trust_status``
(``approved`` reads as verified) with ``registered``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, model_validator


class TrustLevel(StrEnum):
    """How far the registry operator has vetted an agent, most trusted first."""

    PREFERRED = "preferred"
    VERIFIED = "verified"
    REGISTERED = "registered"
    UNKNOWN = "unknown"
    BLOCKED = "blocked"


# An AAMP registry's trust words that differ from ours.
_TRUST_WORDS = {"approved": TrustLevel.VERIFIED}

# Which inventory types on an A2A card sell each of our channels.
INVENTORY_TYPES: dict[str, frozenset[str]] = {
    "ctv": frozenset({"ctv", "connected_tv", "ott"}),
    "online_video": frozenset({"video", "online_video", "olv"}),
    "display": frozenset({"display", "banner"}),
    "mobile_app": frozenset({"mobile_app", "app", "in-app"}),
    "performance": frozenset({"native", "performance"}),
    "audio": frozenset({"audio"}),
    "dooh": frozenset({"dooh"}),
    "linear_tv": frozenset({"linear_tv", "linear"}),
}


class AgentCapability(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    description: str = ""
    tags: list[str] = Field(default_factory=list)


def _skills_as_capabilities(data: dict[str, Any]) -> dict[str, Any]:
    """An A2A card's ``capabilities`` object, read into our list of capabilities."""
    caps = data["capabilities"]
    skills = caps.get("skills")
    if skills is None:
        skills = data.get("skills") or []
    if not isinstance(skills, list):
        raise ValueError("capabilities.skills must be a list")
    listed = []
    for skill in skills:
        if not isinstance(skill, dict):
            raise ValueError("every skill must be an object")
        listed.append({"name": skill.get("id") or skill.get("name"),
                       "description": skill.get("description") or "",
                       "tags": skill.get("tags") or []})
    out = {**data, "capabilities": listed, "card_style": "a2a"}
    if not data.get("protocols") and isinstance(caps.get("protocols"), list):
        out["protocols"] = caps["protocols"]
    return out


class AgentCard(BaseModel):
    """A seller agent as the registry (or its ``/.well-known/agent.json``) describes it."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    agent_id: str = Field(validation_alias=AliasChoices("agent_id", "id"))
    name: str
    url: str
    protocols: list[str] = Field(default_factory=list)
    capabilities: list[AgentCapability] = Field(default_factory=list)
    trust_level: TrustLevel = TrustLevel.UNKNOWN
    inventory_types: list[str] = Field(default_factory=list)
    card_style: Literal["native", "a2a"] = Field(
        default="native", description="set by the buyer: which card shape the seller served")

    @model_validator(mode="before")
    @classmethod
    def _read_a2a_card(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("capabilities"), dict):
            return _skills_as_capabilities(data)
        return data

    def has_capability(self, wanted: str) -> bool:
        wanted = wanted.lower()
        if any(c.name.lower() == wanted or wanted in (t.lower() for t in c.tags)
               for c in self.capabilities):
            return True
        inventory = {i.lower() for i in self.inventory_types}
        return wanted in inventory or bool(inventory & INVENTORY_TYPES.get(wanted, frozenset()))


#: What a card that declares no currency is read as: the reference seller's
#: default (its packages and quotes are priced in USD).
DEFAULT_CURRENCIES = frozenset({"USD"})


def seller_currencies(card: AgentCard) -> frozenset[str]:
    """The currencies a seller's card declares (``currencies``,
    ``supported_currencies`` or ``currency``), or USD."""
    extra: Mapping[str, object] = card.model_extra or {}
    for key in ("currencies", "supported_currencies"):
        value = extra.get(key)
        if isinstance(value, list) and value:
            return frozenset(str(v).upper() for v in value)
    value = extra.get("currency")
    if isinstance(value, str) and value:
        return frozenset({value.upper()})
    return DEFAULT_CURRENCIES


class TrustInfo(BaseModel):
    """``GET {registry}/verify?agent_url=...`` or an AAMP ``/agents/{id}/trust``."""

    model_config = ConfigDict(extra="allow")

    is_registered: bool
    trust_level: TrustLevel
    registry_id: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _read_aamp_trust(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "trust_level" in data or "trust_status" not in data:
            return data
        status = str(data["trust_status"]).lower()
        level = _TRUST_WORDS.get(status, status)
        registered = data.get("is_registered", data.get("registered", level != "unknown"))
        return {**data, "trust_level": level, "is_registered": registered}
