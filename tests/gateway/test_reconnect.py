"""A database restart costs each stack one 503, never a stuck pool.

Pools do not ping a connection before each checkout (that is a round trip on every
request); a connection that died meanwhile fails the one request that uses it, which
answers 503 with Retry-After, and SQLAlchemy then renews every connection of the pool
that is older than the failure.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import create_engine, text

from gateway.app import create_app
from gateway.settings import Settings


@pytest.fixture
def postgres_url(database_url: str) -> str:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite has no server whose connections can drop")
    return database_url


@pytest.fixture
def started() -> datetime:
    """Before the gateway starts: every connection it opens is newer."""
    return datetime.now(UTC)


@pytest.fixture
async def live_client(postgres_url: str, started: datetime) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(database_url=postgres_url, background_jobs=False, _env_file=None))
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
    ):
        yield client


def _drop_connections_opened_since(url: str, since: datetime) -> int:
    """What a server restart does to the gateway: its connections are gone."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            return len(
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        " AND backend_start >= :since"
                    ),
                    {"since": since},
                ).all()
            )
    finally:
        admin.dispose()


@pytest.mark.parametrize("path", ["/api/v1/copr-builds?limit=1", "/api/copr-builds"])
async def test_one_503_then_served_again(
    live_client: httpx.AsyncClient, postgres_url: str, started: datetime, path: str
) -> None:
    # The gateway's connections, opened since it started (its start reads the modes).
    assert (await live_client.get(path)).status_code in (200, 206)

    assert _drop_connections_opened_since(postgres_url, started) >= 1
    failed = await live_client.get(path)
    served = [(await live_client.get(path)).status_code for _ in range(3)]

    assert failed.status_code == 503
    assert failed.headers["retry-after"] == "5"
    assert all(status in (200, 206) for status in served)
