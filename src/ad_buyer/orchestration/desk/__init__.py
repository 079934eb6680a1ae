"""One channel's buying desk: discover, read media kits, quote, negotiate, book.

``ChannelDesk`` and ``DeskRefusal`` load on first use from ``channel_desk``.
"""

from __future__ import annotations

from ad_buyer.lazy_exports import lazy_exports

__all__ = ["ChannelDesk", "DeskRefusal"]

__getattr__, __dir__ = lazy_exports(
    __name__, {"channel_desk": ["ChannelDesk", "DeskRefusal"]}, globals())
