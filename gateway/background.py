"""Database work the gateway does besides answering requests (modes, tallies, ops views,
the event feed's retention)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

import anyio
import anyio.to_thread
from sqlalchemy.orm import Session

from shared_db.base import utcnow
from shared_db.engine import Database, lock_wait_at_most
from shared_db.queries.status_events import prune_events

logger = logging.getLogger(__name__)

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


PRUNE_EVERY_SECONDS = 3600.0
PRUNE_LOCK_WAIT_SECONDS = 5.0


async def prune_event_feed(database: Database, retention: timedelta) -> int:
    """Delete the feed's events older than ``retention``; how many went. Every worker may
    run it: deleting rows that another worker deleted first deletes nothing."""
    before = utcnow() - retention

    def prune(session: Session) -> int:
        with lock_wait_at_most(session, PRUNE_LOCK_WAIT_SECONDS):
            return prune_events(session, before)

    return await in_session(database, prune)


async def keep_event_feed_pruned(database: Database, retention: timedelta) -> None:
    """:func:`prune_event_feed` now and every hour, until cancelled."""
    while True:
        try:
            deleted = await prune_event_feed(database, retention)
        except Exception as error:  # the database is away: the next round catches up
            logger.warning("event feed not pruned (%s)", type(error).__name__)
        else:
            if deleted:
                logger.info("event feed pruned: %d events older than %s", deleted, retention)
        await anyio.sleep(PRUNE_EVERY_SECONDS)
