"""Seller performance: win rate, booking failures, delivery rate, price trend.

Counters and price points per seller URL are stored durably. ``reliability``
(0-1) folds booking success and delivery into one number with a neutral prior
(Laplace smoothing), so a new seller is neither favoured nor punished; the
orchestrator passes it to :class:`QuoteNormalizer` as the optional reliability
component of the score.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer, String, select, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from ad_buyer.storage.db import Base, Database


def _now() -> datetime:
    return datetime.now(UTC)


class SellerStatsRow(Base):
    __tablename__ = "seller_performance"

    seller_url: Mapped[str] = mapped_column(String(500), primary_key=True)
    quotes_requested: Mapped[int] = mapped_column(Integer, default=0)
    quotes_received: Mapped[int] = mapped_column(Integer, default=0)
    bookings: Mapped[int] = mapped_column(Integer, default=0)
    booking_failures: Mapped[int] = mapped_column(Integer, default=0)
    booked_impressions: Mapped[int] = mapped_column(BigInteger, default=0)
    delivered_impressions: Mapped[int] = mapped_column(BigInteger, default=0)
    expected_impressions: Mapped[int] = mapped_column(BigInteger, default=0)


class SellerPricePointRow(Base):
    __tablename__ = "seller_price_points"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    seller_url: Mapped[str] = mapped_column(String(500), index=True)
    cpm_micros: Mapped[int] = mapped_column(BigInteger)
    observed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


_COUNTERS = ("quotes_requested", "quotes_received", "bookings", "booking_failures",
             "booked_impressions", "delivered_impressions", "expected_impressions")
_UPSERTS: dict[str, Callable[[Any], Any]] = {"sqlite": sqlite_insert,
                                             "postgresql": postgres_insert}


@dataclass(frozen=True)
class SellerStats:
    seller_url: str
    quotes_requested: int
    quotes_received: int
    bookings: int
    booking_failures: int
    win_rate: float  # bookings per quote received
    booking_failure_rate: float
    delivery_rate: float | None  # delivered / expected-to-date, None before any report
    price_trend_pct: float | None  # last vs first of the recent price points
    reliability: float


class SellerPerformanceTracker:
    """Durable per-seller counters; all methods are cheap, synchronous writes."""

    def __init__(self, db: Database, *, price_window: int = 20) -> None:
        self.db = db
        self.price_window = price_window
        db.ensure_tables()

    @staticmethod
    def _add(session: Session, seller_url: str, **counts: int) -> None:
        """Add ``counts`` to the seller's counters in SQL (``col = col + n``), creating its
        row first with an upsert: processes recording at once neither collide on the
        new row nor lose an increment."""
        zeros = {name: 0 for name in _COUNTERS}
        dialect = session.get_bind().dialect.name
        if dialect in _UPSERTS:
            session.execute(_UPSERTS[dialect](SellerStatsRow)
                            .values(seller_url=seller_url, **zeros)
                            .on_conflict_do_nothing(index_elements=["seller_url"]))
        elif session.get(SellerStatsRow, seller_url) is None:
            session.add(SellerStatsRow(seller_url=seller_url, **zeros))
            session.flush()
        columns = SellerStatsRow.__table__.c
        session.execute(update(SellerStatsRow)
                        .where(SellerStatsRow.seller_url == seller_url)
                        .values({columns[name]: columns[name] + n for name, n in counts.items()}))

    def record_quote(self, seller_url: str, *, cpm_micros: int | None) -> None:
        """A quote request and its answer (``cpm_micros`` None when it failed)."""
        with self.db.session() as s:
            received = int(cpm_micros is not None)
            self._add(s, seller_url, quotes_requested=1, quotes_received=received)
            if cpm_micros is not None:
                s.add(SellerPricePointRow(seller_url=seller_url, cpm_micros=cpm_micros))

    def record_booking(self, seller_url: str, *, success: bool, impressions: int = 0) -> None:
        with self.db.session() as s:
            if success:
                self._add(s, seller_url, bookings=1, booked_impressions=impressions)
            else:
                self._add(s, seller_url, booking_failures=1)

    def record_delivery(self, seller_url: str, *, delivered: int, expected: int) -> None:
        """Delivery against what the flight should have delivered by now."""
        with self.db.session() as s:
            self._add(s, seller_url, delivered_impressions=delivered,
                      expected_impressions=expected)

    def record_deliveries(self, deliveries: dict[str, tuple[int, int]]) -> None:
        """Several sellers' (delivered, expected) impressions, in one transaction."""
        with self.db.session() as s:
            for seller_url, (delivered, expected) in sorted(deliveries.items()):
                self._add(s, seller_url, delivered_impressions=delivered,
                          expected_impressions=expected)

    def stats(self, seller_url: str) -> SellerStats:
        with self.db.session() as s:
            row = s.get(SellerStatsRow, seller_url) or SellerStatsRow(
                seller_url=seller_url, **{name: 0 for name in _COUNTERS})
            prices = list(s.scalars(
                select(SellerPricePointRow.cpm_micros)
                .where(SellerPricePointRow.seller_url == seller_url)
                .order_by(SellerPricePointRow.id.desc()).limit(self.price_window)).all())
            return self._stats(row, list(reversed(prices)))

    def reliability_map(self, seller_urls: list[str]) -> dict[str, float]:
        return {url: self.stats(url).reliability for url in seller_urls}

    @staticmethod
    def _stats(row: SellerStatsRow, prices: list[int]) -> SellerStats:
        attempts = row.bookings + row.booking_failures
        delivery = (min(row.delivered_impressions / row.expected_impressions, 1.0)
                    if row.expected_impressions else None)
        trend = None
        if len(prices) >= 2 and prices[0] > 0:
            trend = round((prices[-1] - prices[0]) / prices[0] * 100, 4)
        booking_success = (row.bookings + 1) / (attempts + 2)
        reliability = booking_success * (delivery if delivery is not None else 1.0)
        return SellerStats(
            seller_url=row.seller_url,
            quotes_requested=row.quotes_requested,
            quotes_received=row.quotes_received,
            bookings=row.bookings,
            booking_failures=row.booking_failures,
            win_rate=row.bookings / row.quotes_received if row.quotes_received else 0.0,
            booking_failure_rate=row.booking_failures / attempts if attempts else 0.0,
            delivery_rate=delivery,
            price_trend_pct=trend,
            reliability=round(reliability, 6),
        )
