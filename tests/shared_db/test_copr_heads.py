"""The merged Copr list's heads (CoprBuildTarget.listed_head), kept by database triggers:
right after every kind of write, cheap at any depth (statements and query plan)."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from shared_db.models import BuildStatus, CoprBuildGroup, CoprBuildTarget
from shared_db.queries.copr_builds import (
    _HEAD_ROWS,
    _HEADS_PAGE,
    _listed,
    list_merged_copr_builds,
)
from shared_db.queries.pages import PageWindow
from tests.explain import plan_of
from tests.shared_db.factories import make_pr_event, make_project
from tests.sqlcount import count_statements

LOCK_BUCKETS: int = importlib.import_module(
    "shared_db.migrations.versions.0006_copr_build_listed_heads"
).LOCK_BUCKETS


@pytest.fixture
def group(session: Session) -> CoprBuildGroup:
    event = make_pr_event(session, make_project(session))
    made = CoprBuildGroup(project_event_id=event.id)
    session.add(made)
    session.flush()
    return made


def add(
    session: Session, group: CoprBuildGroup, build_id: str, status: BuildStatus, chroot: str = "f"
) -> CoprBuildTarget:
    target = CoprBuildTarget(
        group_id=group.id,
        build_id=build_id,
        project_name="p",
        owner="o",
        target=chroot,
        status=status,
        submitted_time=datetime(2026, 3, 1, tzinfo=UTC),
    )
    session.add(target)
    session.flush()
    return target


def marked(session: Session) -> set[int]:
    return set(session.scalars(select(CoprBuildTarget.id).where(CoprBuildTarget.listed_head)))


def expected(session: Session) -> set[int]:
    """The lowest listed target of every Copr build, computed from scratch."""
    lowest = select(func.min(CoprBuildTarget.id)).where(_listed(CoprBuildTarget))
    return set(session.scalars(lowest.group_by(CoprBuildTarget.build_id)))


class TestListedHeadIsKept:
    def test_the_lowest_listed_target_of_each_build(
        self, session: Session, group: CoprBuildGroup
    ) -> None:
        waiting = add(session, group, "1", BuildStatus.waiting_for_srpm)
        first = add(session, group, "1", BuildStatus.success)
        add(session, group, "1", BuildStatus.failure)
        other = add(session, group, "2", BuildStatus.pending)

        assert marked(session) == expected(session) == {first.id, other.id}
        assert waiting.id not in marked(session)

    def test_a_target_that_becomes_listed_takes_over(
        self, session: Session, group: CoprBuildGroup
    ) -> None:
        waiting = add(session, group, "1", BuildStatus.waiting_for_srpm)
        later = add(session, group, "1", BuildStatus.success)

        session.execute(
            update(CoprBuildTarget)
            .where(CoprBuildTarget.id == waiting.id)
            .values(status=BuildStatus.pending)
        )

        assert marked(session) == expected(session) == {waiting.id}
        assert later.id not in marked(session)

    def test_a_failure_that_started_is_listed(
        self, session: Session, group: CoprBuildGroup
    ) -> None:
        srpm_failure = add(session, group, "1", BuildStatus.failure)
        assert marked(session) == expected(session) == set()

        session.execute(
            update(CoprBuildTarget)
            .where(CoprBuildTarget.id == srpm_failure.id)
            .values(build_start_time=datetime(2026, 3, 1, tzinfo=UTC))
        )

        assert marked(session) == expected(session) == {srpm_failure.id}

    def test_deleting_the_head_promotes_the_next(
        self, session: Session, group: CoprBuildGroup
    ) -> None:
        head = add(session, group, "1", BuildStatus.success)
        second = add(session, group, "1", BuildStatus.success, chroot="g")

        session.delete(head)
        session.flush()

        assert marked(session) == expected(session) == {second.id}

    def test_a_big_transaction_holds_a_bounded_number_of_locks(
        self, session: Session, group: CoprBuildGroup
    ) -> None:
        """A transaction keeps its advisory locks to its end: one per build made a seeder of
        100,000 builds run out of PostgreSQL's lock table; the trigger locks buckets."""
        if session.get_bind().dialect.name != "postgresql":
            pytest.skip("SQLite's trigger takes no lock (one writer)")
        builds = LOCK_BUCKETS + 100
        session.execute(
            insert(CoprBuildTarget),
            [
                {
                    "group_id": group.id,
                    "build_id": str(number),
                    "project_name": "p",
                    "owner": "o",
                    "target": "f",
                    "status": BuildStatus.success,
                    "submitted_time": datetime(2026, 3, 1, tzinfo=UTC),
                }
                for number in range(builds)
            ],
        )
        held = text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        )

        assert session.scalar(held) <= LOCK_BUCKETS + 1  # the status events' own lock
        assert marked(session) == expected(session)
        assert len(marked(session)) == builds

    def test_moving_a_target_to_another_build_fixes_both(
        self, session: Session, group: CoprBuildGroup
    ) -> None:
        head = add(session, group, "1", BuildStatus.success)
        second = add(session, group, "1", BuildStatus.success, chroot="g")
        other = add(session, group, "2", BuildStatus.success)

        session.execute(
            update(CoprBuildTarget).where(CoprBuildTarget.id == head.id).values(build_id="2")
        )

        assert marked(session) == expected(session) == {second.id, head.id}
        assert other.id not in marked(session)


