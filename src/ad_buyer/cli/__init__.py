"""Every ``ad-buyer`` command. ``app`` (the Typer app, ``ad_buyer.cli:app``) and
``console_script`` (the installed command: ``app``, with a quick exit after a run) are in
``ad_buyer.cli.main``.

Both load on first use, so importing one command module stays light.
"""

from __future__ import annotations

from ad_buyer.lazy_exports import lazy_exports

__all__ = ["app", "console_script"]

__getattr__, __dir__ = lazy_exports(__name__, {"main": ["app", "console_script"]}, globals())
