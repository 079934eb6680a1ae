"""Pydantic models shared across the buyer: wire (seller API) and domain."""
