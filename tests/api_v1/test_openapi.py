"""The v1 OpenAPI document: readable operation ids, described tags, one example per error
status that is that status's own, the headers the API sends, 422 only where something can be
invalid, links to the legacy docs, and a client generator that takes it without a warning."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from api_v1.app import create_app
from api_v1.openapi import operation_id
from api_v1.schemas.errors import ErrorRead
from api_v1.state import V1State
from shared_db.engine import Database, DatabaseConfig
from tests.conftest import make_settings

STATE = V1State.of(make_settings("sqlite://").v1_config(), Database(DatabaseConfig("sqlite://")))
DOCUMENT: dict[str, Any] = create_app(STATE).openapi()  # needs no database
OPERATIONS = [
    (f"{method.upper()} {path}", operation)
    for path, operations in DOCUMENT["paths"].items()
    for method, operation in operations.items()
]
METHODS = ("get", "head", "post", "put", "patch", "delete")


def test_operation_ids_are_tag_and_function_name() -> None:
    ids = [operation["operationId"] for _, operation in OPERATIONS]
    assert len(ids) == len(set(ids))
    for name, operation in OPERATIONS:
        tag, function = operation["operationId"].split(".")
        assert tag == operation["tags"][0], name
        assert re.fullmatch(r"[a-z][a-z0-9_]*", function), name
        # FastAPI's default ends in the path and the method: list_x_x_get.
        assert not function.endswith(tuple(f"_{method}" for method in METHODS)), name
        assert not any(part in function for part in ("__", "{")), name
    assert DOCUMENT["paths"]["/copr-builds"]["get"]["operationId"] == (
        "copr-builds.list_copr_builds"
    )


def test_a_route_without_a_tag_is_named_by_its_function() -> None:
    async def list_things() -> None: ...

    assert operation_id(APIRoute("/things", list_things)) == "list_things"
    assert operation_id(APIRoute("/things", list_things, tags=["things"])) == "things.list_things"


def test_every_tag_is_described() -> None:
    described = {tag["name"]: tag.get("description", "") for tag in DOCUMENT["tags"]}
    used = {tag for _, operation in OPERATIONS for tag in operation["tags"]}
    assert used <= set(described)
    assert all(described[tag].strip() for tag in used)
    assert described["copr-builds"] == "Copr builds (twin of the legacy `/api/copr-builds`)."


def test_422_is_documented_exactly_where_there_is_input() -> None:
    for name, operation in OPERATIONS:
        takes_input = bool(operation.get("parameters")) or "requestBody" in operation
        assert ("422" in operation["responses"]) == takes_input, name
    assert "422" not in DOCUMENT["paths"]["/healthz"]["get"]["responses"]
    assert "422" in DOCUMENT["paths"]["/copr-builds/{id}"]["get"]["responses"]


def _error_examples() -> list[tuple[str, int, dict[str, Any]]]:
    found = []
    for name, operation in OPERATIONS:
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                content = response["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/ErrorRead"}, name
                found.append((name, int(status), content["example"]))
    return found


def test_each_error_example_is_its_own_status() -> None:
    examples = _error_examples()
    assert {status for _, status, _ in examples} >= {400, 401, 404, 413, 422, 503}
    for name, status, example in examples:
        ErrorRead.model_validate(example)
        assert example["status"] == status, (name, status)
        assert bool(example["errors"]) == (status == 422), (name, status)
    # The model's own fields carry no example that would stand for every status.
    properties = DOCUMENT["components"]["schemas"]["ErrorRead"]["properties"]
    assert not any("examples" in field for field in properties.values())


def test_response_headers_are_documented() -> None:
    lists = [
        (name, operation)
        for name, operation in OPERATIONS
        if "Page_" in json.dumps(operation["responses"]["200"].get("content", {}))
    ]
    assert len(lists) == 20
    for name, operation in lists:
        assert set(operation["responses"]["200"]["headers"]) == {"Link"}, name
    for name, operation in OPERATIONS:
        headers = operation["responses"].get("503", {}).get("headers", {})
        assert "Retry-After" in headers, name
    assert "`Allow`" in DOCUMENT["info"]["description"]


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/webhooks/github", {"X-Hub-Signature-256", "X-GitHub-Event", "X-GitHub-Delivery"}),
        ("/webhooks/gitlab", {"X-Gitlab-Token", "X-Gitlab-Event"}),
    ],
)
def test_webhook_headers_are_parameters(path: str, headers: set[str]) -> None:
    parameters = DOCUMENT["paths"][path]["post"]["parameters"]
    assert {p["name"] for p in parameters if p["in"] == "header"} == headers
    # Optional: a missing one is answered as before (401 for the signature or token).
    assert not any(p["required"] for p in parameters)


async def test_the_examples_are_what_the_api_answers(client: httpx.AsyncClient) -> None:
    responses = DOCUMENT["paths"]["/copr-builds/{id}"]["get"]["responses"]
    for url, status in (
        ("/api/v1/copr-builds/987654", 404),
        ("/api/v1/copr-builds?limit=101", 422),
    ):
        answer = await client.get(url)
        assert answer.status_code == status
        assert answer.json() == responses[str(status)]["content"]["application/json"]["example"]


async def test_the_two_doc_sites_link_to_each_other(client: httpx.AsyncClient) -> None:
    v1 = (await client.get("/api/v1/openapi.json")).json()
    assert "[/api/](/api/)" in v1["info"]["description"]
    legacy = (await client.get("/api/swagger.json")).json()
    assert "[/api/v1/docs](/api/v1/docs)" in legacy["info"]["description"]


@pytest.mark.slow
def test_a_client_generates_without_warnings(tmp_path: Path) -> None:
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(DOCUMENT))
    bin_dir = Path(sys.executable).parent
    generated = subprocess.run(  # noqa: S603 (the generator of this virtualenv)
        [bin_dir / "openapi-python-client", "generate", "--path", document, "--meta", "none"],
        cwd=tmp_path,
        # Its post-generation hooks run ruff, from this virtualenv too.
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
        capture_output=True,
        text=True,
        check=False,
    )
    output = generated.stdout + generated.stderr
    assert generated.returncode == 0, output
    assert "warning" not in output.lower(), output
    package = tmp_path / "ci_results_api_client"
    assert (package / "api" / "copr_builds" / "copr_builds_list_copr_builds.py").is_file()
