from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from ad_buyer.storage.db import Base, Database, default_database_url


class _Note(Base):
    __tablename__ = "test_storage_note"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(50))


def test_sqlite_file_is_created_and_transactions_commit_or_roll_back(tmp_path):
    db = Database(f"sqlite:///{tmp_path}/nested/buyer.db")
    with db.session() as session:
        session.add(_Note(text="kept"))
    try:
        with db.session() as session:
            session.add(_Note(text="lost"))
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with db.session() as session:
        assert [n.text for n in session.scalars(select(_Note))] == ["kept"]
    assert (tmp_path / "nested" / "buyer.db").exists()
    db.dispose()


def test_default_url_honours_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("AD_BUYER_DATABASE_URL", "sqlite:///:memory:")
    assert default_database_url() == "sqlite:///:memory:"
    monkeypatch.delenv("AD_BUYER_DATABASE_URL")
    monkeypatch.setenv("AD_BUYER_HOME", str(tmp_path))
    assert default_database_url() == f"sqlite:///{tmp_path}/ad_buyer.db"
