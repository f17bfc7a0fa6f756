from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.orm import Session

from shared_db.engine import Database, DatabaseConfig, build_engine
from shared_db.errors import DatabaseUnavailable, unavailable_from
from shared_db.migrate import current_heads
from shared_db.queries.health import database_health


class TestSQLiteEngine:
    def test_foreign_keys_and_wal_are_on(self, tmp_path: Path) -> None:
        engine = build_engine(DatabaseConfig(url=f"sqlite:///{tmp_path / 'x.db'}"))
        try:
            with engine.connect() as connection:
                foreign_keys = connection.execute(text("PRAGMA foreign_keys")).scalar_one()
                journal = connection.execute(text("PRAGMA journal_mode")).scalar_one()
        finally:
            engine.dispose()

        assert (foreign_keys, journal) == (1, "wal")

    def test_savepoints_roll_back_inside_a_transaction(self, tmp_path: Path) -> None:
        engine = build_engine(DatabaseConfig(url=f"sqlite:///{tmp_path / 'x.db'}"))
        try:
            with engine.begin() as connection:
                connection.execute(text("CREATE TABLE t (x INTEGER)"))
            with engine.connect() as connection, connection.begin():
                savepoint = connection.begin_nested()
                connection.execute(text("INSERT INTO t VALUES (1)"))
                savepoint.rollback()
                rows = connection.execute(text("SELECT count(*) FROM t")).scalar_one()
        finally:
            engine.dispose()

        assert rows == 0


class TestPostgresEngine:
    def test_pool_is_sized_from_the_config(self) -> None:
        config = DatabaseConfig(
            url="postgresql+psycopg://u@127.0.0.1:5432/x", pool_size=50, max_overflow=3
        )
        engine = build_engine(config)

        assert engine.pool.size() == 50  # type: ignore[attr-defined]
        assert engine.pool._max_overflow == 3  # type: ignore[attr-defined]
        assert engine.pool._pre_ping is True


class TestDatabase:
    def test_sessions_need_start(self) -> None:
        database = Database(DatabaseConfig(url="sqlite://"))

        with pytest.raises(RuntimeError, match="start"):
            database.session()

    def test_start_is_idempotent_and_dispose_stops(self, tmp_path: Path) -> None:
        database = Database(DatabaseConfig(url=f"sqlite:///{tmp_path / 'x.db'}"))
        database.start()
        engine = database.engine
        database.start()

        assert database.engine is engine
        database.dispose()
        assert not database.started

    def test_bound_database_survives_dispose(self, database: Database) -> None:
        database.dispose()

        with database.session() as session:
            assert session.execute(text("SELECT 1")).scalar_one() == 1


class TestHealth:
    def test_reads_revision_and_counts(self, session: Session) -> None:
        health = database_health(session)

        assert health.schema_revision in current_heads()
        assert health.projects == 0
        assert health.backend in {"sqlite", "postgresql"}


class TestUnavailable:
    def test_operational_error_means_unavailable(self) -> None:
        error = sa_exc.OperationalError("SELECT 1", {}, Exception("connection refused"))

        assert isinstance(unavailable_from(error), DatabaseUnavailable)

    def test_full_pool_means_unavailable(self) -> None:
        unavailable = unavailable_from(sa_exc.TimeoutError("QueuePool limit reached"))

        assert unavailable is not None
        assert unavailable.status_code == 503

    def test_integrity_error_is_not_an_outage(self) -> None:
        error = sa_exc.IntegrityError("INSERT", {}, Exception("duplicate key"))

        assert unavailable_from(error) is None


def test_an_in_memory_sqlite_database_is_shared_by_its_sessions() -> None:
    database = Database(DatabaseConfig(url="sqlite://", pool_size=3, max_overflow=2))
    database.start()
    try:
        with database.transaction() as session:
            session.execute(text("CREATE TABLE t (x INTEGER)"))
            session.execute(text("INSERT INTO t VALUES (1)"))
        with database.transaction() as session:
            assert session.execute(text("SELECT x FROM t")).scalar_one() == 1
    finally:
        database.dispose()
