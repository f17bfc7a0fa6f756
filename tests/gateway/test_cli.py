"""The `gateway` command, run in-process on an empty database of the backend under test."""

from __future__ import annotations

import socket
import sys
from typing import Any

import pytest
import uvicorn
from sqlalchemy import create_engine, func, inspect, select, text
from typer.testing import CliRunner

from gateway import capacity, serving
from gateway.cli import app, main
from shared_db.models import Base, CoprBuildTarget
from tests.conftest import DatabaseFactory

runner = CliRunner()


@pytest.fixture
def empty_url(databases: DatabaseFactory, monkeypatch: pytest.MonkeyPatch) -> str:
    url = databases.empty()
    monkeypatch.setenv("GATEWAY_DATABASE_URL", url)
    return url


def _copr_builds(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                select(func.count()).select_from(CoprBuildTarget)
            ).scalar_one()
    finally:
        engine.dispose()


class TestDbUpgrade:
    def test_creates_every_table(self, empty_url: str) -> None:
        result = runner.invoke(app, ["db", "upgrade"])

        assert result.exit_code == 0, result.output
        engine = create_engine(empty_url)
        try:
            with engine.connect() as connection:
                tables = set(inspect(connection).get_table_names())
        finally:
            engine.dispose()
        assert set(Base.metadata.tables) <= tables


