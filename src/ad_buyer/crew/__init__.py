"""The crew: brief intake, LLM gateway, definitions, guarded tools, runs (the money
limits the tools work within are :mod:`ad_buyer.guards`).

Public API (import from the modules; importing this package stays light):

- ``ad_buyer.crew.intake``: ``extract_brief``, ``require_brief``
- ``ad_buyer.crew.llm``: ``resolve_model``, ``chat_model``, ``crewai_llm``, ``ModelTier``
- ``ad_buyer.crew.offline``: ``OfflineLLM`` (deterministic, labelled "offline")
- ``ad_buyer.crew.definitions``: ``load_definitions``
- ``ad_buyer.crew.untrusted``: ``wrap_untrusted``, ``untrusted_records``
- ``ad_buyer.crew.phase_usage``: ``crew_llms``, ``token_counts``, ``phase_usage``
- ``ad_buyer.crew.run``: ``run_campaign``
"""
