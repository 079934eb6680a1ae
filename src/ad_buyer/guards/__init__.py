"""The money guards: every limit an agent works within, decided in plain Python.

- :mod:`ad_buyer.guards.refusal`: :class:`GuardRefusal`, the one typed refusal
  for a policy limit (what a model is told; anything else is an error of the run);
- :mod:`ad_buyer.guards.allocation`: the deterministic budget split and the
  channel-move guard, measured against the approved starting split;
- :mod:`ad_buyer.guards.spend`: what a money-committing tool may spend, and what
  happens when a seller books more than agreed (the money is recorded and the
  run says it is over budget);
- :mod:`ad_buyer.guards.shares`: the per-seller share of a channel, held in total;
- :mod:`ad_buyer.guards.run_limits`: the run's effort limits (tool calls,
  delegations per channel).

Nothing here imports the crew or an LLM library (a test checks the import graph).
"""
