"""The edge owns the transaction, on both stacks, and sessions are never shared."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.app import create_app
from gateway.settings import Settings
from shared_db.engine import Database
from shared_db.models import AllowlistEntry
from tests.conftest import DatabaseFactory
from tests.gateway import probes


def _stored(session: Session, namespace: str) -> bool:
    query = select(AllowlistEntry.id).where(AllowlistEntry.namespace == namespace)
    return session.execute(query).first() is not None


@pytest.fixture
async def probed(
    settings: Settings, database: Database
) -> AsyncIterator[tuple[httpx.AsyncClient, probes.Observations]]:
    app = create_app(settings, database=database)
    seen = probes.Observations()
    probes.install(app, seen)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
    ):
        yield client, seen


LEGACY = "/api/_probe"
V1 = "/api/v1/_probe"


@dataclass(frozen=True)
class Stack:
    """How to call one stack's write probes (see tests/gateway/probes.py)."""

    method: str
    prefix: str
    error_status: int  # the probe answers this status after writing
    internal_error: dict[str, object]  # the part of the 500 body this stack promises

    async def call(self, client: httpx.AsyncClient, path: str) -> httpx.Response:
        return await client.request(self.method, f"{self.prefix}{path}")


STACKS = {
    # An unexpected exception gets Flask-RESTX's own 500 body, as it always has.
    "legacy": Stack("GET", LEGACY, 400, {"error": "Internal server error"}),
    "v1": Stack("POST", V1, 409, {"code": "internal_error"}),
}


@pytest.fixture(params=sorted(STACKS))
def stack(request: pytest.FixtureRequest) -> Stack:
    return STACKS[request.param]


class TestEdgeTransaction:
    """Each stack commits a request that succeeds and rolls back every other one."""

    async def test_success_commits(
        self, probed: tuple[httpx.AsyncClient, probes.Observations], stack: Stack, session: Session
    ) -> None:
        client, _ = probed
        response = await stack.call(client, "/write/written-ok/200")

        assert response.status_code == 200
        assert _stored(session, "written-ok")

    async def test_error_answer_rolls_back(
        self, probed: tuple[httpx.AsyncClient, probes.Observations], stack: Stack, session: Session
    ) -> None:
        client, _ = probed
        response = await stack.call(client, f"/write/written-4xx/{stack.error_status}")

        assert response.status_code == stack.error_status
        assert not _stored(session, "written-4xx")

    async def test_exception_rolls_back(
        self, probed: tuple[httpx.AsyncClient, probes.Observations], stack: Stack, session: Session
    ) -> None:
        client, _ = probed
        response = await stack.call(client, "/write-then-raise/written-boom")

        assert response.status_code == 500
        assert stack.internal_error.items() <= response.json().items()
        assert not _stored(session, "written-boom")


LiveGateway = Callable[
    ..., AbstractAsyncContextManager[tuple[httpx.AsyncClient, probes.Observations]]
]


@pytest.fixture
def live_gateway(database_url: str) -> LiveGateway:
    """A gateway on its own pool (real connections, nothing shared with the test)."""

    @asynccontextmanager
    async def start(
        **overrides: object,
    ) -> AsyncIterator[tuple[httpx.AsyncClient, probes.Observations]]:
        # No background work: it would write the traffic it counted into the shared database.
        options: dict[str, object] = {
            "database_url": database_url,
            "background_jobs": False,
            "_env_file": None,
        }
        options.update(overrides)
        app = create_app(Settings(**options))  # type: ignore[arg-type]
        seen = probes.Observations()
        probes.install(app, seen)
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        ):
            yield client, seen

    return start


