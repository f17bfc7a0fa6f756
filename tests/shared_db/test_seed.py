from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, joinedload

from shared_db.models import (
    AllowlistEntry,
    Base,
    CoprBuildGroup,
    CoprBuildTarget,
    GitProject,
    KojiBuildTarget,
    Pipeline,
    ProjectEvent,
    ProjectEventType,
    TFTTestRunTarget,
)
from shared_db.seed import (
    SeedError,
    SeedOptions,
    clear_database,
    database_is_empty,
    planned_rows,
    seed_database,
)

SMALL = SeedOptions(seed=7, builds=40)


def _counts(session: Session) -> dict[str, int]:
    counts = {}
    for table in Base.metadata.sorted_tables:
        counts[table.name] = session.execute(select(func.count()).select_from(table)).scalar_one()
    return counts


def _snapshot(session: Session) -> list[Sequence[Any]]:
    query = select(
        CoprBuildTarget.id,
        CoprBuildTarget.build_id,
        CoprBuildTarget.target,
        CoprBuildTarget.status,
        CoprBuildTarget.submitted_time,
        CoprBuildTarget.built_packages,
    ).order_by(CoprBuildTarget.id)
    return [tuple(row) for row in session.execute(query)]


class TestSeedDatabase:
    def test_every_table_gets_rows(self, session: Session) -> None:
        seed_database(session, SeedOptions(seed=1, builds=10))

        # The migration control plane's tables hold what ops and the gateway record, not
        # demo data (`gateway demo` puts modes there); the usage summaries are the usage
        # job's figures of the data.
        empty = [name for name, count in _counts(session).items() if count == 0]
        derived = {"usage_summaries"}
        assert [n for n in empty if not n.startswith("migration_") and n not in derived] == []

    def test_planned_rows_are_the_rows_inserted(self, session: Session) -> None:
        report = seed_database(session, SMALL)

        assert report.rows == planned_rows(SMALL)
        seeded = {
            name: n
            for name, n in _counts(session).items()
            # status_events: written by the database's triggers, one per target seeded.
            if n and not name.startswith("migration_") and name != "status_events"
        }
        assert seeded == report.rows

    def test_builds_is_the_number_of_copr_build_targets(self, session: Session) -> None:
        seed_database(session, SeedOptions(builds=123))

        assert _counts(session)["copr_build_targets"] == 123

    def test_reports_progress_for_every_row(self, session: Session) -> None:
        seen: dict[str, int] = {}

        seed_database(
            session, SMALL, lambda table, rows: seen.update({table: seen.get(table, 0) + rows})
        )

        assert seen == planned_rows(SMALL)

    def test_postgresql_analyzes_the_builds_before_the_sync_runs(self, session: Session) -> None:
        # Without it, a new PostgreSQL database answered every sync target's event trigger
        # by reading all the pipelines (see _plan_with_the_builds).
        statements: list[str] = []
        engine = session.get_bind().engine

        def record(*args: Any) -> None:
            statements.append(args[2])

        event.listen(engine, "before_cursor_execute", record)
        try:
            seed_database(session, SMALL)
        finally:
            event.remove(engine, "before_cursor_execute", record)

        def where(prefix: str) -> list[int]:
            return [i for i, statement in enumerate(statements) if statement.startswith(prefix)]

        analyzes = where("ANALYZE")
        if engine.dialect.name != "postgresql":
            assert analyzes == []
            return
        assert len(analyzes) == 1
        assert max(where("INSERT INTO copr_build_targets")) < analyzes[0]
        assert analyzes[0] < min(where("INSERT INTO sync_release_runs"))

    def test_refuses_a_database_with_data(self, session: Session) -> None:
        seed_database(session, SMALL)

        with pytest.raises(SeedError):
            seed_database(session, SMALL)

    def test_later_inserts_get_fresh_ids(self, session: Session) -> None:
        seed_database(session, SMALL)
        entry = AllowlistEntry(namespace="github.com/after-seed", status="waiting")
        session.add(entry)
        session.flush()

        assert entry.id == planned_rows(SMALL)["allowlist"] + 1

    def test_the_heads_of_merged_runs_are_marked(self, session: Session) -> None:
        seed_database(session, SMALL)

        # The triggers of migration 0007 mark them as the rows arrive.
        marked = set(session.scalars(select(Pipeline.id).where(Pipeline.merged_head)))
        lowest = select(func.min(Pipeline.id)).group_by(
            func.coalesce(Pipeline.srpm_build_id, -Pipeline.id)
        )
        assert marked == set(session.scalars(lowest))
        assert session.execute(select(func.count()).where(~Pipeline.merged_head)).scalar_one() > 0


class TestDeterminism:
    def test_same_seed_gives_the_same_rows(self, session: Session) -> None:
        seed_database(session, SMALL)
        first = _snapshot(session)
        clear_database(session)
        seed_database(session, SMALL)

        assert _snapshot(session) == first

    def test_another_seed_gives_other_rows(self, session: Session) -> None:
        seed_database(session, SMALL)
        first = _snapshot(session)
        clear_database(session)
        seed_database(session, SeedOptions(seed=SMALL.seed + 1, builds=SMALL.builds))

        assert _snapshot(session) != first


class TestRealism:
    def test_every_event_type_occurs(self, session: Session) -> None:
        seed_database(session, SMALL)

        types = set(session.execute(select(ProjectEvent.type).distinct()).scalars())

        assert types == set(ProjectEventType)

    def test_copr_builds_reach_their_git_project(self, session: Session) -> None:
        seed_database(session, SMALL)

        builds = session.execute(
            select(CoprBuildTarget).options(
                joinedload(CoprBuildTarget.group)
                .joinedload(CoprBuildGroup.project_event)
                .joinedload(ProjectEvent.project)
            )
        ).scalars()

        projects = {build.group.project_event.project for build in builds}
        assert None not in projects
        assert len(projects) > 1

    def test_several_forges_and_both_koji_kinds(self, session: Session) -> None:
        seed_database(session, SeedOptions(builds=400))

        forges = set(session.execute(select(GitProject.instance_url).distinct()).scalars())
        scratch = set(session.execute(select(KojiBuildTarget.scratch).distinct()).scalars())

        assert len(forges) >= 4
        assert scratch == {True, False}

    def test_tests_run_on_the_chroot_of_the_build_they_test(self, session: Session) -> None:
        seed_database(session, SMALL)

        runs = (
            session.execute(
                select(TFTTestRunTarget).options(joinedload(TFTTestRunTarget.copr_builds))
            )
            .unique()
            .scalars()
        )

        pairs = [(run.target, build.target) for run in runs for build in run.copr_builds]
        assert pairs
        assert all(run_chroot == build_chroot for run_chroot, build_chroot in pairs)

    def test_timestamps_span_months(self, session: Session) -> None:
        seed_database(session, SeedOptions(builds=400))

        oldest, newest = session.execute(
            select(
                func.min(CoprBuildTarget.submitted_time), func.max(CoprBuildTarget.submitted_time)
            )
        ).one()

        assert (newest - oldest).days > 180


class TestClearDatabase:
    def test_empties_every_table(self, session: Session) -> None:
        seed_database(session, SMALL)

        clear_database(session)

        assert set(_counts(session).values()) == {0}
        assert database_is_empty(session)

    def test_fresh_database_is_empty(self, session: Session) -> None:
        assert database_is_empty(session)


class TestOptions:
    def test_builds_must_be_positive(self) -> None:
        with pytest.raises(ValueError, match="at least 1"):
            SeedOptions(builds=0)
