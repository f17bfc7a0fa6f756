"""A deterministic demo-data seeder: the same options always give the same rows.

``builds`` is the number of Copr build targets; every other table scales from it
(projects, events, SRPM builds, tests, Koji builds, syncs, updates, …), so one knob takes
the database from a demo (2,000) to a benchmark (1,000,000).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import Engine, delete, select, text
from sqlalchemy.orm import Session

from shared_db.models import AnityaProject, Base, GitProject, Pipeline
from shared_db.seed.build_rows import build_event
from shared_db.seed.plan import Sizes, build_events, count_rows, sync_runs
from shared_db.seed.rows import RowMaker
from shared_db.seed.writer import BulkWriter, ProgressCallback

__all__ = [
    "ProgressCallback",
    "SeedError",
    "SeedOptions",
    "SeedReport",
    "clear_database",
    "database_is_empty",
    "planned_rows",
    "refresh_statistics",
    "seed_database",
]


@dataclass(frozen=True, slots=True)
class SeedOptions:
    seed: int = 42
    builds: int = 2_000  # Copr build targets; every other table scales from it

    def __post_init__(self) -> None:
        if self.builds < 1:
            raise ValueError("builds must be at least 1")


@dataclass(frozen=True, slots=True)
class SeedReport:
    rows: dict[str, int]  # table name -> rows inserted
    seconds: float


class SeedError(Exception):
    pass


def planned_rows(options: SeedOptions) -> dict[str, int]:
    """Exactly how many rows ``seed_database`` inserts per table, without inserting any."""
    return count_rows(options.seed, options.builds)


def database_is_empty(session: Session) -> bool:
    return all(
        session.execute(select(model.id).limit(1)).first() is None
        for model in (GitProject, AnityaProject, Pipeline)
    )


def clear_database(session: Session) -> None:
    """Delete every row of every table, children first. Flushes only."""
    for table in reversed(Base.metadata.sorted_tables):
        session.execute(delete(table))
    session.flush()


def refresh_statistics(engine: Engine) -> None:
    """Have the planner look at the new rows (ANALYZE), and on PostgreSQL mark the new
    rows visible to every transaction (VACUUM), as autovacuum would in time.

    Until autovacuum gets to a freshly loaded table, PostgreSQL plans with the sizes it
    saw before the load, and picked a hash join over a whole table where an index
    probe of 20 rows was meant: 12 ms for a merged-runs page instead of 1 ms. And until a
    table is vacuumed, an index-only scan still reads the table for every row it passes
    (the visibility map is empty): the legacy lists' offset walks over ids read 44,000
    table rows for a deep Testing Farm page. VACUUM cannot run inside a transaction, so
    it runs on a connection of its own, in autocommit.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
        return
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")


def _plan_with_the_builds(session: Session) -> None:
    """PostgreSQL: ANALYZE, inside the seed's transaction (which it counts), before the sync
    runs are written.

    On a new database the planner has no statistics, takes an equality filter to match one
    row in 200, and answered the status-event trigger's ``min(pipelines.id) WHERE
    sync_release_run_id = ...`` by walking the primary key from the oldest pipeline. The
    sync runs' pipelines come after every build's, so each target read the whole table:
    32.6 s for the sync runs of 100,000 builds, 0.8 s after this; at 1,000,000 they had not
    finished after 28 min. Analyzing during the builds as well made them slower (52 s to
    90 s at 100,000), so it runs once, here.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE"))


def seed_database(
    session: Session, options: SeedOptions, progress: ProgressCallback | None = None
) -> SeedReport:
    """Insert the demo data through ``session`` (flushes only: the caller commits)."""
    if not database_is_empty(session):
        raise SeedError("the database already has data; clear it first")
    started = time.perf_counter()
    sizes = Sizes.for_builds(options.builds)
    writer = BulkWriter(session, progress)
    rows = RowMaker(writer, sizes, options.seed)
    rows.projects()
    for event in build_events(options.seed, sizes):
        build_event(rows, event)
    writer.flush()
    _plan_with_the_builds(session)
    for run in sync_runs(options.seed, sizes):
        rows.sync_run(run)
    rows.admin()
    counts = writer.finish()
    return SeedReport(rows=counts, seconds=time.perf_counter() - started)
