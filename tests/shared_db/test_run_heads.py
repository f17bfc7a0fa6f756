"""The heads of merged runs (Pipeline.merged_head), kept by database triggers: right after
every kind of write, ORM or raw SQL, cheap at any depth (statements and query plan)."""

from __future__ import annotations

import importlib

import pytest
from alembic import command
from sqlalchemy import create_engine, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from shared_db.migrate import alembic_config, upgrade
from shared_db.models import Pipeline, ProjectEvent, SRPMBuild
from shared_db.queries.pages import PageWindow
from shared_db.queries.runs import _HEADS_PAGE, list_merged_runs
from tests.conftest import DatabaseFactory
from tests.explain import plan_of
from tests.shared_db.factories import make_pipeline, make_pr_event, make_project, make_srpm_build
from tests.sqlcount import count_statements

MIGRATION = importlib.import_module("shared_db.migrations.versions.0007_pipeline_merged_heads")
LOCK_BUCKETS: int = MIGRATION.LOCK_BUCKETS


@pytest.fixture
def event(session: Session) -> ProjectEvent:
    return make_pr_event(session, make_project(session))


def srpms(session: Session, event: ProjectEvent, count: int) -> list[SRPMBuild]:
    return [make_srpm_build(session, event) for _ in range(count)]


def marked(session: Session) -> set[int]:
    return set(session.scalars(select(Pipeline.id).where(Pipeline.merged_head)))


def expected(session: Session) -> set[int]:
    """The lowest run of every SRPM build and every run without one, from scratch."""
    lowest = select(func.min(Pipeline.id))
    return set(
        session.scalars(lowest.group_by(func.coalesce(Pipeline.srpm_build_id, -Pipeline.id)))
    )


def move(session: Session, run: Pipeline, srpm: SRPMBuild | None) -> None:
    session.execute(
        update(Pipeline)
        .where(Pipeline.id == run.id)
        .values(srpm_build_id=None if srpm is None else srpm.id)
    )


class TestMergedHeadIsKept:
    def test_the_lowest_run_of_each_srpm_build_and_every_run_without_one(
        self, session: Session, event: ProjectEvent
    ) -> None:
        a, b = srpms(session, event, 2)
        first = make_pipeline(session, event, srpm_build_id=a.id)
        make_pipeline(session, event, srpm_build_id=a.id)
        alone = make_pipeline(session, event)
        also_alone = make_pipeline(session, event)
        other = make_pipeline(session, event, srpm_build_id=b.id)

        assert marked(session) == expected(session) == {first.id, alone.id, also_alone.id, other.id}

    def test_a_raw_sql_insert_below_the_head_takes_over(
        self, session: Session, event: ProjectEvent
    ) -> None:
        (srpm,) = srpms(session, event, 1)
        top = (session.scalar(select(func.max(Pipeline.id))) or 0) + 100
        insert_run = text(
            "INSERT INTO pipelines (id, created_at, project_event_id, srpm_build_id)"
            " VALUES (:id, CURRENT_TIMESTAMP, :event, :srpm)"
        )
        session.execute(insert_run, {"id": top + 10, "event": event.id, "srpm": srpm.id})
        assert marked(session) == expected(session) == {top + 10}

        session.execute(insert_run, {"id": top + 5, "event": event.id, "srpm": srpm.id})

        assert marked(session) == expected(session) == {top + 5}

    def test_moving_the_head_to_another_srpm_build_fixes_both(
        self, session: Session, event: ProjectEvent
    ) -> None:
        a, b = srpms(session, event, 2)
        head = make_pipeline(session, event, srpm_build_id=a.id)
        second = make_pipeline(session, event, srpm_build_id=a.id)
        other = make_pipeline(session, event, srpm_build_id=b.id)

        move(session, head, b)

        assert marked(session) == expected(session) == {head.id, second.id}
        assert other.id not in marked(session)

    def test_a_run_moved_to_no_srpm_build_is_a_head(
        self, session: Session, event: ProjectEvent
    ) -> None:
        (srpm,) = srpms(session, event, 1)
        head = make_pipeline(session, event, srpm_build_id=srpm.id)
        later = make_pipeline(session, event, srpm_build_id=srpm.id)

        move(session, later, None)

        assert marked(session) == expected(session) == {head.id, later.id}

    def test_the_head_moved_to_no_srpm_build_promotes_the_next(
        self, session: Session, event: ProjectEvent
    ) -> None:
        (srpm,) = srpms(session, event, 1)
        head = make_pipeline(session, event, srpm_build_id=srpm.id)
        second = make_pipeline(session, event, srpm_build_id=srpm.id)
        make_pipeline(session, event, srpm_build_id=srpm.id)

        move(session, head, None)

        assert marked(session) == expected(session) == {head.id, second.id}

    def test_a_run_moved_from_no_srpm_build_behind_a_head_is_not_one(
        self, session: Session, event: ProjectEvent
    ) -> None:
        (srpm,) = srpms(session, event, 1)
        head = make_pipeline(session, event, srpm_build_id=srpm.id)
        later = make_pipeline(session, event)

        move(session, later, srpm)

        assert marked(session) == expected(session) == {head.id}

    def test_a_run_moved_from_no_srpm_build_ahead_of_the_head_takes_over(
        self, session: Session, event: ProjectEvent
    ) -> None:
        (srpm,) = srpms(session, event, 1)
        earlier = make_pipeline(session, event)
        head = make_pipeline(session, event, srpm_build_id=srpm.id)

        session.execute(
            text("UPDATE pipelines SET srpm_build_id = :srpm WHERE id = :id"),
            {"srpm": srpm.id, "id": earlier.id},
        )

        assert marked(session) == expected(session) == {earlier.id}
        assert head.id not in marked(session)

    def test_deleting_the_head_promotes_the_next(
        self, session: Session, event: ProjectEvent
    ) -> None:
        (srpm,) = srpms(session, event, 1)
        head = make_pipeline(session, event, srpm_build_id=srpm.id)
        second = make_pipeline(session, event, srpm_build_id=srpm.id)

        session.delete(head)
        session.flush()

        assert marked(session) == expected(session) == {second.id}

    def test_a_raw_sql_delete_of_several_runs_promotes_the_first_left(
        self, session: Session, event: ProjectEvent
    ) -> None:
        (srpm,) = srpms(session, event, 1)
        runs = [make_pipeline(session, event, srpm_build_id=srpm.id) for _ in range(4)]

        session.execute(
            text("DELETE FROM pipelines WHERE id IN (:a, :b)"), {"a": runs[0].id, "b": runs[1].id}
        )

        assert marked(session) == expected(session) == {runs[2].id}

    def test_a_bulk_delete_through_the_orm(self, session: Session, event: ProjectEvent) -> None:
        a, b = srpms(session, event, 2)
        runs = [make_pipeline(session, event, srpm_build_id=s.id) for s in (a, b, a, b, a)]

        session.execute(delete(Pipeline).where(Pipeline.id.in_([runs[0].id, runs[2].id])))

        assert marked(session) == expected(session) == {runs[1].id, runs[4].id}

    def test_a_big_transaction_holds_a_bounded_number_of_locks(
        self, session: Session, event: ProjectEvent
    ) -> None:
        """A transaction keeps its advisory locks to its end: the trigger locks buckets of
        SRPM build ids, not one lock per build (a seeder's transaction writes 100,000s)."""
        if session.get_bind().dialect.name != "postgresql":
            pytest.skip("SQLite's trigger takes no lock (one writer)")
        builds = srpms(session, event, LOCK_BUCKETS + 100)
        session.execute(
            insert(Pipeline),
            [
                {"project_event_id": event.id, "srpm_build_id": build.id}
                for build in builds + builds[:50]
            ],
        )
        held = text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        )

        assert session.scalar(held) <= LOCK_BUCKETS + 1  # the status events' own lock
        assert marked(session) == expected(session)
        assert len(marked(session)) == len(builds)

    def test_its_locks_are_not_the_copr_heads_locks(self, session: Session) -> None:
        if session.get_bind().dialect.name != "postgresql":
            pytest.skip("SQLite's trigger takes no lock (one writer)")
        keys = session.execute(
            text("SELECT hashtext(:runs), hashtext('copr_build_heads')"),
            {"runs": MIGRATION.LOCK_SPACE},
        ).one()

        assert keys[0] != keys[1]


