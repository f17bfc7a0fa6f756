"""Every contract case, answered by Flask and by the legacy view on the seeded data: the same
status, the same headers that matter, the same bytes."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection

import legacy_flask
from api_v1.legacy.app import declared_operations
from gateway.migration.cases import CaseSecrets, RouteCase, all_cases
from gateway.migration.verify import Stacks, operation_of, run_cases
from gateway.settings import Settings
from shared_db.engine import Database
from tests.conftest import GITHUB_SECRET, GITLAB_TOKEN, TESTING_FARM_SECRET

OPERATIONS = declared_operations()
SECRETS = CaseSecrets(GITHUB_SECRET, GITLAB_TOKEN, TESTING_FARM_SECRET)


def _declared(case: RouteCase) -> bool:
    try:
        operation_of(case, OPERATIONS)
    except LookupError:
        return False
    return True


CASES = [case for case in all_cases() if _declared(case)]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
async def test_the_view_answers_as_flask_does(
    case: RouteCase,
    seeded_connection: Connection,
    seeded_database: Database,
    settings: Settings,
) -> None:
    flask = legacy_flask.create_app(seeded_database, {**settings.legacy_config(), "TESTING": True})
    stacks = Stacks(seeded_database, settings, flask)
    (result,) = [
        result
        for result in await run_cases(seeded_connection, stacks, OPERATIONS, SECRETS, [case])
        if result.cases
    ]
    (outcome,) = result.cases
    assert outcome.skipped is None
    assert [d.describe() for d in outcome.differences] == []
