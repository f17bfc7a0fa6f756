"""Engines and session factories, built from explicit configuration (never at import time)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool


@dataclass(frozen=True, slots=True)
class DatabaseConfig:
    """What an engine is built from; the gateway derives it from its settings.

    ``pool_size`` must cover every thread that can hold a session at the same time (see
    ``gateway.settings.Settings.database_config`` for the arithmetic): a thread that
    waits for a pooled connection while holding none can then never be starved.
    """

    url: str
    pool_size: int = 5
    max_overflow: int = 0
    pool_timeout: float = 30.0
    connect_timeout: int = 5
    sqlite_busy_timeout_ms: int = 15_000
    echo: bool = False


def build_engine(config: DatabaseConfig) -> Engine:
    url = make_url(config.url)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, config)
    return create_engine(url, **_server_engine_options(config))


def build_async_engine(config: DatabaseConfig) -> AsyncEngine | None:
    """The asyncio twin of :func:`build_engine` for a database server, None for SQLite.

    SQLite runs inside this process: a statement is CPU work here, with no network wait
    for an event loop to overlap, and its asyncio driver only adds a thread hop per
    call. PostgreSQL's psycopg speaks asyncio natively (the same URL selects it).
    """
    url = make_url(config.url)
    if url.get_backend_name() == "sqlite":
        return None
    return create_async_engine(url, **_server_engine_options(config))


def _server_engine_options(config: DatabaseConfig) -> dict[str, Any]:
    return {
        "pool_size": config.pool_size,
        "max_overflow": config.max_overflow,
        "pool_timeout": config.pool_timeout,
        # No ping per checkout: it would add a round trip to every request. A connection
        # the server has dropped fails its statement instead; that request is a 503 (see
        # shared_db.errors.unavailable_from), and SQLAlchemy, seeing a disconnect,
        # invalidates every connection of its pool: a restart costs one 503 per pool, not
        # one per pooled connection.
        "pool_pre_ping": False,
        "pool_recycle": 1800,
        "connect_args": {
            "connect_timeout": config.connect_timeout,
            # Memoize caches a nested loop's inner lookups in a hash table that PostgreSQL
            # sizes from the join's row estimate before the LIMIT applies: a page of 20
            # builds, estimated at the whole table, spent 2.6 ms of its 3.3 ms setting
            # that table up. The setting holds for every query of these connections, the
            # usage aggregates (which scan tables) included; it was measured on pages.
            "options": "-c enable_memoize=off",
        },
        "echo": config.echo,
    }


def _sqlite_engine(url: URL, config: DatabaseConfig) -> Engine:
    in_memory = url.database in (None, "", ":memory:")
    # An in-memory database lives in its one connection: every session must share it.
    pooling: dict[str, Any] = (
        {"poolclass": StaticPool}
        if in_memory
        else {
            "pool_size": config.pool_size,
            "max_overflow": config.max_overflow,
            "pool_timeout": config.pool_timeout,
        }
    )
    engine = create_engine(
        url,
        **pooling,
        # Sessions move between threads (FastAPI's pool, a2wsgi's pool) but are only ever
        # used by one thread at a time.
        connect_args={"check_same_thread": False, "timeout": config.sqlite_busy_timeout_ms / 1000},
        echo=config.echo,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin, so that
        # reads are transactional and SAVEPOINT works (the driver's legacy mode breaks both).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {config.sqlite_busy_timeout_ms}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


class Database:
    """The engines and session factories of one database, owned by whoever runs the app.

    Every database has a sync engine (the legacy app, commands, the seeder). A database
    server also gets an asyncio engine (:func:`build_async_engine`), which the v1 API
    drives from its event loop; its sessions run the same sync query functions through
    ``AsyncSession.run_sync``. Both pools fill lazily, each up to ``pool_size``.

    The app factories receive a ``Database`` that is not started yet; the gateway's
    lifespan (or the command line) calls :meth:`start` and :meth:`dispose`.
    """

    def __init__(self, config: DatabaseConfig) -> None:
        self.config = config
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._no_wait_engine: Engine | None = None
        self._no_wait_sessions: sessionmaker[Session] | None = None
        self._async_engine: AsyncEngine | None = None
        self._async_sessions: async_sessionmaker[AsyncSession] | None = None
        self._owns_engine = True

    @classmethod
    def bound_to(cls, connection: Connection) -> Database:
        """A database whose sessions run inside ``connection``'s open transaction.

        Each session works in a SAVEPOINT, so its commit and rollback behave as usual while
        the outer transaction (a test's) decides what finally stays. It has no asyncio
        engine: one connection is either sync or asyncio, and this one is sync.
        """
        url = connection.engine.url.render_as_string(hide_password=False)
        database = cls(DatabaseConfig(url=url))
        database.bind(connection)
        return database

    def bind(self, connection: Connection) -> None:
        """From now on, sessions run inside ``connection``'s open transaction (see
        :meth:`bound_to`); an app built around this database follows it there."""
        if self._owns_engine and self._engine is not None:
            raise RuntimeError("a started database owns its engine; bind a new one instead")
        self._engine = connection.engine
        self._owns_engine = False
        self._sessions = sessionmaker(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        self._no_wait_sessions = self._sessions

    @property
    def owns_engine(self) -> bool:
        """False for a database bound to one connection (:meth:`bound_to`)."""
        return self._owns_engine

    @property
    def started(self) -> bool:
        return self._sessions is not None

    def start(self) -> None:
        if self._sessions is not None:
            return
        self._engine = build_engine(self.config)
        self._sessions = sessionmaker(bind=self._engine, expire_on_commit=False)
        self._no_wait_sessions = self._sessions
        url = make_url(self.config.url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            # One connection: its sessions run on the event loop, one at a time.
            impatient = replace(self.config, pool_size=1, max_overflow=0, sqlite_busy_timeout_ms=0)
            self._no_wait_engine = _sqlite_engine(url, impatient)
            self._no_wait_sessions = sessionmaker(bind=self._no_wait_engine, expire_on_commit=False)
        self._async_engine = build_async_engine(self.config)
        if self._async_engine is not None:
            self._async_sessions = async_sessionmaker(self._async_engine, expire_on_commit=False)

    def dispose(self) -> None:
        """Close the pools' connections; a database bound to a connection keeps working."""
        if not self._owns_engine:
            return
        if self._engine is not None:
            self._engine.dispose()
        if self._no_wait_engine is not None:
            self._no_wait_engine.dispose()
        if self._async_engine is not None:
            # The asyncio pool's connections are closed without awaiting: dispose() runs
            # after the event loop has served its last request.
            self._async_engine.sync_engine.dispose(close=False)
        self._engine = None
        self._sessions = None
        self._no_wait_engine = None
        self._no_wait_sessions = None
        self._async_engine = None
        self._async_sessions = None

    async def dispose_async(self) -> None:
        """Close the asyncio pool's connections on the event loop that used them."""
        if self._owns_engine and self._async_engine is not None:
            await self._async_engine.dispose()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise RuntimeError("Database.start() has not been called")
        return self._engine

    @property
    def async_sessions(self) -> async_sessionmaker[AsyncSession] | None:
        """The asyncio session factory, or None where the work runs on sync sessions
        (SQLite, and a database bound to a connection)."""
        if self._sessions is None:
            raise RuntimeError("Database.start() has not been called")
        return self._async_sessions

    def session(self) -> Session:
        """A new session; no connection is taken until it first talks to the database."""
        if self._sessions is None:
            raise RuntimeError("Database.start() has not been called")
        return self._sessions()

    def no_wait_session(self) -> Session:
        """A session that never waits for another connection's lock.

        On a SQLite file its statements fail at once with "database is locked" (see
        :func:`shared_db.errors.is_lock_wait`) where a plain session would wait up to
        ``sqlite_busy_timeout_ms`` for the write lock; the v1 API runs its work on the
        event loop in one of these, and waits for the lock in a thread only when it must.
        Elsewhere (a database server, one shared connection) it is a plain session.
        """
        if self._no_wait_sessions is None:
            raise RuntimeError("Database.start() has not been called")
        return self._no_wait_sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work outside a web request (commands, the seeder)."""
        with self.session() as session, session.begin():
            yield session


@contextmanager
def lock_wait_at_most(session: Session, seconds: float) -> Iterator[None]:
    """Within the block, the session waits at most ``seconds`` for another connection's
    lock (background work, which must not hold up a shutdown behind a long lock)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(seconds * 1000)}ms'")
        yield  # SET LOCAL ends with the transaction
        return
    if connection.dialect.name != "sqlite":
        yield
        return
    previous = connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one()
    connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(previous)}")
