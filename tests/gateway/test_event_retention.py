"""The event feed's retention: the background job prunes what is older than the setting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gateway.background import prune_event_feed
from gateway.settings import Settings
from shared_db.engine import Database
from shared_db.models import StatusEvent
from tests.shared_db.factories import make_copr_build, make_pr_event, make_project


class TestRetention:
    async def test_events_older_than_the_retention_are_pruned(
        self, database: Database, session: Session
    ) -> None:
        event = make_pr_event(session, make_project(session))
        old, kept = make_copr_build(session, event), make_copr_build(session, event)
        session.execute(
            update(StatusEvent)
            .where(StatusEvent.target_id == old.id)
            .values(at=datetime.now(UTC) - timedelta(hours=25))
        )
        session.commit()

        deleted = await prune_event_feed(database, timedelta(hours=24))

        assert deleted == 1
        assert list(session.scalars(select(StatusEvent.target_id))) == [kept.id]

    async def test_pruning_again_deletes_nothing(self, database: Database) -> None:
        await prune_event_feed(database, timedelta(hours=1))

        assert await prune_event_feed(database, timedelta(hours=1)) == 0


class TestFeedSettings:
    def test_the_feed_reads_its_settings(self) -> None:
        settings = Settings(
            events_max_streams=7,
            events_heartbeat_seconds=2.5,
            events_poll_seconds=0.5,
            events_queue_batches=3,
            _env_file=None,
        )

        config = settings.feed_config()

        assert (config.max_streams, config.heartbeat_seconds) == (7, 2.5)
        assert (config.poll_seconds, config.queue_batches) == (0.5, 3)
