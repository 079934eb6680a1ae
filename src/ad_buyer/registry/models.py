"""Registry wire models: agent cards and trust (PROTOCOL.md, Discovery)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import AliasChoices, BaseModel, ConfigDict, Field


class TrustLevel(StrEnum):
    """How far the registry operator has vetted an agent, most trusted first."""

    PREFERRED = "preferred"
    VERIFIED = "verified"
    REGISTERED = "registered"
    UNKNOWN = "unknown"
    BLOCKED = "blocked"


class AgentCapability(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    description: str = ""
    tags: list[str] = Field(default_factory=list)


class AgentCard(BaseModel):
    """A seller agent as the registry (or its ``/.well-known/agent.json``) describes it."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    agent_id: str = Field(validation_alias=AliasChoices("agent_id", "id"))
    name: str
    url: str
    protocols: list[str] = Field(default_factory=list)
    capabilities: list[AgentCapability] = Field(default_factory=list)
    trust_level: TrustLevel = TrustLevel.UNKNOWN

    def has_capability(self, wanted: str) -> bool:
        wanted = wanted.lower()
        return any(
            c.name.lower() == wanted or wanted in (t.lower() for t in c.tags)
            for c in self.capabilities
        )


class TrustInfo(BaseModel):
    """``GET {registry}/verify?agent_url=...``."""

    model_config = ConfigDict(extra="allow")

    is_registered: bool
    trust_level: TrustLevel
    registry_id: str | None = None
