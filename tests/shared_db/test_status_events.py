"""The feed's triggers (revision 0004) and its queries, on the test's database."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import pytest
from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from shared_db.models import (
    BodhiUpdateStatus,
    BuildStatus,
    KojiBuildState,
    KojiTagRequestGroup,
    KojiTagRequestTarget,
    LogDetectiveResult,
    OSHScanStatus,
    StatusEvent,
    SyncReleaseStatus,
    SyncReleaseTargetStatus,
    TestingFarmResult,
    VMImageBuildStatus,
)
from shared_db.queries.status_events import (
    EventFilter,
    EventKind,
    EventProject,
    events_after,
    events_since,
    latest_event_id,
    prune_events,
)
from tests.shared_db.factories import make_copr_build, make_pipeline, make_pr_event, make_project

# Each table with a status column, its kind of event, and its statuses.
STATUS_TABLES: list[tuple[str, str, type[StrEnum]]] = [
    ("srpm_builds", "srpm_build", BuildStatus),
    ("copr_build_targets", "copr_build", BuildStatus),
    ("koji_build_targets", "koji_build", KojiBuildState),
    ("tft_test_run_targets", "testing_farm", TestingFarmResult),
    ("sync_release_runs", "sync_release_run", SyncReleaseStatus),
    ("sync_release_targets", "sync_release_target", SyncReleaseTargetStatus),
    ("bodhi_update_targets", "bodhi_update", BodhiUpdateStatus),
    ("log_detective_runs", "log_detective", LogDetectiveResult),
    ("osh_scans", "scan", OSHScanStatus),
    ("vm_image_build_targets", "vm_image_build", VMImageBuildStatus),
]


def _events(session: Session, after: int = 0) -> list[StatusEvent]:
    return list(
        session.scalars(select(StatusEvent).where(StatusEvent.id > after).order_by(StatusEvent.id))
    )


class TestTriggers:
    def test_a_status_changed_with_plain_sql_appends_one_event(
        self, session: Session, connection: Connection
    ) -> None:
        project = make_project(session, forge="gitlab.com", namespace="acme", repo="tool")
        event = make_pr_event(session, project)
        build = make_copr_build(session, event, status=BuildStatus.pending)
        run = make_pipeline(session, event, copr_build_group_id=build.group_id)
        session.commit()
        before = latest_event_id(session)

        connection.execute(
            text("UPDATE copr_build_targets SET status = 'success' WHERE id = :id"),
            {"id": build.id},
        )

        (appended,) = events_after(session, before, 10)
        assert (appended.kind, appended.target_id, appended.group_id, appended.run_id) == (
            "copr_build",
            build.id,
            build.group_id,
            run.id,
        )
        assert (appended.old_status, appended.new_status) == ("pending", "success")
        assert appended.project == EventProject("gitlab.com", "acme", "tool")
        assert abs(appended.at - datetime.now(UTC)) < timedelta(minutes=1)

    def test_an_update_that_keeps_the_status_appends_nothing(
        self, session: Session, connection: Connection
    ) -> None:
        build = make_copr_build(session, make_pr_event(session, make_project(session)))
        session.commit()
        before = latest_event_id(session)

        connection.execute(
            text("UPDATE copr_build_targets SET status = status, web_url = 'x' WHERE id = :id"),
            {"id": build.id},
        )

        assert _events(session, before) == []

    def test_a_new_target_appends_an_event_from_no_status(self, session: Session) -> None:
        before = latest_event_id(session)

        build = make_copr_build(session, make_pr_event(session, make_project(session)))

        (appended,) = _events(session, before)
        assert (appended.target_id, appended.old_status, appended.new_status) == (
            build.id,
            None,
            "success",
        )
        assert appended.run_id is None  # no pipeline points at the group yet

    def test_a_koji_tag_request_appends_an_event_without_status(self, session: Session) -> None:
        event = make_pr_event(session, make_project(session))
        group = KojiTagRequestGroup(project_event_id=event.id)
        session.add(group)
        session.flush()
        before = latest_event_id(session)

        request = KojiTagRequestTarget(group_id=group.id, target="f43")
        session.add(request)
        session.flush()

        (appended,) = _events(session, before)
        assert (appended.kind, appended.target_id, appended.group_id) == (
            "koji_tag_request",
            request.id,
            group.id,
        )
        assert (appended.old_status, appended.new_status) == (None, None)

    @pytest.mark.parametrize(("table", "kind", "statuses"), STATUS_TABLES)
    def test_every_status_table_appends_its_kind(
        self, seeded_session: Session, table: str, kind: str, statuses: type[StrEnum]
    ) -> None:
        target, status = seeded_session.execute(
            text(f"SELECT id, status FROM {table} ORDER BY id LIMIT 1")
        ).one()
        other = next(member.value for member in statuses if member.value != status)
        before = latest_event_id(seeded_session)

        seeded_session.execute(
            text(f"UPDATE {table} SET status = :other WHERE id = :id"),
            {"other": other, "id": target},
        )

        (appended,) = events_after(seeded_session, before, 10)
        assert (appended.kind, appended.target_id) == (kind, target)
        assert (appended.old_status, appended.new_status) == (status, other)

    def test_the_kinds_are_the_kinds_the_triggers_write(self, seeded_session: Session) -> None:
        written = set(seeded_session.scalars(select(StatusEvent.kind).distinct()))

        assert written == {kind.value for kind in EventKind}

    def test_seeding_appends_one_event_per_target(self, seeded_session: Session) -> None:
        tables = [table for table, _, _ in STATUS_TABLES] + ["koji_tag_request_targets"]
        targets = sum(
            seeded_session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in tables
        )

        assert seeded_session.scalar(select(func.count()).select_from(StatusEvent)) == targets


class TestIdsCommitInOrder:
    def test_a_second_writer_waits_for_the_first_to_commit(
        self, seeded_engine: Engine, seeded_connection: Connection
    ) -> None:
        """PostgreSQL draws event ids under a transaction lock (SQLite has one writer): an
        id is only drawn once every smaller one is committed, so none appears later."""
        first, second = seeded_connection.execute(
            text("SELECT id FROM copr_build_targets ORDER BY id LIMIT 2")
        ).scalars()
        seeded_connection.execute(
            text("UPDATE copr_build_targets SET status = 'canceled' WHERE id = :id"),
            {"id": first},
        )
        failures: list[BaseException] = []

        def second_writer() -> None:
            try:
                with seeded_engine.connect() as other, other.begin():
                    if other.dialect.name == "postgresql":
                        other.exec_driver_sql("SET LOCAL lock_timeout = '300ms'")
                    else:
                        other.exec_driver_sql("PRAGMA busy_timeout = 300")
                    # Another row: no row lock stands in the way, only the feed's order.
                    other.execute(
                        text("UPDATE copr_build_targets SET status = 'canceled' WHERE id = :id"),
                        {"id": second},
                    )
                    other.rollback()
            except OperationalError as error:
                failures.append(error)

        writer = threading.Thread(target=second_writer)
        writer.start()
        writer.join()

        assert len(failures) == 1
        assert "lock" in str(failures[0])  # PostgreSQL: lock timeout; SQLite: locked


class TestQueries:
    def test_the_sql_filter_and_the_live_filter_agree(self, seeded_session: Session) -> None:
        everything = events_after(seeded_session, 0, 100_000)
        some = everything[len(everything) // 2]
        assert some.project is not None
        filters = [
            EventFilter(kinds=frozenset({"copr_build", "testing_farm"})),
            EventFilter(target_id=some.target_id),
            EventFilter(run_id=some.run_id),
            EventFilter(forge=some.project.forge),
            EventFilter(forge=some.project.forge, namespace=some.project.namespace),
            EventFilter(
                kinds=frozenset({some.kind}),
                namespace=some.project.namespace,
                repo_name=some.project.repo_name,
            ),
        ]

        for wanted in filters:
            selected = events_after(seeded_session, 0, 100_000, wanted)
            assert selected, wanted
            assert selected == [event for event in everything if wanted.matches(event)], wanted

    def test_events_after_pages_in_id_order(self, seeded_session: Session) -> None:
        first = events_after(seeded_session, 0, 5)
        second = events_after(seeded_session, first[-1].id, 5)

        ids = [event.id for event in first + second]
        assert ids == sorted(ids)
        assert len(set(ids)) == 10

    def test_events_since_gives_the_newest_id(self, seeded_session: Session) -> None:
        newest = latest_event_id(seeded_session)

        events, head = events_since(seeded_session, newest - 3, 10)

        assert head == newest
        assert [event.id for event in events] == [newest - 2, newest - 1, newest]

    def test_prune_deletes_only_the_older_events(self, seeded_session: Session) -> None:
        total = seeded_session.scalar(select(func.count()).select_from(StatusEvent)) or 0
        newest = latest_event_id(seeded_session)
        seeded_session.execute(
            text("UPDATE status_events SET at = :old WHERE id <= :upto"),
            {"old": datetime(2020, 1, 1, tzinfo=UTC), "upto": newest - 10},
        )

        deleted = prune_events(seeded_session, datetime(2021, 1, 1, tzinfo=UTC))

        assert deleted == total - 10
        assert [event.id for event in events_after(seeded_session, 0, 100)] == list(
            range(newest - 9, newest + 1)
        )
