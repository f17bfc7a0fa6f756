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
from shared_db.seed import SeedOptions, seed_database
from tests.conftest import GITHUB_SECRET, GITLAB_TOKEN, TESTING_FARM_SECRET, DatabaseFactory
from tests.gateway.servers import gateway_command, gateway_env

pytestmark = [pytest.mark.flask, pytest.mark.slow]
SECRETS = CaseSecrets(GITHUB_SECRET, GITLAB_TOKEN, TESTING_FARM_SECRET)


@pytest.fixture(scope="module")
def seeded_committed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("verify"))
    url = factory.migrated()
    database = Database(DatabaseConfig(url=url, pool_size=1))
    database.start()
    try:
        with database.transaction() as session:
            seed_database(session, SeedOptions(seed=11, builds=80))
    finally:
        database.dispose()
    yield url
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
    refused = gateway_command(env, "migration", "set", "healthz", "cutover", "--reason", "go")
    assert refused.returncode == 1
    assert "healthz.get: no parity evidence" in refused.stdout
    verified = gateway_command(env, "migration", "verify", "healthz")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    accepted = gateway_command(env, "migration", "set", "healthz", "cutover", "--reason", "go")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "healthz.get: legacy -> cutover" in accepted.stdout
    status = gateway_command(env, "migration", "status", "--json")
    assert status.returncode == 0
    assert '"mode": "cutover"' in status.stdout


def test_the_flask_off_run_gates_flask_removal(seeded_committed: str) -> None:
    env = gateway_env(seeded_committed)
    before = gateway_command(env, "migration", "verify", "--flask-off")
    assert before.returncode == 1
    assert "neither cut over nor retired" in before.stdout
    forced = gateway_command(
        env, "migration", "set", "all", "cutover", "--force", "--reason", "prove it"
    )
    assert forced.returncode == 0, forced.stdout + forced.stderr
    proven = gateway_command(env, "migration", "verify", "--flask-off")
    assert proven.returncode == 0, proven.stdout + proven.stderr
    status = json.loads(gateway_command(env, "migration", "status", "--json").stdout)
    assert status["flask_removable"] is True
    assert status["flask_off_run"]["passed"] is True
    rolled_back = gateway_command(env, "migration", "set", "all", "legacy", "--reason", "back")
    assert rolled_back.returncode == 0
    status = json.loads(gateway_command(env, "migration", "status", "--json").stdout)
    assert status["flask_removable"] is False
