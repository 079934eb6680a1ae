"""Durable runs on DBOS: a campaign run is a workflow, every side effect a step."""