class TestConcurrency:
    async def test_two_stacks_at_once_never_share_a_session(
        self, live_gateway: LiveGateway
    ) -> None:
        async with live_gateway(wsgi_threads=2, api_threads=2) as (client, seen):
            # Each probe waits at a barrier until the other holds its session too.
            legacy, v1 = await asyncio.gather(
                client.get(f"{LEGACY}/meet"), client.get(f"{V1}/meet")
            )

        assert (legacy.status_code, v1.status_code) == (200, 200)
        (_, legacy_session, legacy_conn), (_, v1_session, v1_conn) = sorted(
            seen.sessions, key=lambda seen_session: seen_session[0]
        )
        assert legacy_session is not v1_session
        assert legacy_conn != v1_conn

    @pytest.mark.slow
    async def test_64_requests_on_a_pool_of_8_all_finish(self, live_gateway: LiveGateway) -> None:
        async with live_gateway(
            wsgi_threads=4,
            api_threads=3,
            shadow_sessions=1,
            db_pool_size=8,
            db_max_overflow=0,
            db_pool_timeout=10,
        ) as (client, seen):
            requests = [client.get(f"{LEGACY}/hold") for _ in range(32)]
            requests += [client.get(f"{V1}/hold") for _ in range(32)]
            responses = await asyncio.wait_for(asyncio.gather(*requests), timeout=60)

        assert [r.status_code for r in responses] == [200] * 64
        assert len(seen.sessions) == 64
        assert len({id(session) for _, session, _ in seen.sessions}) == 64
        assert seen.max_checked_out <= 8


class TestWhereV1WorkRuns:
    """No thread hop: the work runs on the event loop's thread (see api_v1.deps)."""

    async def test_live_gateway(self, live_gateway: LiveGateway, database_url: str) -> None:
        async with live_gateway() as (client, _):
            seen = (await client.get(f"{V1}/where")).json()
            scan = (await client.get(f"{V1}/where-scan")).json()

        on_postgres = database_url.startswith("postgresql")
        # PostgreSQL's work awaits the network on an asyncio connection, table scans too;
        # SQLite's runs on a sync one, and a table scan in a worker thread.
        assert seen == {"thread": threading.get_ident(), "async_driver": on_postgres}
        assert scan["async_driver"] is on_postgres
        assert (scan["thread"] == threading.get_ident()) is on_postgres

    async def test_test_connection(
        self, probed: tuple[httpx.AsyncClient, probes.Observations]
    ) -> None:
        client, _ = probed
        seen = (await client.get(f"{V1}/where")).json()
        scan = (await client.get(f"{V1}/where-scan")).json()

        assert seen == {"thread": threading.get_ident(), "async_driver": False}
        assert scan["thread"] != threading.get_ident()


class TestDatabaseDown:
    @pytest.fixture
    def unreachable_url(self, databases: DatabaseFactory, tmp_path: object) -> str:
        url = databases.empty()
        if url.startswith("sqlite"):
            return "sqlite:////nonexistent-directory/gateway.db"
        # Nothing listens on port 1 of the loopback: the connection is refused.
        return "postgresql+psycopg://postgres@127.0.0.1:1/test"

    @pytest.fixture
    async def down_client(self, unreachable_url: str) -> AsyncIterator[httpx.AsyncClient]:
        app = create_app(
            Settings(database_url=unreachable_url, db_connect_timeout=2, _env_file=None)
        )
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        ):
            yield client

    async def test_legacy_answers_503_json(self, down_client: httpx.AsyncClient) -> None:
        response = await down_client.get("/api/healthz")

        assert response.status_code == 503
        assert response.headers["retry-after"] == "5"
        assert response.json() == {"error": "The database is unavailable, try again later"}

    async def test_legacy_head_answers_503(self, down_client: httpx.AsyncClient) -> None:
        response = await down_client.head("/api/healthz")

        assert response.status_code == 503

    async def test_v1_answers_503_json(self, down_client: httpx.AsyncClient) -> None:
        response = await down_client.get("/api/v1/healthz")

        assert response.status_code == 503
        assert response.headers["retry-after"] == "5"
        assert response.json() == {
            "status": 503,
            "code": "database_unavailable",
            "detail": "The database is unavailable, try again later",
            "errors": [],
        }
