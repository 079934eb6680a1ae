"""ad-buyer: an open-source agentic media buyer.

LLMs decide what to ask for; plain, tested Python decides what money moves.
"""

from __future__ import annotations

import os

# litellm downloads a model cost map at import and CrewAI sends telemetry; on an
# offline machine both retry noisily. Set quiet defaults without overriding a user.
for _name, _value in (
    ("LITELLM_LOCAL_MODEL_COST_MAP", "True"),
    ("CREWAI_DISABLE_TELEMETRY", "true"),
    ("OTEL_SDK_DISABLED", "true"),
):
    os.environ.setdefault(_name, _value)

__version__ = "0.1.0"
