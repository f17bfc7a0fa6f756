"""Fixtures shared by the whole suite.

The database is built by Alembic once per run: a temporary SQLite file, or, when
TEST_DATABASE_URL is set, a fresh PostgreSQL database created next to the one that URL
names (and dropped afterwards). Each test runs inside a transaction that is rolled back.
"""

from __future__ import annotations

import inspect
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

import legacy_flask
from gateway.app import create_app
from gateway.settings import Settings
from shared_db.engine import Database, DatabaseConfig, build_engine
from shared_db.migrate import upgrade

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")


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


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


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


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, wsgi_threads=2, api_threads=4, _env_file=None)


@pytest.fixture
async def gateway(settings: Settings, database: Database) -> AsyncIterator[FastAPI]:
    app = create_app(settings, database=database)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def client(gateway: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=gateway)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
def legacy_app(database: Database) -> Flask:
    return legacy_flask.create_app(database, {"TESTING": True})


class MountedClient(FlaskClient):
    """Requests the legacy app as the gateway mounts it: SCRIPT_NAME is /api."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        kwargs.setdefault("base_url", "http://localhost/api/")
        return super().open(*args, **kwargs)


@pytest.fixture
def legacy_client(legacy_app: Flask) -> FlaskClient:
    """Flask's test client on the legacy app alone; paths are given without /api."""
    legacy_app.test_client_class = MountedClient
    return legacy_app.test_client()
