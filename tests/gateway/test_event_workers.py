"""The event feed in real `gateway serve` processes: with two workers every worker delivers
an event that a third process (this test) writes with plain SQL; an open stream does not
hold a shutdown up."""

from __future__ import annotations

import signal
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import anyio
import httpx
import pytest
from sqlalchemy import Engine, text

from api_v1.feed import LISTENER_NAME
from shared_db.engine import DatabaseConfig, build_engine
from tests.api_v1.event_streams import Message, Writer, messages
from tests.conftest import DatabaseFactory
from tests.gateway.servers import gateway_env, serving
from tests.gateway.test_serve_shutdown import gateway_serve

pytestmark = pytest.mark.slow  # starts two worker processes

STREAMS = 8  # at least; spread over the workers by the kernel
MAX_STREAMS = 40
SECONDS = 60
SHUTDOWN_TIMEOUT = 300  # longer than any wait of these tests


def _seeded(databases: DatabaseFactory) -> str:
    return databases.seeded(seed=3, builds=20)


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


class TestShutdown:
    async def test_an_open_stream_does_not_hold_the_shutdown_to_its_timeout(
        self, databases: DatabaseFactory
    ) -> None:
        url = databases.migrated()
        with gateway_serve(url, shutdown_timeout=SHUTDOWN_TIMEOUT) as served:
            async with (
                httpx.AsyncClient(base_url=served.url, timeout=SECONDS) as client,
                client.stream("GET", "/api/v1/events") as response,
            ):
                served.process.send_signal(signal.SIGTERM)
                # The server closes the stream at once (mid-body: the client resumes elsewhere).
                with anyio.fail_after(SECONDS), pytest.raises(httpx.RemoteProtocolError):
                    async for _ in response.aiter_lines():
                        pass
                exit_code = await anyio.to_thread.run_sync(served.exit_code, SECONDS)

        assert response.status_code == 200
        # Exited (uvicorn ends with the signal it handled), well before the shutdown timeout,
        # which the wait is shorter than.
        assert exit_code in (0, -signal.SIGTERM)
