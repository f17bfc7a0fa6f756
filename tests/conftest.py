"""Fixtures shared by the whole suite.

The database is built by Alembic once per run: a temporary SQLite file, or, when
TEST_DATABASE_URL is set, a fresh PostgreSQL database created next to the one that URL
names (and dropped afterwards). Each test runs inside a transaction that is rolled back.

``TEST_LEGACY_APP=off`` runs the chosen tests with Flask off: the gateway is started
without importing Flask, every legacy operation cut over in every test database, and
``legacy_client`` sends the legacy tests' requests through it (tests marked ``flask``,
which need the Flask app itself, are left out).
"""

from __future__ import annotations

import inspect
import os
import secrets
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from starlette.applications import Starlette

from api_v1.legacy.app import declared_operations
from gateway.app import create_app
from gateway.settings import Settings
from shared_db.engine import Database, DatabaseConfig, build_engine
from shared_db.migrate import upgrade
from shared_db.models import MigrationMode, OperationState
from shared_db.seed import SeedOptions, seed_database
from tests.legacy_client import LegacyClient, gateway_client

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
FLASK_OFF = {"on": False, "off": True}[os.environ.get("TEST_LEGACY_APP", "on")]
LEGACY_APP: Literal["on", "off"] = "off" if FLASK_OFF else "on"
# Modules that test the Flask app itself: not even imported with Flask off.
collect_ignore = (
    [
        "legacy_flask/test_app.py",
        "legacy_flask/test_errors.py",
        "gateway/test_wsgi.py",
        "gateway/test_legacy_mount.py",
    ]
    if FLASK_OFF
    else []
)

# Secrets the test gateway and test legacy app are configured with.
GITHUB_SECRET = "github-test-secret"
GITLAB_TOKEN = "gitlab-test-token"
TESTING_FARM_SECRET = "testing-farm-test-secret"
SEEDED_BUILDS = 300


def pytest_report_header() -> str:
    if TEST_DATABASE_URL:
        shown = make_url(TEST_DATABASE_URL).render_as_string(hide_password=True)
        return f"database: postgresql ({shown})"
    return "database: sqlite (temporary file)"


@pytest.hookimpl(wrapper=True)
def pytest_pycollect_makeitem(collector: pytest.Collector, name: str, obj: object) -> object:
    # Mark coroutine tests for anyio before parametrization, so they parametrize as usual.
    if inspect.iscoroutinefunction(obj):
        pytest.mark.anyio(obj)
    return (yield)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not FLASK_OFF:
        return
    kept = [item for item in items if item.get_closest_marker("flask") is None]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The Flask-off run proves Flask can go: nothing it ran may have imported it."""
    loaded = [name for name in ("flask", "flask_restx", "a2wsgi") if name in sys.modules]
    if FLASK_OFF and loaded:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print(f"\nFlask off, yet imported: {', '.join(loaded)}", file=sys.stderr)


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


def cut_over_everything(url: str) -> None:
    """Every declared operation in mode ``cutover``, committed (the Flask-off runs)."""
    database = Database(DatabaseConfig(url=url, pool_size=1, max_overflow=0))
    database.start()
    try:
        with database.transaction() as session:
            for operation in declared_operations():
                session.merge(
                    OperationState(
                        operation_id=operation.id, mode=MigrationMode.cutover, shadow_rate=0.0
                    )
                )
    finally:
        database.dispose()


class DatabaseFactory:
    """Makes empty databases of the backend under test; drops them at the end."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.created: list[str] = []

    def empty(self) -> str:
        if not TEST_DATABASE_URL:
            return f"sqlite:///{self.tmp_path / f'{secrets.token_hex(6)}.db'}"
        name = f"gateway_test_{os.getpid()}_{secrets.token_hex(4)}"
        try:
            with self._admin() as admin, admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        except OperationalError as error:
            # A PostgreSQL run without PostgreSQL must fail loudly, once, not skip.
            pytest.exit(f"TEST_DATABASE_URL is set but unreachable: {error.orig}", returncode=1)
        self.created.append(name)
        return make_url(TEST_DATABASE_URL).set(database=name).render_as_string(False)

    def migrated(self) -> str:
        url = self.empty()
        upgrade(url)
        if FLASK_OFF:
            cut_over_everything(url)
        return url

    def seeded(self, seed: int, builds: int) -> str:
        """A migrated database holding the seeder's demo data, committed."""
        url = self.migrated()
        database = Database(DatabaseConfig(url=url, pool_size=1, max_overflow=0))
        database.start()
        try:
            with database.transaction() as session:
                seed_database(session, SeedOptions(seed=seed, builds=builds))
        finally:
            database.dispose()
        return url

    def drop_all(self) -> None:
        if not self.created:
            return
        with self._admin() as admin, admin.connect() as connection:
            for name in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    class _AdminEngine:
        def __init__(self) -> None:
            assert TEST_DATABASE_URL
            self.engine = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")

        def __enter__(self) -> Engine:
            return self.engine

        def __exit__(self, *_: object) -> None:
            self.engine.dispose()

    def _admin(self) -> DatabaseFactory._AdminEngine:
        return self._AdminEngine()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"))
    yield factory
    factory.drop_all()


@pytest.fixture(scope="session")
def database_url(databases: DatabaseFactory) -> str:
    """The migrated database every test shares (each inside its own transaction)."""
    return databases.migrated()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = build_engine(DatabaseConfig(url=database_url, pool_size=5, max_overflow=5))
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            transaction.rollback()