class TestDeepPages:
    def test_a_deep_page_runs_the_same_statements_as_page_1(
        self, session: Session, event: ProjectEvent
    ) -> None:
        builds = srpms(session, event, 15)
        for build in builds:
            make_pipeline(session, event, srpm_build_id=build.id)
            make_pipeline(session, event)
            make_pipeline(session, event, srpm_build_id=build.id)
        engine = session.connection().engine

        with count_statements(engine) as first:
            page_1 = list_merged_runs(session, PageWindow.of_page(1, 10))
        with count_statements(engine) as deep:
            page_3 = list_merged_runs(session, PageWindow.of_page(3, 10))

        assert len(first) == len(deep) == 3
        heads = sorted(expected(session), reverse=True)
        assert [run.merged_run_id for run in page_1 + page_3] == heads[:10] + heads[20:30]

    def test_the_deep_page_query_walks_the_heads_index(self, session: Session) -> None:
        """EXPLAIN of a deep page: the (merged_head, id) index gives the order, no sort.
        PostgreSQL is told to avoid sequential and bitmap scans: on a test's tiny table they
        are cheaper, and the question is whether the index can serve the order at all."""
        plan = plan_of(session, _HEADS_PAGE, 36_000)
        if session.connection().dialect.name == "postgresql":
            assert "ix_pipelines_merged_head" in plan, plan
            assert "Backward" in plan, plan
            assert "Sort" not in plan, plan
        else:
            assert "USING COVERING INDEX ix_pipelines_merged_head" in plan, plan
            assert "TEMP B-TREE" not in plan, plan


class TestBackfill:
    def test_upgrading_marks_the_runs_already_there(self, databases: DatabaseFactory) -> None:
        url = databases.seeded(seed=7, builds=40)
        command.downgrade(alembic_config(url), "0006")
        upgrade(url)
        engine = create_engine(url)
        try:
            with Session(engine) as session:
                assert marked(session) == expected(session)
                assert (
                    session.execute(select(func.count()).where(~Pipeline.merged_head)).scalar_one()
                    > 0
                )
        finally:
            engine.dispose()
