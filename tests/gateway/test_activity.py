"""`gateway demo activity`: demo targets move on through their states, and the feed sees it."""

from __future__ import annotations

import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.activity import LIFECYCLES, step
from shared_db.engine import Database, DatabaseConfig
from shared_db.models import StatusEvent
from shared_db.queries.status_events import latest_event_id
from shared_db.seed import SeedOptions, seed_database
from tests.conftest import DatabaseFactory
from tests.gateway.servers import gateway_env, run_cli

LIFECYCLE_OF = {lifecycle.model.__tablename__: lifecycle for lifecycle in LIFECYCLES}


class TestStep:
    def test_each_change_is_a_next_state_and_appends_its_event(
        self, seeded_session: Session
    ) -> None:
        chooser = random.Random(5)
        before = latest_event_id(seeded_session)

        changes = [step(seeded_session, chooser) for _ in range(60)]

        made = [change for change in changes if change is not None]
        assert len(made) == 60
        for change in made:
            lifecycle = LIFECYCLE_OF[change.table]
            if change.old in lifecycle.steps:
                assert change.new in lifecycle.steps[change.old], change
            else:
                assert change.new == lifecycle.start, change  # finished: starts over
        events = seeded_session.execute(
            select(StatusEvent.target_id, StatusEvent.old_status, StatusEvent.new_status)
            .where(StatusEvent.id > before)
            .order_by(StatusEvent.id)
        ).all()
        assert [tuple(event) for event in events] == [
            (change.target_id, change.old, change.new) for change in made
        ]

    def test_an_empty_database_has_nothing_to_move(self, session: Session) -> None:
        assert step(session, random.Random(1)) is None


class TestCommand:
    def test_it_makes_the_changes_asked_for(self, databases: DatabaseFactory) -> None:
        url = databases.migrated()
        database = Database(DatabaseConfig(url=url, pool_size=1))
        database.start()
        try:
            with database.transaction() as session:
                seed_database(session, SeedOptions(seed=2, builds=20))
                before = latest_event_id(session)

            ran = run_cli(gateway_env(url), "demo", "activity", "--changes", "3", "--rate", "100")

            with database.transaction() as session:
                appended = latest_event_id(session) - before
        finally:
            database.dispose()

        assert ran.returncode == 0, ran.stdout
        assert "3 status changes made" in ran.stdout
        assert ran.stdout.count("→") == 3
        assert appended == 3
