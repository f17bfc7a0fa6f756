"""``gateway migration verify``: evidence per operation, a broken view caught, and the
``cutover`` gate reading what it recorded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from sqlalchemy import select

from api_v1.legacy import copr_builds as copr_views
from gateway.migration.cases import CaseSecrets
from gateway.migration.verify import run_on_database
from gateway.settings import Settings
from shared_db.engine import Database, DatabaseConfig
from shared_db.models import ParityEvidence
from tests.conftest import GITHUB_SECRET, GITLAB_TOKEN, TESTING_FARM_SECRET, DatabaseFactory
from tests.gateway.servers import gateway_env, run_cli

pytestmark = [pytest.mark.flask, pytest.mark.slow]
SECRETS = CaseSecrets(GITHUB_SECRET, GITLAB_TOKEN, TESTING_FARM_SECRET)


@pytest.fixture(scope="module")
def seeded_committed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("verify"))
    yield factory.seeded(seed=11, builds=80)
    factory.drop_all()


def _verify(url: str, name: str) -> list[Any]:
    from gateway.migration.cli import load_registry

    settings = Settings(database_url=url, _env_file=None)
    database = Database(DatabaseConfig(url=url, pool_size=2))
    database.start()
    try:
        operations = load_registry(settings, database).select(name)
        return anyio.run(run_on_database, database, settings, operations, SECRETS)
    finally:
        database.dispose()


def _evidence(url: str) -> list[tuple[str, bool]]:
    database = Database(DatabaseConfig(url=url, pool_size=1))
    database.start()
    try:
        with database.transaction() as session:
            rows = session.execute(
                select(ParityEvidence.operation_id, ParityEvidence.passed).order_by(
                    ParityEvidence.id
                )
            )
            return [(row.operation_id, row.passed) for row in rows]
    finally:
        database.dispose()


def test_verify_passes_and_records_evidence_per_operation(seeded_committed: str) -> None:
    results = _verify(seeded_committed, "copr-builds")
    assert {r.operation.id: r.passed for r in results} == {
        "copr-builds.list": True,
        "copr-builds.get": True,
        "copr-builds.group": True,
    }
    assert all(len(r.cases) >= 1 for r in results)
    assert _evidence(seeded_committed)[-3:] == [
        ("copr-builds.list", True),
        ("copr-builds.get", True),
        ("copr-builds.group", True),
    ]


def test_a_broken_view_fails_verify_naming_the_field(
    seeded_committed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = copr_views.detail

    def broken(build: Any) -> dict[str, Any]:
        return {**real(build), "status": "broken"}

    monkeypatch.setattr(copr_views, "detail", broken)
    (result,) = _verify(seeded_committed, "copr-builds.get")
    assert not result.passed
    (found,) = [case for case in result.cases if case.differences]
    assert [(d.where, d.category, d.view) for d in found.differences] == [
        ("/status", "value", "broken")
    ]
    assert _evidence(seeded_committed)[-1] == ("copr-builds.get", False)


def test_cutover_is_refused_without_evidence_and_accepted_after_verify(
    databases: DatabaseFactory,
) -> None:
    url = databases.migrated()
    env = gateway_env(url)
    refused = run_cli(env, "migration", "set", "healthz", "cutover", "--reason", "go")
    assert refused.returncode == 1
    assert "healthz.get: no parity evidence" in refused.stdout
    verified = run_cli(env, "migration", "verify", "healthz")
    assert verified.returncode == 0, verified.stdout
    accepted = run_cli(env, "migration", "set", "healthz", "cutover", "--reason", "go")
    assert accepted.returncode == 0, accepted.stdout
    assert "healthz.get: legacy -> cutover" in accepted.stdout
    status = run_cli(env, "migration", "status", "--json")
    assert status.returncode == 0
    assert '"mode": "cutover"' in status.stdout


def test_the_flask_off_run_gates_flask_removal(seeded_committed: str) -> None:
    env = gateway_env(seeded_committed)
    before = run_cli(env, "migration", "verify", "--flask-off")
    assert before.returncode == 1
    assert "neither cut over nor retired" in before.stdout
    forced = run_cli(env, "migration", "set", "all", "cutover", "--force", "--reason", "prove it")
    assert forced.returncode == 0, forced.stdout
    proven = run_cli(env, "migration", "verify", "--flask-off")
    assert proven.returncode == 0, proven.stdout
    status = json.loads(run_cli(env, "migration", "status", "--json").stdout)
    assert status["flask_removable"] is True
    assert status["flask_off_run"]["passed"] is True
    rolled_back = run_cli(env, "migration", "set", "all", "legacy", "--reason", "back")
    assert rolled_back.returncode == 0
    status = json.loads(run_cli(env, "migration", "status", "--json").stdout)
    assert status["flask_removable"] is False


class TestCommands:
    def test_deprecate_sets_and_clears_the_dates(self, databases: DatabaseFactory) -> None:
        env = gateway_env(databases.migrated())
        done = run_cli(
            env,
            "migration",
            "deprecate",
            "copr-builds.get",
            "--on",
            "2027-01-01",
            "--sunset",
            "2027-06-30",
            "--reason",
            "v1 is there",
        )
        assert done.returncode == 0, done.stdout
        status = json.loads(run_cli(env, "migration", "status", "--json").stdout)
        (op,) = [op for op in status["operations"] if op["id"] == "copr-builds.get"]
        assert (op["deprecated_on"], op["sunset_on"]) == ("2027-01-01", "2027-06-30")
        assert run_cli(env, "migration", "deprecate", "copr-builds.get", "--clear").returncode == 0
        status = json.loads(run_cli(env, "migration", "status", "--json").stdout)
        (op,) = [op for op in status["operations"] if op["id"] == "copr-builds.get"]
        assert op["deprecated_on"] is None

    @pytest.mark.parametrize(
        ("args", "code", "says"),
        [
            (["--on", "2027-06-01", "--sunset", "2027-01-01"], 1, "cannot come before"),
            (["--on", "soon"], 2, "not a date"),
            ([], 2, "either --on DATE"),
            (["--on", "2027-01-01", "--clear"], 2, "either --on DATE"),
        ],
    )
    def test_deprecate_refuses_what_makes_no_sense(
        self, databases: DatabaseFactory, args: list[str], code: int, says: str
    ) -> None:
        env = gateway_env(databases.migrated())
        done = run_cli(env, "migration", "deprecate", "copr-builds.get", *args)
        assert done.returncode == code
        assert says in done.stdout

    def test_an_unknown_name_is_refused_naming_the_groups(self, databases: DatabaseFactory) -> None:
        env = gateway_env(databases.migrated())
        done = run_cli(env, "migration", "set", "copr", "legacy", "--reason", "r")
        assert done.returncode == 2
        assert "'copr' is no operation id" in done.stdout
        assert "copr-builds" in done.stdout

    def test_status_is_a_table_by_group(self, databases: DatabaseFactory) -> None:
        env = gateway_env(databases.migrated())
        run_cli(env, "migration", "set", "healthz", "shadow", "--rate", "0.5", "--reason", "r")
        shown = run_cli(env, "migration", "status")
        assert shown.returncode == 0
        assert "healthz.get" in shown.stdout
        assert "shadow 50%" in shown.stdout
        assert "Flask can be removed: no" in shown.stdout

    def test_verify_names_what_differs(
        self, seeded_committed: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        real = copr_views.detail
        monkeypatch.setattr(copr_views, "detail", lambda b: {**real(b), "chroot": "[odd]"})
        done = run_cli(gateway_env(seeded_committed), "migration", "verify", "copr-builds.get")
        assert done.returncode == 1
        assert "/chroot [value]" in done.stdout
        assert "[odd]" in done.stdout  # shown as the value, not read as markup


def test_the_flask_off_run_in_this_process(seeded_committed: str) -> None:
    """The run itself (the command runs it in a fresh interpreter; here coverage sees it)."""
    from gateway.migration.flask_off import run_contract

    settings = Settings(database_url=seeded_committed, _env_file=None)
    result = anyio.run(run_contract, settings)
    assert not result.passed
    assert any("neither cut over nor retired" in failure for failure in result.failures)
