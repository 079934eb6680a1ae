"""Every ``ad-buyer`` command; ``app`` (the entry point ``ad_buyer.cli:app``) is in ``main``.

``app`` loads on first use, so importing one command module stays light.
"""

from __future__ import annotations

from ad_buyer.lazy_exports import lazy_exports

__all__ = ["app"]

__getattr__, __dir__ = lazy_exports(__name__, {"main": ["app"]}, globals())
