"""schemathesis over /api/v1/openapi.json: every operation, bounded examples, on seeded data.

No answer may be a 5xx, and every answer must match what the document promises for it
(status code, content type, headers, body schema); invalid input must be refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.generation.case import Case
from schemathesis.specs.openapi.checks import positive_data_acceptance
from starlette.responses import PlainTextResponse

from api_v1.app import PREFIX, create_app
from api_v1.state import V1State
from gateway.middleware import Prefixes
from shared_db.engine import Database, DatabaseConfig
from tests.conftest import make_settings

# The v1 app as the gateway mounts it. The document needs no database; each test points the
# app's state at the seeded one.
STATE = V1State.of(make_settings("sqlite://").v1_config(), Database(DatabaseConfig("sqlite://")))
APP = Prefixes({PREFIX: create_app(STATE)}, default=PlainTextResponse("Not Found", 404))
# The event stream never ends (tests/api_v1/test_events.py covers it on a real server).
schema = schemathesis.openapi.from_asgi(f"{PREFIX}/openapi.json", APP).exclude(path="/events")

# Rules OpenAPI cannot state, so schema-valid values that the API rightly refuses (422):
# a cursor is opaque (only cursors the API gave out are valid), a time range must not be
# empty, and usage intervals must have a length.
CROSS_CHECKED = (
    {"cursor"},
    {"submitted_after", "submitted_before"},
    {"from", "to"},
    {"days"},
    {"hours"},
)


@pytest.fixture
def seeded_app(seeded_database: Database) -> Iterator[None]:
    unstarted = STATE.database
    STATE.database = seeded_database
    yield
    STATE.database = unstarted


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_v1_answers_as_documented(case: Case[Any], seeded_app: None) -> None:
    query = set(case.query or {})
    cross_checked = any(
        group <= query if len(group) > 1 else group & query for group in CROSS_CHECKED
    )
    case.call_and_validate(excluded_checks=[positive_data_acceptance] if cross_checked else [])