class TestDeepPages:
    def test_a_deep_page_runs_the_same_statements_as_page_1(
        self, session: Session, group: CoprBuildGroup
    ) -> None:
        for number in range(30):
            add(session, group, str(number), BuildStatus.success)
            add(session, group, str(number), BuildStatus.success, chroot="g")
        engine = session.connection().engine

        with count_statements(engine) as first:
            page_1 = list_merged_copr_builds(session, PageWindow.of_page(1, 10))
        with count_statements(engine) as deep:
            page_3 = list_merged_copr_builds(session, PageWindow.of_page(3, 10))

        assert len(first) == len(deep) == 2
        assert [item.build_id for item in page_1 + page_3] == [
            str(number) for number in range(29, -1, -1) if number >= 20 or number < 10
        ]
        assert all(len(item.chroots) == 2 for item in page_1 + page_3)

    def test_the_deep_page_query_walks_the_heads_index(self, session: Session) -> None:
        """EXPLAIN of a deep page: the (listed_head, id) index gives the order, no sort.
        PostgreSQL is told to avoid sequential and bitmap scans: on a test's tiny table they are
        cheaper, and the question is whether the index can serve the order at all."""
        plan = plan_of(session, _HEADS_PAGE, 35_000)
        if session.connection().dialect.name == "postgresql":
            assert "ix_copr_build_targets_listed_head" in plan, plan
            assert "Backward" in plan, plan
            assert "Sort" not in plan, plan
        else:
            assert "USING COVERING INDEX ix_copr_build_targets_listed_head" in plan, plan
            assert "TEMP B-TREE" not in plan, plan

    def test_the_page_reads_its_heads_by_primary_key(self, session: Session) -> None:
        """The page's rows: the ids from the index walk, then each head (and its trigger)
        read by key; only the page's own rows are sorted, never the table scanned."""
        plan = plan_of(session, _HEAD_ROWS, 35_000)
        if session.connection().dialect.name == "postgresql":
            assert "Index Only Scan Backward using ix_copr_build_targets_listed_head" in plan
            assert "Index Scan using pk_copr_build_targets" in plan, plan
            assert "Seq Scan on copr_build_targets" not in plan, plan
        else:
            assert "USING COVERING INDEX ix_copr_build_targets_listed_head" in plan, plan
            assert "SEARCH copr_build_targets USING INTEGER PRIMARY KEY" in plan, plan
            assert "SCAN copr_build_targets" not in plan, plan
