"""schemathesis over the legacy /api/swagger.json: every operation, bounded examples, on
seeded data, through the gateway. No answer may be a server error.

The document is Flask-RESTX's own (Swagger 2.0, written from the resources, as the
reference's is). It declares no response schemas and not every answer of the contract
(the 206 of a list, the 404 of an unknown id, the request parser's 400, a webhook's 401),
so the check is the one it can back: whatever schemathesis sends, never a 5xx. The
contract's answers are pinned by tests/legacy_flask/contract/ instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.case import Case

from gateway.app import create_app
from legacy_flask.db import EXTENSION
from shared_db.engine import Database
from tests.conftest import make_settings

# The document needs no database; each test points the app at the seeded one.
APP = create_app(make_settings("sqlite://"))
schema = schemathesis.openapi.from_asgi("/api/swagger.json", APP)


@pytest.fixture
def seeded_app(seeded_database: Database) -> Iterator[None]:
    legacy = APP.state.gateway.flask
    built = legacy.extensions[EXTENSION]
    legacy.extensions[EXTENSION] = seeded_database
    yield
    legacy.extensions[EXTENSION] = built


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
def test_legacy_never_answers_a_server_error(case: Case[Any], seeded_app: None) -> None:
    case.call_and_validate(checks=[not_a_server_error])
