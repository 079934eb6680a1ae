"""The built-in offline model's name and its deterministic token count.

The offline model is not a language model and never claims to be one: it is
the rule-based policy in :mod:`ad_buyer.crew.policy`, plugged into CrewAI by
:class:`ad_buyer.crew.agent_llms.OfflineLLM`, and labelled "offline" in every
log and report.
"""

from __future__ import annotations

import re

OFFLINE_MODEL_NAME = "offline"
_TOKEN = re.compile(r"\w+|[^\w\s]")


def count_tokens(text: str) -> int:
    """Deterministic token count: words and punctuation marks."""
    return len(_TOKEN.findall(text))