def _planner_row_estimate(url: str, table: str) -> int | None:
    """The table's size as the planner knows it from ANALYZE; None if never analyzed."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if url.startswith("sqlite"):
                # Each index's row starts with the table's size (no table: never analyzed).
                stat = connection.execute(
                    text("SELECT stat FROM sqlite_stat1 WHERE tbl = :table LIMIT 1"),
                    {"table": table},
                ).scalar()
                return None if stat is None else int(stat.split()[0])
            estimate = connection.execute(
                text("SELECT reltuples FROM pg_class WHERE relname = :table"), {"table": table}
            ).scalar_one()
            return None if estimate < 0 else int(estimate)
    finally:
        engine.dispose()


class TestDbSeed:
    @pytest.fixture
    def migrated_url(self, empty_url: str) -> str:
        assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
        return empty_url

    def test_seeds_the_requested_builds(self, migrated_url: str) -> None:
        result = runner.invoke(app, ["db", "seed", "--builds", "30"])

        assert result.exit_code == 0, result.output
        assert "seeded" in result.output
        assert _copr_builds(migrated_url) == 30

    def test_the_planner_gets_statistics_of_the_new_rows(self, migrated_url: str) -> None:
        assert runner.invoke(app, ["db", "seed", "--builds", "30"]).exit_code == 0

        assert _planner_row_estimate(migrated_url, "copr_build_targets") == 30

    def test_postgresql_tables_are_vacuumed_after_seeding(self, migrated_url: str) -> None:
        """Index-only scans read the table for every row until a VACUUM sets the
        visibility map; autovacuum would, in time (and may be off)."""
        if not migrated_url.startswith("postgresql"):
            pytest.skip("VACUUM is PostgreSQL's (SQLite's rewrites the file)")
        assert runner.invoke(app, ["db", "seed", "--builds", "30"]).exit_code == 0

        engine = create_engine(migrated_url)
        try:
            with engine.connect() as connection:
                visible = connection.execute(
                    text("SELECT relallvisible FROM pg_class WHERE relname = 'srpm_builds'")
                ).scalar_one()
        finally:
            engine.dispose()
        assert visible > 0

    def test_if_empty_leaves_existing_data_alone(self, migrated_url: str) -> None:
        runner.invoke(app, ["db", "seed", "--builds", "30"])

        result = runner.invoke(app, ["db", "seed", "--builds", "50", "--if-empty"])

        assert result.exit_code == 0, result.output
        assert "not seeding" in result.output
        assert _copr_builds(migrated_url) == 30

    def test_refuses_to_seed_over_data(self, migrated_url: str) -> None:
        runner.invoke(app, ["db", "seed", "--builds", "30"])

        result = runner.invoke(app, ["db", "seed", "--builds", "50"])

        assert result.exit_code == 1
        assert _copr_builds(migrated_url) == 30

    def test_reset_replaces_the_data(self, migrated_url: str) -> None:
        runner.invoke(app, ["db", "seed", "--builds", "30"])

        result = runner.invoke(app, ["db", "seed", "--builds", "50", "--reset"])

        assert result.exit_code == 0, result.output
        assert _copr_builds(migrated_url) == 50

    def test_rejects_a_non_positive_build_count(self, migrated_url: str) -> None:
        result = runner.invoke(app, ["db", "seed", "--builds", "0"])

        assert result.exit_code == 2
        assert _copr_builds(migrated_url) == 0


class TestUnusableDatabase:
    """The console script says in one line why the database cannot be used."""

    @pytest.mark.parametrize(
        ("url", "reason"),
        [
            # Nothing listens on port 1 of the loopback: refused at once.
            ("postgresql+psycopg://postgres:secret@127.0.0.1:1/absent", "connection"),
            ("sqlite:///{directory}", "unable to open database file"),
        ],
    )
    def test_one_line_and_exit_code_1(
        self,
        url: str,
        reason: str,
        tmp_path: Any,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        monkeypatch.setenv("GATEWAY_DATABASE_URL", url.format(directory=tmp_path))
        monkeypatch.setattr(sys, "argv", ["gateway", "db", "upgrade"])

        with pytest.raises(SystemExit) as exited:
            main()

        assert exited.value.code == 1
        said = capsys.readouterr().out
        assert said.startswith("database error at ")
        assert reason in said
        assert "Traceback" not in said
        assert "secret" not in said
        assert len(said.strip().splitlines()) == 1


class TestServe:
    """`gateway serve`, with uvicorn replaced by a recorder: what it is started with."""

    @pytest.fixture
    def started(self, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
        calls: list[dict[str, Any]] = []
        monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
        monkeypatch.setattr(serving, "Supervisor", _NoSupervisor)
        return calls

    def test_one_worker_runs_uvicorn_with_the_draining_protocol_and_the_bound(
        self, started: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("GATEWAY_DATABASE_URL", "sqlite://")
        monkeypatch.setenv("GATEWAY_SHUTDOWN_TIMEOUT", "7")

        result = runner.invoke(app, ["serve", "--port", "0"])

        assert result.exit_code == 0, result.output
        (options,) = started
        assert options["http"] == "gateway.serving:DrainingHttpToolsProtocol"
        assert options["timeout_graceful_shutdown"] == 7
        assert options["factory"] is True

    def test_several_workers_run_under_the_socket_closing_supervisor(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("GATEWAY_DATABASE_URL", "sqlite://")
        supervised: list[Any] = []

        class Recorder:
            def __init__(self, config: Any, sockets: list[socket.socket]) -> None:
                supervised.append(config)
                for sock in sockets:
                    sock.close()

            def run(self) -> None:
                supervised.append("ran")

        monkeypatch.setattr(serving, "Supervisor", Recorder)

        result = runner.invoke(app, ["serve", "--port", "0", "--workers", "3"])

        assert result.exit_code == 0, result.output
        config, ran = supervised
        assert ran == "ran"
        assert (config.workers, config.app) == (3, "gateway.serving:create_app")
        assert config.timeout_graceful_shutdown == 20
        assert config.timeout_worker_healthcheck == 60

    @pytest.mark.parametrize(("workers", "verdict"), [(1, "fits"), (4, "tight"), (5, "too many")])
    def test_the_connections_are_checked_against_the_server(
        self,
        workers: int,
        verdict: str,
        started: list[dict[str, Any]],
        database_url: str,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """With the defaults (24 connections per worker) and PostgreSQL's default 100
        (3 reserved for superusers): 4 workers leave under 20 %, 5 are too many."""
        monkeypatch.setenv("GATEWAY_DATABASE_URL", database_url)

        result = runner.invoke(app, ["serve", "--port", "0", "--workers", str(workers)])

        if database_url.startswith("sqlite"):  # no server, no limit: nothing to check
            assert (result.exit_code, "connections" in result.output) == (0, False)
            return
        limits = capacity.server_limits(database_url, 5)
        assert limits is not None
        assert (limits.max_connections, limits.available) == (100, 97)
        if verdict == "too many":
            assert result.exit_code == 1
            assert "too many database connections" in result.output
            assert "5 worker(s) x 24 connections = 120" in result.output
            assert started == []
        else:
            assert result.exit_code == 0, result.output
            assert ("little headroom" in result.output) == (verdict == "tight")

    def test_the_check_can_be_skipped(
        self, started: list[dict[str, Any]], database_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("GATEWAY_DATABASE_URL", database_url)

        result = runner.invoke(
            app, ["serve", "--port", "0", "--workers", "9", "--no-check-connections"]
        )

        assert result.exit_code == 0, result.output
        assert "connections" not in result.output

    def test_an_unreachable_server_is_no_reason_not_to_start(
        self, started: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Nothing listens on port 1; the gateway answers 503 until the database is up.
        monkeypatch.setenv("GATEWAY_DATABASE_URL", "postgresql+psycopg://u@127.0.0.1:1/db")
        monkeypatch.setenv("GATEWAY_DB_CONNECT_TIMEOUT", "1")

        result = runner.invoke(app, ["serve", "--port", "0"])

        assert result.exit_code == 0, result.output
        assert "connection limits not checked" in result.output
        assert len(started) == 1


class _NoSupervisor:
    def __init__(self, config: Any, sockets: list[socket.socket]) -> None:
        for sock in sockets:
            sock.close()

    def run(self) -> None:
        return None


class TestBudget:
    LIMITS = capacity.ServerLimits(max_connections=100, reserved=3, in_use=10)

    @pytest.mark.parametrize(
        ("workers", "per_worker", "verdict"),
        [
            (1, 24, capacity.Verdict.fits),
            (3, 25, capacity.Verdict.fits),  # 75 <= 77.6
            (2, 39, capacity.Verdict.tight),  # 78 > 80 % of 97
            (1, 97, capacity.Verdict.tight),
            (1, 98, capacity.Verdict.too_many),
            (2, 50, capacity.Verdict.too_many),  # the old defaults' two workers
        ],
    )
    def test_verdicts(self, workers: int, per_worker: int, verdict: capacity.Verdict) -> None:
        assert capacity.Budget(workers, per_worker, self.LIMITS).verdict is verdict

    def test_sqlite_has_no_limits(self) -> None:
        assert capacity.server_limits("sqlite:///x.db", 1) is None
