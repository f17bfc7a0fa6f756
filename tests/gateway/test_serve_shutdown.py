"""SIGTERM to a real `gateway serve`: requests in flight finish, new ones are refused, and
the process is gone within GATEWAY_SHUTDOWN_TIMEOUT.

The requests are made slow on purpose: another connection holds the database's write
lock (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an EXCLUSIVE lock on the deliveries
table) while webhook deliveries, on both stacks, wait for it.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import anyio.to_thread
import httpx
import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from shared_db.models import WebhookDelivery
from tests.conftest import GITHUB_SECRET, DatabaseFactory
from tests.webhooks import PR_OPENED, github_headers

pytestmark = pytest.mark.slow

GATEWAY = Path(sys.executable).parent / "gateway"
STARTED = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")
# Starting takes seconds, more on a machine shared by several test runs.
START_SECONDS = 120


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str = ""
    output: list[str] = field(default_factory=list)

    def exit_code(self, within: float) -> int | None:
        try:
            return self.process.wait(within)
        except subprocess.TimeoutExpired:
            return None


@contextmanager
def gateway_serve(database_url: str, shutdown_timeout: int) -> Iterator[Served]:
    """`gateway serve --port 0` on ``database_url``, started and reachable."""
    env = {
        **os.environ,
        "GATEWAY_DATABASE_URL": database_url,
        "GATEWAY_GITHUB_WEBHOOK_SECRET": GITHUB_SECRET,
        "GATEWAY_SHUTDOWN_TIMEOUT": str(shutdown_timeout),
        "GATEWAY_WSGI_THREADS": "4",
    }
    process = subprocess.Popen(  # noqa: S603 (the project's own command)
        [str(GATEWAY), "serve", "--port", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    served = Served(process)
    started = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            served.output.append(line.rstrip())
            if (found := STARTED.search(line)) and not started.is_set():
                served.url = f"http://127.0.0.1:{found.group(1)}"
                started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert started.wait(START_SECONDS), "\n".join(served.output)
        yield served
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)
        reader.join(10)
        assert process.stdout is not None
        process.stdout.close()


@asynccontextmanager
async def write_lock_held(url: str, seconds: float) -> AsyncIterator[None]:
    """Another connection, in a thread, holds the write lock for ``seconds``."""
    taken = threading.Event()

    def hold() -> None:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            holder = sqlite3.connect(str(parsed.database), isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            taken.set()
            time.sleep(seconds)
            holder.execute("ROLLBACK")
            holder.close()
            return
        engine = create_engine(url)
        with engine.connect() as connection:
            connection.execute(text("LOCK TABLE webhook_deliveries IN EXCLUSIVE MODE"))
            taken.set()
            time.sleep(seconds)
            connection.rollback()
        engine.dispose()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert await anyio.to_thread.run_sync(taken.wait, 30), "the lock was not taken"
    yield


def deliveries(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(WebhookDelivery)) or 0
    finally:
        engine.dispose()


def deliver(client: httpx.AsyncClient, path: str, delivery: str) -> asyncio.Task[httpx.Response]:
    headers = github_headers(PR_OPENED, delivery=delivery)
    return asyncio.create_task(client.post(path, content=PR_OPENED, headers=headers))


@pytest.fixture
def database_url(databases: DatabaseFactory) -> str:
    return databases.migrated()


async def warm(client: httpx.AsyncClient) -> None:
    for path in ("/api/healthz", "/api/v1/healthz", "/api/copr-builds", "/api/v1/copr-builds"):
        assert (await client.get(path)).status_code < 300


async def refused_soon(url: str, within: float = 20) -> None:
    """New connections are soon refused by the operating system, and until then answered:
    never reset."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        async with httpx.AsyncClient(base_url=url, timeout=10) as new:
            try:
                await new.get("/api/healthz")
            except httpx.ConnectError:
                return
        await asyncio.sleep(0.05)
    raise AssertionError("new connections were still accepted")


async def test_in_flight_requests_finish_and_new_ones_are_refused(database_url: str) -> None:
    with gateway_serve(database_url, shutdown_timeout=30) as served:
        async with httpx.AsyncClient(base_url=served.url, timeout=60) as client:
            await warm(client)
            async with write_lock_held(database_url, seconds=6):
                in_flight = [
                    deliver(client, "/api/webhooks/github", "legacy-1"),
                    deliver(client, "/api/webhooks/github", "legacy-2"),
                    deliver(client, "/api/v1/webhooks/github", "v1-1"),
                    deliver(client, "/api/v1/webhooks/github", "v1-2"),
                ]
                await asyncio.sleep(1)  # all four are waiting for the lock
                served.process.send_signal(signal.SIGTERM)
                signalled = time.monotonic()
                await refused_soon(served.url)
                assert not any(task.done() for task in in_flight)

            answers = await asyncio.gather(*in_flight)
        assert [answer.status_code for answer in answers] == [202] * 4
        assert all(answer.headers["connection"] == "close" for answer in answers)
        code = await anyio.to_thread.run_sync(served.exit_code, 30)
        assert code in (0, -signal.SIGTERM), "\n".join(served.output)
        assert time.monotonic() - signalled < 30
    assert deliveries(database_url) == 4


async def test_shutdown_is_bounded_by_the_setting(database_url: str) -> None:
    with gateway_serve(database_url, shutdown_timeout=1) as served:
        async with httpx.AsyncClient(base_url=served.url, timeout=60) as client:
            await warm(client)
            async with write_lock_held(database_url, seconds=15):
                stuck = deliver(client, "/api/v1/webhooks/github", "v1-stuck")
                await asyncio.sleep(1)
                served.process.send_signal(signal.SIGTERM)
                signalled = time.monotonic()
                code = await anyio.to_thread.run_sync(served.exit_code, 14)
                exited = time.monotonic() - signalled
                # Cut off after 1 s, while the lock is still held.
                assert code is not None, "still running with the request in flight"
                assert exited < 10, f"exited {exited:.1f}s after SIGTERM"
                cut = await stuck
    # Answered, not dropped: the service is going away, another process will take it.
    assert (cut.status_code, cut.headers["Retry-After"]) == (503, "5")
    assert cut.json()["code"] == "shutting_down"
    assert deliveries(database_url) == 0
