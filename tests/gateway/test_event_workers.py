"""The event feed across `gateway serve --workers 2`: every worker delivers an event that a
third process (this test) writes with plain SQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import anyio
import httpx
import pytest
from sqlalchemy import Engine, text

from api_v1.feed import LISTENER_NAME
from shared_db.engine import Database, DatabaseConfig, build_engine
from shared_db.seed import SeedOptions, seed_database
from tests.api_v1.event_streams import Message, Writer, messages
from tests.conftest import DatabaseFactory
from tests.gateway.servers import gateway_env, serving

pytestmark = pytest.mark.slow  # starts two worker processes

STREAMS = 8  # at least; spread over the workers by the kernel
MAX_STREAMS = 40
SECONDS = 60


def _seeded(databases: DatabaseFactory) -> str:
    url = databases.migrated()
    database = Database(DatabaseConfig(url=url, pool_size=1, max_overflow=0))
    database.start()
    try:
        with database.transaction() as session:
            seed_database(session, SeedOptions(seed=3, builds=20))
    finally:
        database.dispose()
    return url


async def _first_event(stream: AsyncIterator[Message]) -> Message:
    async for message in stream:
        if message.id is not None:
            return message
    raise AssertionError("the stream ended")


class TestWorkers:
    async def test_every_worker_delivers_an_event_written_elsewhere(
        self, databases: DatabaseFactory
    ) -> None:
        url = _seeded(databases)
        engine = build_engine(DatabaseConfig(url=url))
        postgresql = engine.dialect.name == "postgresql"
        env = gateway_env(url, events_poll_seconds="0.05", events_heartbeat_seconds="1")
        try:
            with serving(env, "--workers", "2", "--no-check-connections") as base:
                async with AsyncExitStack() as streams:
                    client = await streams.enter_async_context(
                        httpx.AsyncClient(base_url=base, timeout=SECONDS)
                    )
                    # The kernel hands each connection to a worker: open streams until
                    # both workers have some (PostgreSQL shows each worker's listener).
                    opened: list[AsyncIterator[Message]] = []
                    listeners = 0
                    while len(opened) < MAX_STREAMS and (listeners < 2 or len(opened) < STREAMS):
                        response = await streams.enter_async_context(
                            client.stream("GET", "/api/v1/events")
                        )
                        opened.append(messages(response))
                        if postgresql:
                            await anyio.sleep(0.1)
                            listeners = await anyio.to_thread.run_sync(_listeners, engine)
                    (appended,) = await anyio.to_thread.run_sync(Writer(engine).flip)
                    with anyio.fail_after(SECONDS):
                        received = [(await _first_event(stream)).id for stream in opened]
        finally:
            engine.dispose()

        assert received == [appended] * len(opened)
        if postgresql:
            assert listeners == 2  # one dedicated LISTEN connection per worker, both in use


def _listeners(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE application_name = :name AND datname = current_database()"
                ),
                {"name": LISTENER_NAME},
            ).scalar_one()
        )
