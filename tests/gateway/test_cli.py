"""The `gateway` command, run in-process on an empty database of the backend under test."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, inspect, select, text
from typer.testing import CliRunner

from gateway.cli import app
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
