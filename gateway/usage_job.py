"""The usage job: keeps the usage summaries fresh (``shared_db.queries.usage_summaries``).

Every worker runs it; each round, the one that takes the database's advisory lock first
refreshes (on PostgreSQL), the others find the lock taken or the summaries recent and
skip. A round runs every half freshness bound, so a summary is replaced before it turns
stale, and at the start of every hour, when the intervals charts asked for lately are
made for the new hour; a request never waits for it (without a fresh summary or a chart
made, the routes compute directly).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import anyio

from shared_db.base import utcnow
from shared_db.engine import Database
from shared_db.queries.usage_job import run_job

logger = logging.getLogger(__name__)


class UsageJob:
    def __init__(self, database: Database, freshness_seconds: float) -> None:
        self.database = database
        self.freshness = timedelta(seconds=freshness_seconds)
        self.every = self.freshness / 2

    async def run_once(self, now: datetime | None = None) -> bool:
        """One round; whether this process refreshed the summaries.

        Like :func:`gateway.background.in_session`, but a shutdown does not wait for a
        refresh (seconds on a large database): the thread is abandoned, and its
        transaction commits if it finishes before the process ends, else is lost with it.
        """
        moment = now or utcnow()

        def work() -> bool:
            with self.database.transaction() as session:
                return run_job(session, moment, self.freshness, self.every)

        if not self.database.owns_engine:  # one connection, which no other thread may use
            return work()
        return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)

    async def follow(self) -> None:
        """A round now, then one every half freshness bound, until cancelled; a failed
        round is logged and the next one tries again."""
        while True:
            try:
                started = anyio.current_time()
                if await self.run_once():
                    logger.info(
                        "usage summaries refreshed in %.2f s", anyio.current_time() - started
                    )
            except Exception as error:  # the database away: the routes compute directly
                logger.warning("usage summaries not refreshed: %s", type(error).__name__)
            await anyio.sleep(self.pause(utcnow()))

    def pause(self, now: datetime) -> float:
        """Seconds to the next round: half the freshness bound, or a second into the next
        hour if that comes first (the intervals charts of the new hour are made then)."""
        next_hour = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1, seconds=1)
        return min(self.every, next_hour - now).total_seconds()