@pytest.fixture
def database(connection: Connection) -> Database:
    """Sessions of this database commit into the test's transaction, which is rolled back."""
    return Database.bound_to(connection)


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.session() as session:
        yield session


def make_settings(url: str, **overrides: Any) -> Settings:
    """The test gateway's settings (validated, overrides included)."""
    values: dict[str, Any] = {
        "database_url": url,
        "wsgi_threads": 2,
        "api_threads": 4,
        "github_webhook_secret": SecretStr(GITHUB_SECRET),
        "gitlab_webhook_token": SecretStr(GITLAB_TOKEN),
        "testing_farm_secret": SecretStr(TESTING_FARM_SECRET),
        "mode_refresh_seconds": 0,
        "background_jobs": False,
        "freeze_heap": False,
        "legacy_app": LEGACY_APP,
    }
    return Settings(**{**values, **overrides}, _env_file=None)


class Apps:
    """Apps built once per run and settings, each around a database of its own that every
    test binds to its connection: building a gateway (three apps, the twin registry) for
    every test cost more than most tests."""

    def __init__(self) -> None:
        self._built: dict[tuple[str, str], tuple[Any, Database]] = {}

    @staticmethod
    def _key(settings: Settings) -> str:
        values = {
            name: value.get_secret_value() if isinstance(value, SecretStr) else value
            for name, value in settings
        }
        return repr(sorted(values.items()))

    def _get(self, kind: str, settings: Settings, connection: Connection, build: Any) -> Any:
        key = (kind, self._key(settings))
        if key not in self._built:
            database = Database.bound_to(connection)
            self._built[key] = (build(database), database)
        app, database = self._built[key]
        database.bind(connection)
        return app

    def gateway(
        self, settings: Settings, connection: Connection, *, name: str = "gateway"
    ) -> Starlette:
        """``name``: another gateway than the shared one, for a test whose client keeps the
        lifespan it starts (schemathesis keeps it until the process ends)."""
        return self._get(name, settings, connection, lambda db: create_app(settings, database=db))

    def flask(self, settings: Settings, connection: Connection) -> Any:
        import legacy_flask
        from tests.flask_client import MountedClient

        def build(database: Database) -> Any:
            app = legacy_flask.create_app(database, {**settings.legacy_config(), "TESTING": True})
            app.test_client_class = MountedClient
            return app

        return self._get("flask", settings, connection, build)


@pytest.fixture(scope="session")
def apps() -> Apps:
    return Apps()


@pytest.fixture
def settings(database_url: str, request: pytest.FixtureRequest) -> Settings:
    """The test gateway's settings; ``@pytest.mark.settings(name=value)`` changes some."""
    marker = request.node.get_closest_marker("settings")
    return make_settings(database_url, **({} if marker is None else marker.kwargs))


@pytest.fixture
async def gateway(
    settings: Settings, connection: Connection, apps: Apps
) -> AsyncIterator[Starlette]:
    """The gateway (built once per run and settings) on the test's transaction."""
    app = apps.gateway(settings, connection)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def client(gateway: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=gateway)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
def legacy_app(settings: Settings, connection: Connection, apps: Apps) -> Any:
    """The Flask app alone (tests that use it are marked ``flask``), on the test's
    transaction."""
    if FLASK_OFF:
        pytest.fail("this test needs the Flask app: mark it `flask`")
    return apps.flask(settings, connection)


def _legacy_client(
    settings: Settings, connection: Connection, apps: Apps
) -> Iterator[LegacyClient]:
    if not FLASK_OFF:
        yield apps.flask(settings, connection).test_client()
        return
    with gateway_client(apps.gateway(settings, connection)) as client:
        yield client


@pytest.fixture
def legacy_client(settings: Settings, connection: Connection, apps: Apps) -> Iterator[LegacyClient]:
    """The legacy app's test client (paths without /api): Flask alone (the test's
    ``legacy_app``), or, with Flask off, the gateway's legacy views."""
    yield from _legacy_client(settings, connection, apps)


# --- A seeded database: the demo data of the seeder, shared read-mostly by a whole run.


@pytest.fixture(scope="session")
def seeded_url(databases: DatabaseFactory) -> str:
    return databases.seeded(seed=7, builds=SEEDED_BUILDS)


@pytest.fixture(scope="session")
def seeded_engine(seeded_url: str) -> Iterator[Engine]:
    engine = build_engine(DatabaseConfig(url=seeded_url, pool_size=5, max_overflow=5))
    yield engine
    engine.dispose()


@pytest.fixture
def seeded_connection(seeded_engine: Engine) -> Iterator[Connection]:
    """A connection to the seeded database inside a transaction rolled back after the test."""
    with seeded_engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            transaction.rollback()


@pytest.fixture
def seeded_database(seeded_connection: Connection) -> Database:
    """The seeded database inside the test's transaction."""
    return Database.bound_to(seeded_connection)


@pytest.fixture
def seeded_session(seeded_database: Database) -> Iterator[Session]:
    with seeded_database.session() as session:
        yield session


@pytest.fixture
async def seeded_client(
    seeded_url: str, seeded_connection: Connection, apps: Apps
) -> AsyncIterator[httpx.AsyncClient]:
    """httpx over ASGI on a gateway serving the seeded database."""
    app = apps.gateway(make_settings(seeded_url), seeded_connection)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


@pytest.fixture
def seeded_legacy_client(
    seeded_url: str, seeded_connection: Connection, apps: Apps
) -> Iterator[LegacyClient]:
    """``legacy_client`` on the seeded database."""
    yield from _legacy_client(make_settings(seeded_url), seeded_connection, apps)
