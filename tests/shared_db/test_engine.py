from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.orm import Session

from shared_db.engine import (
    Database,
    DatabaseConfig,
    build_async_engine,
    build_engine,
    lock_wait_at_most,
)
from shared_db.errors import DatabaseUnavailable, is_lock_wait, unavailable_from
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


class TestNoWaitSessions:
    """The sessions the v1 API runs on its event loop never wait for a SQLite lock."""

    @pytest.fixture
    def sqlite_file(self, tmp_path: Path) -> Iterator[Database]:
        database = Database(DatabaseConfig(url=f"sqlite:///{tmp_path / 'x.db'}"))
        database.start()
        with database.transaction() as session:
            session.execute(text("CREATE TABLE t (x INTEGER)"))
        yield database
        database.dispose()

    def test_a_write_behind_a_held_lock_fails_at_once(self, sqlite_file: Database) -> None:
        database = sqlite_file
        with database.session() as holder, database.no_wait_session() as impatient:
            holder.execute(text("INSERT INTO t VALUES (1)"))  # holds the write lock
            started = time.monotonic()
            with pytest.raises(sa_exc.OperationalError) as raised:
                impatient.execute(text("INSERT INTO t VALUES (2)"))
            waited = time.monotonic() - started

        assert is_lock_wait(raised.value)
        assert waited < 1  # a plain session would wait for sqlite_busy_timeout_ms (15 s)

    def test_a_read_does_not_wait_for_a_writer(self, sqlite_file: Database) -> None:
        database = sqlite_file
        with database.session() as holder, database.no_wait_session() as impatient:
            holder.execute(text("INSERT INTO t VALUES (1)"))

            assert impatient.execute(text("SELECT count(*) FROM t")).scalar_one() == 0

    def test_no_wait_sessions_need_start(self) -> None:
        with pytest.raises(RuntimeError, match="start"):
            Database(DatabaseConfig(url="sqlite://")).no_wait_session()

    def test_a_file_gets_its_own_engine_of_one_connection(self, sqlite_file: Database) -> None:
        with sqlite_file.no_wait_session() as session:
            engine = session.get_bind()
            assert engine is not sqlite_file.engine
            assert engine.pool.size() == 1  # type: ignore[union-attr]

    def test_in_memory_they_are_plain_sessions(self) -> None:
        database = Database(DatabaseConfig(url="sqlite://"))
        database.start()
        try:
            with database.no_wait_session() as session:
                assert session.get_bind() is database.engine
        finally:
            database.dispose()

    def test_a_bound_database_gives_plain_sessions(self, database: Database) -> None:
        with database.no_wait_session() as session, database.session() as plain:
            assert session.get_bind() is plain.get_bind()

    def test_other_errors_are_no_lock_waits(self) -> None:
        error = sa_exc.OperationalError("SELECT", {}, Exception("no such table: t"))
        assert not is_lock_wait(error)
        assert not is_lock_wait(sa_exc.IntegrityError("INSERT", {}, Exception("unique")))


class TestPostgresEngine:
    CONFIG = DatabaseConfig(
        url="postgresql+psycopg://u@127.0.0.1:5432/x", pool_size=50, max_overflow=3
    )

    def test_pool_is_sized_from_the_config(self) -> None:
        engine = build_engine(self.CONFIG)

        assert engine.pool.size() == 50  # type: ignore[attr-defined]
        assert engine.pool._max_overflow == 3  # type: ignore[attr-defined]
        # No ping per checkout (a round trip per request); a dead connection is found by
        # the request that hits it, which answers 503 and renews the pool (see
        # tests/gateway/test_reconnect.py), and idle ones are replaced after 30 minutes.
        assert engine.pool._pre_ping is False
        assert engine.pool._recycle == 1800

    def test_the_async_engine_is_psycopg_on_the_same_pool_settings(self) -> None:
        engine = build_async_engine(self.CONFIG)

        assert engine is not None
        assert (engine.dialect.driver, engine.dialect.is_async) == ("psycopg", True)
        assert engine.url == build_engine(self.CONFIG).url
        pool = engine.sync_engine.pool
        assert (pool.size(), pool._max_overflow, pool._recycle) == (50, 3, 1800)  # type: ignore[attr-defined]

    def test_sqlite_has_no_async_engine(self) -> None:
        assert build_async_engine(DatabaseConfig(url="sqlite://")) is None


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

    def test_async_sessions_need_start(self) -> None:
        with pytest.raises(RuntimeError, match="start"):
            _ = Database(DatabaseConfig(url="sqlite://")).async_sessions

    def test_a_bound_database_has_no_async_sessions(self, database: Database) -> None:
        # One connection is either sync or asyncio; a test's is sync, so v1 work on it
        # runs on sync sessions.
        assert database.async_sessions is None

    async def test_server_connections_plan_without_memoize(self, database_url: str) -> None:
        if database_url.startswith("sqlite"):
            pytest.skip("a PostgreSQL planner setting")
        database = Database(DatabaseConfig(url=database_url))
        database.start()
        try:
            with database.session() as session:
                sync_setting = session.execute(text("SHOW enable_memoize")).scalar_one()
            sessions = database.async_sessions
            assert sessions is not None
            async with sessions() as async_session:
                async_setting = (
                    await async_session.execute(text("SHOW enable_memoize"))
                ).scalar_one()
        finally:
            await database.dispose_async()
            database.dispose()

        assert (sync_setting, async_setting) == ("off", "off")

    async def test_a_server_database_gets_async_sessions(self, database_url: str) -> None:
        database = Database(DatabaseConfig(url=database_url))
        database.start()
        try:
            sessions = database.async_sessions
            if database_url.startswith("sqlite"):
                assert sessions is None
                return
            assert sessions is not None
            async with sessions() as session:
                assert (await session.execute(text("SELECT 1"))).scalar_one() == 1
        finally:
            await database.dispose_async()
            database.dispose()

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


class TestLockWaitAtMost:
    def test_bounds_the_lock_wait_in_the_block_only(self, session: Session) -> None:
        connection = session.connection()
        if connection.dialect.name == "postgresql":
            before = connection.exec_driver_sql("SHOW lock_timeout").scalar_one()
            with lock_wait_at_most(session, 0.25):
                assert connection.exec_driver_sql("SHOW lock_timeout").scalar_one() == "250ms"
            session.rollback()  # SET LOCAL ends with its transaction
            assert session.connection().exec_driver_sql("SHOW lock_timeout").scalar_one() == before
            return
        before = connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one()
        with lock_wait_at_most(session, 0.25):
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 250
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == before
