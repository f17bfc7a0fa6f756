"""The usage job: one round refreshes the summaries when they are missing or half their
freshness old, one process per database does it (an advisory lock on PostgreSQL), and
`gateway db usage-summaries` does it once."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

import anyio
import pytest
from sqlalchemy import Engine, delete, event, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from gateway.cli import app
from gateway.usage_job import UsageJob
from shared_db.base import utcnow
from shared_db.engine import Database, DatabaseConfig, build_engine
from shared_db.models import UsageSummary
from shared_db.queries.usage_intervals import interval_usage
from shared_db.queries.usage_job import run_job
from shared_db.queries.usage_reports import ASKED, interval_report, prepare_intervals
from shared_db.queries.usage_summaries import KEYS, lead
from tests.conftest import DatabaseFactory

FRESHNESS = timedelta(minutes=5)


def as_of(session: Session) -> set[object]:
    return set(session.scalars(select(UsageSummary.as_of)))


class TestRounds:
    async def test_a_round_computes_missing_summaries(
        self, database: Database, session: Session
    ) -> None:
        now = utcnow()
        assert await UsageJob(database, FRESHNESS.total_seconds()).run_once(now)
        assert sorted(session.scalars(select(UsageSummary.key))) == sorted(KEYS)
        assert as_of(session) == {now}

    async def test_a_round_skips_summaries_younger_than_half_the_bound(
        self, database: Database, session: Session
    ) -> None:
        job = UsageJob(database, FRESHNESS.total_seconds())
        now = utcnow()
        await job.run_once(now)
        assert not await job.run_once(now + FRESHNESS / 2 - timedelta(seconds=1))
        later = now + FRESHNESS / 2 + timedelta(seconds=1)
        assert await job.run_once(later)
        session.expire_all()
        assert as_of(session) == {later}

    async def test_follow_refreshes_until_cancelled(
        self, database: Database, session: Session
    ) -> None:
        job = UsageJob(database, 0.02)
        async with anyio.create_task_group() as jobs:
            jobs.start_soon(job.follow)
            rounds: set[object] = set()
            with anyio.fail_after(5):
                while len(rounds) < 2:  # two rounds, 10 ms apart
                    rounds |= as_of(session)
                    await anyio.sleep(0.002)
            jobs.cancel_scope.cancel()

    async def test_a_failed_round_is_logged_and_retried(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        job = UsageJob(Database(DatabaseConfig(url="sqlite://")), 0.02)  # never started
        with caplog.at_level(logging.WARNING, "gateway.usage_job"):
            with anyio.move_on_after(0.1):
                await job.follow()
        failures = [r for r in caplog.records if "not refreshed" in r.getMessage()]
        assert len(failures) >= 2


@pytest.fixture
def own_engine(database_url: str) -> Iterator[Engine]:
    """Connections of their own (not the test's), as two workers would have."""
    engine = build_engine(DatabaseConfig(url=database_url, pool_size=2))
    yield engine
    with engine.begin() as connection:
        connection.execute(delete(UsageSummary))
    engine.dispose()


class TestElection:
    def test_one_of_two_contenders_runs_on_postgresql(self, own_engine: Engine) -> None:
        if own_engine.dialect.name != "postgresql":
            pytest.skip("SQLite has one writer process: nothing to elect")
        now = utcnow()
        with Session(own_engine) as first, Session(own_engine) as second:
            assert run_job(first, now, FRESHNESS, FRESHNESS / 2)
            assert not lead(second)  # the first still holds the lock
            assert not run_job(second, now, FRESHNESS, FRESHNESS / 2)
            first.commit()
            second.rollback()
            assert lead(second)  # released by the commit
            # the winner's summaries are recent: the other skips this round
            assert not run_job(second, now, FRESHNESS, FRESHNESS / 2)

    def test_sqlite_always_leads(self, own_engine: Engine) -> None:
        if own_engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL elects (above)")
        with Session(own_engine) as first, Session(own_engine) as second:
            assert lead(first)
            assert lead(second)


class TestCommand:
    def test_computes_every_summary(
        self, databases: DatabaseFactory, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        url = databases.migrated()
        monkeypatch.setenv("GATEWAY_DATABASE_URL", url)
        result = CliRunner().invoke(app, ["db", "usage-summaries"])
        assert result.exit_code == 0, result.output
        engine = build_engine(DatabaseConfig(url=url))
        try:
            with Session(engine) as session:
                assert sorted(session.scalars(select(UsageSummary.key))) == sorted(KEYS)
        finally:
            engine.dispose()


class TestIntervalCharts:
    def test_a_chart_asked_for_is_made_for_the_next_hour(
        self, session: Session, database: Database
    ) -> None:
        asked_at = utcnow().replace(minute=20)
        asked = interval_report(session, days=1, hours=0, count=3, now=asked_at)
        next_hour = asked_at + timedelta(hours=1)
        run_job(session, next_hour, FRESHNESS, FRESHNESS / 2)

        later = interval_report(session, days=1, hours=0, count=3, now=next_hour)
        assert later.id != asked.id
        assert later.prepared
        end = next_hour.replace(minute=0, second=0, microsecond=0)
        assert later.parameters["to"] == end.isoformat()
        assert later.result == interval_usage(session, days=1, hours=0, count=3, now=end)

    def test_a_chart_only_the_job_made_is_not_made_again(self, session: Session) -> None:
        asked_at = utcnow().replace(minute=20)
        interval_report(session, days=0, hours=1, count=2, now=asked_at)
        day_later = asked_at + ASKED
        assert prepare_intervals(session, day_later) == 1  # asked 24 h ago: still made
        assert prepare_intervals(session, day_later + timedelta(hours=1)) == 0

    def test_a_round_writes_after_all_its_reads(self, session: Session) -> None:
        # On SQLite the first write holds the database's write lock until the commit: a
        # round that wrote early would hold it through its whole computation.
        asked_at = utcnow().replace(minute=20)
        interval_report(session, days=1, hours=0, count=3, now=asked_at)
        session.flush()
        statements: list[str] = []

        def record(*args: object) -> None:
            statements.append(str(args[2]).lstrip().split()[0].upper())

        connection = session.connection()
        event.listen(connection, "before_cursor_execute", record)
        try:
            assert run_job(session, asked_at + timedelta(hours=1), FRESHNESS, FRESHNESS / 2)
        finally:
            event.remove(connection, "before_cursor_execute", record)
        writes = [i for i, verb in enumerate(statements) if verb in ("INSERT", "UPDATE")]
        reads = [i for i, verb in enumerate(statements) if verb in ("SELECT", "WITH")]
        # The summaries (inserted) and the chart asked for (made for the next hour).
        assert statements.count("INSERT") >= 2
        assert max(reads) < min(writes)

    def test_rounds_start_at_the_next_hour_when_it_comes_first(self) -> None:
        job = UsageJob(Database(DatabaseConfig(url="sqlite://")), 300)
        hour = utcnow().replace(minute=0, second=0, microsecond=0)
        assert job.pause(hour) == 150
        assert job.pause(hour + timedelta(minutes=59, seconds=30)) == 31
