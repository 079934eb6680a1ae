"""Reading a brief: plain-text rules, an optional model read, the checks before a run.

No crew and no model SDK is imported here: a brief is read, and refused, before either loads.
"""
