"""The crew: agent definitions, assembly, the agents' guarded tools, the offline policy,
the pacing handoff and the run (the money limits the tools work within are
:mod:`ad_buyer.guards`).

Public API (import from the modules; importing this package stays light):

- ``ad_buyer.crew.definitions``: ``load_definitions``
- ``ad_buyer.guards.allocation``: ``propose_allocation``, ``adjust_allocation``
- ``ad_buyer.crew.agent_llms``: ``crewai_llm``
- ``ad_buyer.crew.run``: ``run_campaign``

Brief reading is in :mod:`ad_buyer.intake`, the model gateway in :mod:`ad_buyer.llm`,
the log and report rendering in :mod:`ad_buyer.reporting`, the commands in :mod:`ad_buyer.cli`.
"""
