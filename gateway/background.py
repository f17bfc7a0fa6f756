"""Database work the gateway does besides answering requests (modes, tallies, ops views)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio.to_thread
from sqlalchemy.orm import Session

from shared_db.engine import Database

T = TypeVar("T")


async def in_session(database: Database, work: Callable[[Session], T]) -> T:
    """``work(session)`` in one transaction, off the event loop: in a worker thread, or
    inline for a database bound to one connection (tests), which no second thread may use."""

    def run() -> T:
        with database.transaction() as session:
            return work(session)

    if not database.owns_engine:
        return run()
    return await anyio.to_thread.run_sync(run)
