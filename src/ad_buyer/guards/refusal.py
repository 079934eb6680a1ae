"""The typed refusal of a policy limit."""

from __future__ import annotations


class GuardRefusal(Exception):
    """A guard refused a call before any money moved; the model is told why.

    Only this (and its subclasses) is a refusal: any other exception raised by a
    tool is an error of the run, never shown to a model as a policy decision.
    """
