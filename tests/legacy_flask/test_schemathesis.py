"""schemathesis over the legacy /api/swagger.json: every operation, bounded examples, on
seeded data, through the gateway. No answer may be a server error.

The document is Flask-RESTX's own (Swagger 2.0, written from the resources, as the
reference's is). It declares no response schemas and not every answer of the contract
(the 206 of a list, the 404 of an unknown id, the request parser's 400, a webhook's 401),
so the check is the one it can back: whatever schemathesis sends, never a 5xx. The
contract's answers are pinned by tests/legacy_flask/contract/ instead.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.case import Case
from sqlalchemy import Connection
from starlette.applications import Starlette

from tests.conftest import Apps, make_settings
from tests.legacy_flask.swagger import served, snapshot

# The committed document (the Flask-off run cannot ask Flask for it); the calls go to a
# gateway on the seeded database: Flask behind the mount, or, Flask off, the legacy views.
schema = schemathesis.openapi.from_dict(snapshot())


@pytest.mark.flask
def test_the_committed_document_is_the_one_flask_serves() -> None:
    assert served() == snapshot(), "run: .venv/bin/python -m tests.legacy_flask.swagger"


@pytest.fixture
def seeded_gateway(seeded_url: str, seeded_connection: Connection, apps: Apps) -> Starlette:
    """A gateway of its own: schemathesis starts its lifespan once and keeps it."""
    return apps.gateway(make_settings(seeded_url), seeded_connection, name="schemathesis")


def test_every_operation_is_fuzzed() -> None:
    operations = {(op.method.upper(), op.path) for op in map(_ok, schema.get_all_operations())}
    assert ("GET", "/copr-builds") in operations
    assert ("POST", "/webhooks/github") in operations
    assert len(operations) >= 61  # the contract's, HEAD /healthz aside


def _ok(result: Any) -> Any:
    """An operation of the document; one schemathesis could not read fails the test."""
    return result.ok()


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_legacy_never_answers_a_server_error(case: Case[Any], seeded_gateway: Starlette) -> None:
    case.call_and_validate(app=seeded_gateway, checks=[not_a_server_error])
