"""Five runs started at once on a fresh home (issue #18): each creates the tables it
needs and records its first writes (its run, the sellers' performance counters) while
the others do, on SQLite and on Postgres. Every one starts and ends cleanly: no
"table already exists", no "UNIQUE constraint failed", no traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
RUNS = 5
BRIEF = ("Campaign: Together {n}. Budget $30k, flight July 1 - Sept 30 2027. Audio, adults "
         "18-34 in the US. Goal: awareness. Max $20 CPM. PD.")


@pytest.fixture
def soak(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import soak_processes

    return soak_processes


@pytest.fixture
def sellers(soak: ModuleType, tmp_path: Path) -> Iterator[str]:
    with soak.served_sandbox(tmp_path / "sellers") as box:
        yield box.registry_url


def _start_together(soak: ModuleType, home: Path, db_url: str,
                    registry_url: str) -> list[tuple[int, list[str]]]:
    home.mkdir(parents=True, exist_ok=True)
    env = soak.buyer_env(home)
    runs = [soak.BuyerProcess([*soak.ad_buyer_command(), "run", BRIEF.format(n=n),
                               "--dry-run", "--db", db_url, "--registry-url", registry_url,
                               "--reference-date", "2027-06-01"], env)
            for n in range(RUNS)]
    return [(run.finish(timeout=300), run.output()) for run in runs]


def _assert_clean(outcomes: list[tuple[int, list[str]]]) -> None:
    for code, lines in outcomes:
        text = "\n".join(lines)
        for broken in ("Traceback", "already exists", "UNIQUE constraint", "duplicate key",
                       "IntegrityError"):
            assert broken not in text, text[-3000:]
        assert code == 0, text[-3000:]
        assert "DRY RUN: planned, not booked." in text, text[-3000:]


@pytest.mark.server
def test_five_runs_at_once_on_a_fresh_sqlite_home(soak: ModuleType, sellers: str,
                                                 tmp_path: Path) -> None:
    home = tmp_path / "home"
    _assert_clean(_start_together(soak, home, f"sqlite:///{home / 'ad_buyer.db'}", sellers))


@pytest.mark.server
def test_five_runs_at_once_on_a_fresh_postgres_database(soak: ModuleType, sellers: str,
                                                       postgres_url: str,
                                                       tmp_path: Path) -> None:
    _assert_clean(_start_together(soak, tmp_path / "home", postgres_url, sellers))


# ---- the same race, made certain: processes released together by a barrier ----

WRITERS = 6
QUOTES_EACH = 15


def _first_writes(db_url: str, barrier: object, index: int) -> str:
    """One process: open the fresh database (creating its tables) and count quotes for
    one seller, all released at the same moment as the others. '' or the error."""
    from ad_buyer.events.log import RationaleLog
    from ad_buyer.orchestration.seller_performance import SellerPerformanceTracker
    from ad_buyer.storage.db import Database

    barrier.wait()  # type: ignore[attr-defined]
    try:
        database = Database(db_url)
        RationaleLog(database).start_run(name=f"writer {index}")
        tracker = SellerPerformanceTracker(database)
        for _ in range(QUOTES_EACH):
            tracker.record_quote("http://sellers.test/one", cpm_micros=12_000_000)
            tracker.record_booking("http://sellers.test/one", success=True, impressions=10)
        database.dispose()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return ""


def _race(db_url: str) -> None:
    import multiprocessing

    from ad_buyer.orchestration.seller_performance import SellerPerformanceTracker
    from ad_buyer.storage.db import Database

    context = multiprocessing.get_context("spawn")
    barrier = context.Manager().Barrier(WRITERS)
    with context.Pool(WRITERS) as pool:
        errors = pool.starmap(_first_writes, [(db_url, barrier, i) for i in range(WRITERS)])
    assert errors == [""] * WRITERS
    stats = SellerPerformanceTracker(Database(db_url)).stats("http://sellers.test/one")
    # Every increment of every process counted: none lost to another's write.
    assert stats.quotes_requested == WRITERS * QUOTES_EACH
    assert stats.bookings == WRITERS * QUOTES_EACH


def test_first_writes_race_on_a_fresh_sqlite_database(tmp_path: Path) -> None:
    _race(f"sqlite:///{tmp_path / 'fresh.db'}")


def test_first_writes_race_on_a_fresh_postgres_database(postgres_url: str) -> None:
    _race(postgres_url)
