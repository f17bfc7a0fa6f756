"""What the v1 OpenAPI document says beyond the routes' own declarations: operation ids, tag
descriptions, one example per error status, and the response headers the API sends."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from fastapi.routing import APIRoute

from api_v1.schemas.errors import ErrorRead

# A client generator names its functions after these: `copr-builds.list_copr_builds`
# becomes `copr_builds_list_copr_builds` in the module of the `copr-builds` tag, where
# FastAPI's default id would have been `list_copr_builds_copr_builds_get`.
OPERATION_ID_SEPARATOR = "."


def operation_id(route: APIRoute) -> str:
    """The route's tag (its resource group) and its function's name (the name alone for a
    route without a tag, which tests/api_v1/test_openapi.py refuses)."""
    if not route.tags:
        return route.name
    return f"{route.tags[0]}{OPERATION_ID_SEPARATOR}{route.name}"


def tags(modules: list[ModuleType]) -> list[dict[str, Any]]:
    """One tag per resource module, described by the module's docstring (which names its
    legacy twin), in the modules' order."""
    described = []
    for module in modules:
        for tag in module.router.tags:
            text = " ".join((module.__doc__ or "").split())
            described.append({"name": str(tag), "description": text})
    return described


def error_doc(
    status: int,
    code: str,
    detail: str,
    description: str,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An error response for ``responses=``: the ErrorRead model with an example that is
    this status's own (the schema's field examples would show one status for all)."""
    example = {"status": status, "code": code, "detail": detail, "errors": errors or []}
    doc: dict[str, Any] = {
        "model": ErrorRead,
        "description": description,
        "content": {"application/json": {"example": example}},
    }
    if headers:
        doc["headers"] = headers
    return doc


def retry_after_doc(seconds: int) -> dict[str, Any]:
    return {
        "Retry-After": {
            "description": "Seconds to wait before trying again",
            "schema": {"type": "integer", "example": seconds},
        }
    }


LINK: dict[str, Any] = {
    "Link": {
        "description": 'The next page, `<URL>; rel="next"` (RFC 8288); absent on the last page',
        "schema": {"type": "string"},
    }
}

ALLOW: dict[str, Any] = {
    "Allow": {
        "description": "The methods the path answers, e.g. `GET, HEAD`",
        "schema": {"type": "string"},
    }
}


def complete(document: dict[str, Any]) -> None:
    """What no route declares on its own, added to (or taken off) the generated document:

    - the 422 the router documents for every route is taken off operations that take no
      parameter and no body, where nothing can be invalid;
    - a list (an operation that takes a ``cursor``, through ``PageDep``) documents the
      ``Link`` header its 200 carries; pagination.page_of sets it.
    """
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            parameters = operation.get("parameters", [])
            responses = operation.get("responses", {})
            if not parameters and "requestBody" not in operation:
                responses.pop("422", None)
            if any(p["in"] == "query" and p["name"] == "cursor" for p in parameters):
                responses["200"]["headers"] = LINK
