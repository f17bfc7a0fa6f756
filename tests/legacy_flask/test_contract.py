"""Every route of the legacy contract, through the gateway and through Flask alone.

The cases live in ``gateway/migration/cases/`` (``gateway migration verify`` runs them
too); each is checked for status, headers and the exact key set and value types of its
body, on the seeder's demo data. With Flask off, "through the gateway" is through the
legacy views, every operation cut over.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session

from api_v1.legacy.app import declared_operations
from gateway.migration.cases import CaseSecrets, RouteCase, all_cases
from gateway.migration.contract import contract_problems
from tests.conftest import GITHUB_SECRET, GITLAB_TOKEN, TESTING_FARM_SECRET
from tests.legacy_client import LegacyClient

CASES = all_cases()
SECRETS = CaseSecrets(GITHUB_SECRET, GITLAB_TOKEN, TESTING_FARM_SECRET)


def resolve(case: RouteCase, session: Session) -> str:
    if case.lookup is None:
        return case.path
    row = session.execute(case.lookup).one()
    values = dict(row._mapping)
    assert None not in values.values(), f"{case.name}: the seeded data has no row to ask for"
    return case.path.format(**values)


def check(case: RouteCase, status: int, headers: Mapping[str, Any], raw: bytes) -> None:
    assert contract_problems(case, status, headers, raw) == []


def request_kwargs(case: RouteCase) -> dict[str, Any]:
    headers, body = case.request(SECRETS)
    return {"headers": headers, "content": body}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
async def test_through_the_gateway(
    case: RouteCase, seeded_client: httpx.AsyncClient, seeded_session: Session
) -> None:
    path = resolve(case, seeded_session)
    response = await seeded_client.request(case.method, f"/api{path}", **request_kwargs(case))
    check(case, response.status_code, response.headers, response.content)


@pytest.mark.flask
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_on_flask_alone(
    case: RouteCase, seeded_legacy_client: LegacyClient, seeded_session: Session
) -> None:
    path = resolve(case, seeded_session).lstrip("/")
    headers, body = case.request(SECRETS)
    response = seeded_legacy_client.open(path, method=case.method, headers=headers, data=body)
    check(case, response.status_code, dict(response.headers), response.get_data())


def test_every_operation_has_a_case() -> None:
    declared = {(operation.method, operation.rule) for operation in declared_operations()}
    covered = {(case.method, case.rule) for case in CASES}
    assert not declared - covered, (
        f"operations without a contract case: {sorted(declared - covered)}"
    )
    assert not covered - declared, f"cases of no operation: {sorted(covered - declared)}"


def test_the_registry_has_every_operation_of_the_spec() -> None:
    # "Routes (61 operations)": the spec counts GET /healthz and its HEAD twin as one.
    assert len({op.rule + op.method for op in declared_operations() if op.method != "HEAD"}) == 61


@pytest.mark.flask
def test_the_flask_app_is_restx_version_1(legacy_app: Any) -> None:
    assert legacy_app.extensions["legacy_api"].version == "1.0"
