"""No request waits for another connection's lock while holding the event loop.

Another connection holds the write lock for two seconds (SQLite: ``BEGIN IMMEDIATE``;
PostgreSQL: an EXCLUSIVE lock on the deliveries table, which lets reads through). A v1
write and a legacy write that need it wait; meanwhile a v1 read and a legacy read through
the gateway answer at once; once the lock is free both writes are stored.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
import httpx
import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from gateway.app import create_app
from shared_db.models import WebhookDelivery
from tests.conftest import DatabaseFactory, make_settings
from tests.webhooks import PR_OPENED, github_headers

HELD_SECONDS = 2.0


@pytest.fixture
def url(databases: DatabaseFactory) -> str:
    """A migrated database of its own: the lock must be taken by a real second connection,
    outside any test transaction."""
    return databases.migrated()


@pytest.fixture
async def live_client(url: str) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(url).model_copy(update={"wsgi_threads": 4})
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
    ):
        yield client


@asynccontextmanager
async def write_lock_held(url: str, seconds: float) -> AsyncIterator[None]:
    """Another connection (in a thread) takes the lock, holds it ``seconds``, lets go."""
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

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert await anyio.to_thread.run_sync(taken.wait, 10), "the lock was not taken"
        yield
    finally:
        await anyio.to_thread.run_sync(thread.join)


async def test_reads_answer_while_writes_wait_for_the_lock(
    live_client: httpx.AsyncClient, url: str
) -> None:
    client = live_client
    # Warm both stacks (connections, first-request setup) before timing anything.
    assert (await client.get("/api/v1/copr-builds")).status_code == 200
    assert (await client.get("/api/copr-builds")).status_code == 206

    async with write_lock_held(url, HELD_SECONDS):
        held_at = time.monotonic()
        v1_write = asyncio.create_task(
            client.post(
                "/api/v1/webhooks/github", content=PR_OPENED, headers=github_headers(PR_OPENED)
            )
        )
        legacy_write = asyncio.create_task(
            client.post(
                "/api/webhooks/github",
                content=PR_OPENED,
                headers=github_headers(PR_OPENED, delivery="d-2"),
            )
        )
        await asyncio.sleep(0.3)  # both writes are waiting for the lock by now
        v1_read, legacy_read = await asyncio.gather(
            client.get("/api/v1/copr-builds"), client.get("/api/copr-builds")
        )
        read_at = time.monotonic() - held_at
        assert not v1_write.done(), "the v1 write did not wait"
        assert not legacy_write.done(), "the legacy write did not wait"

    assert (v1_read.status_code, legacy_read.status_code) == (200, 206)
    # Well before the lock was let go: nothing held the loop for it.
    assert read_at < HELD_SECONDS / 2, f"the reads answered after {read_at:.2f}s"
    written = await asyncio.gather(v1_write, legacy_write)
    assert [response.status_code for response in written] == [202, 202]
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(WebhookDelivery)) == 2
    engine.dispose()
