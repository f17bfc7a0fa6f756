"""A NUL character in any text parameter of either stack: never a database error.

No stored text can hold one (PostgreSQL refuses it), so v1 refuses it with a 422 naming
the parameter, and the legacy routes answer as they do for a name that does not exist.
The parameters are read from the apps themselves (``tests.gateway.parameters``), so a new
route or parameter is covered without being listed.
"""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.orm import Session

from gateway.app import create_app
from shared_db.models import AllowlistStatus
from tests.conftest import make_settings
from tests.gateway.parameters import TextParameter, legacy_text_parameters, v1_text_parameters
from tests.shared_db.factories import make_pr_event, make_project
from tests.shared_db.factories_admin import make_allowlist_entry

NUL_VALUE = "pack\x00it"
UNKNOWN_VALUE = "pack-it"  # the same name without its NUL: a name nothing has

# The documents need no database: the app is built once to read them.
_GATEWAY = create_app(make_settings("sqlite://")).state.gateway
_V1, _FLASK = _GATEWAY.v1, _GATEWAY.flask


V1_PARAMETERS = list(v1_text_parameters(_V1))
LEGACY_PARAMETERS = list(legacy_text_parameters(_FLASK))


def test_the_walk_finds_the_text_parameters() -> None:
    """A guard on the discovery itself: it sees the parameters named in the issue."""
    v1 = {str(p) for p in V1_PARAMETERS}
    assert "GET /api/v1/copr-builds query.namespace" in v1
    assert "GET /api/v1/allowlist/{namespace} path.namespace" in v1
    assert "GET /api/v1/copr-builds query.cursor" in v1
    assert len(v1) > 100
    legacy = {str(p) for p in LEGACY_PARAMETERS}
    assert "GET /api/allowlist/{namespace} path.namespace" in legacy
    assert "GET /api/projects/{forge}/{namespace}/{repo_name}/prs path.repo_name" in legacy
    assert "GET /api/koji-builds query.scratch" in legacy
    assert "GET /api/usage query.from" in legacy


@pytest.mark.parametrize("parameter", V1_PARAMETERS, ids=str)
async def test_v1_refuses_a_nul_with_a_422_naming_the_parameter(
    parameter: TextParameter, client: httpx.AsyncClient
) -> None:
    response = await client.request(parameter.method, parameter.url(NUL_VALUE))

    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    named = [error for error in errors if error["field"] == f"{parameter.where}.{parameter.name}"]
    assert named, errors
    if parameter.free and parameter.name != "cursor":  # a cursor is refused as not issued
        assert named[0]["message"] == "must not contain a NUL character (%00)"


@pytest.fixture
def known_data(session: Session) -> None:
    make_pr_event(session, make_project(session))
    make_allowlist_entry(session, "packit", AllowlistStatus.approved_manually)


@pytest.mark.parametrize("parameter", LEGACY_PARAMETERS, ids=str)
async def test_legacy_answers_a_nul_as_it_answers_an_unknown_name(
    parameter: TextParameter, client: httpx.AsyncClient, known_data: None
) -> None:
    with_nul = await client.request(parameter.method, parameter.url(NUL_VALUE))
    unknown = await client.request(parameter.method, parameter.url(UNKNOWN_VALUE))

    assert with_nul.status_code < 500, with_nul.text
    assert (with_nul.status_code, with_nul.content) == (unknown.status_code, unknown.content)
    assert with_nul.headers.get("Content-Range") == unknown.headers.get("Content-Range")
