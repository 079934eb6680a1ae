"""The sandbox sellers' wire shapes, one module per dialect.

``native``: PROTOCOL.md's main sections. ``reference``: its section "What the
reference seller really sends" (checked against the IAB seller reference).
Requests are parsed and responses written with these models only; nothing
here comes from the buyer's packages.
"""
