"""A NUL character in any text parameter of either stack: never a database error.

No stored text can hold one (PostgreSQL refuses it), so v1 refuses it with a 422 naming
the parameter, and the legacy routes answer as they do for a name that does not exist.
The parameters are read from the apps themselves (the v1 OpenAPI document, the legacy
url_map and swagger.json), so a new route or parameter is covered without being listed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi import FastAPI
from flask import Flask
from sqlalchemy.orm import Session
from werkzeug.routing import IntegerConverter

from gateway.app import create_app
from shared_db.models import AllowlistStatus
from tests.conftest import make_settings
from tests.legacy_flask.contract import FRAMEWORK_ENDPOINTS
from tests.shared_db.factories import make_pr_event, make_project
from tests.shared_db.factories_admin import make_allowlist_entry

NUL_VALUE = "pack\x00it"
UNKNOWN_VALUE = "pack-it"  # the same name without its NUL: a name nothing has
# Values for the parameters not under test: what the test data holds, and ids.
KNOWN = {"forge": "github.com", "namespace": "packit", "repo_name": "ogr"}

# The documents need no database: the app is built once to read them.
_APP = create_app(make_settings("sqlite://"))


@dataclass(frozen=True)
class TextParameter:
    method: str
    path: str  # a template with {name} placeholders
    where: str  # "query" or "path"
    name: str
    others: tuple[str, ...] = ()  # the template's other placeholders: ids, or KNOWN names
    free: bool = True  # free text, not a date-time (whose parse error names no NUL)

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.where}.{self.name}"

    def url(self, value: str) -> str:
        path = self.path
        for name in self.others:
            path = path.replace("{" + name + "}", KNOWN.get(name, "1"))
        if self.where == "path":
            return path.replace("{" + self.name + "}", quote(value))
        return f"{path}?{self.name}={quote(value)}"


def _text_members(schema: dict[str, Any]) -> list[dict[str, Any]]:
    members: list[dict[str, Any]] = schema.get("anyOf", [schema])
    return [m for m in members if m.get("type") == "string" and "enum" not in m]


def _placeholders(template: str) -> tuple[str, ...]:
    return tuple(part.partition("}")[0] for part in template.split("{")[1:])


def v1_text_parameters(app: FastAPI) -> Iterator[TextParameter]:
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                texts = _text_members(parameter["schema"])
                if parameter["in"] in ("query", "path") and texts:
                    name = parameter["name"]
                    others = tuple(p for p in _placeholders(path) if p != name)
                    free = all("format" not in member for member in texts)
                    yield TextParameter(method.upper(), path, parameter["in"], name, others, free)


def _template(rule: str) -> str:
    """``/projects/<forge>/<path:namespace>`` → ``/projects/{forge}/{namespace}``."""
    out, rest = "", rule
    while "<" in rest:
        before, _, after = rest.partition("<")
        inside, _, rest = after.partition(">")
        out += before + "{" + inside.rpartition(":")[2] + "}"
    return out + rest


def legacy_text_parameters(app: Flask) -> Iterator[TextParameter]:
    """Text path segments from the url_map, text query parameters from swagger.json."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint in FRAMEWORK_ENDPOINTS:
            continue
        template = "/api" + _template(rule.rule)
        for name in rule.arguments:
            if not isinstance(rule._converters[name], IntegerConverter):
                others = tuple(p for p in _placeholders(template) if p != name)
                yield TextParameter("GET", template, "path", name, others)
    with app.test_client() as client:
        document = client.get("/swagger.json").get_json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []) if method != "parameters" else []:
                if parameter["in"] == "query" and parameter.get("type") == "string":
                    template = "/api" + path
                    others = _placeholders(template)
                    yield TextParameter(
                        method.upper(), template, "query", parameter["name"], others
                    )


V1_PARAMETERS = list(v1_text_parameters(_APP))
LEGACY_PARAMETERS = list(legacy_text_parameters(_APP.state.legacy_app))


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
