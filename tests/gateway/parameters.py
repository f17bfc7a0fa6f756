"""The text parameters of both stacks, read from the apps themselves: the v1 OpenAPI
document, the legacy url_map and swagger.json. Tests that probe every parameter of a kind
use them, so a new route or parameter is covered without being listed anywhere."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI
from flask import Flask
from werkzeug.routing import IntegerConverter

from api_v1.app import PREFIX

# Routes Flask-RESTX adds for itself (swagger.json, the UI, its static files).
FRAMEWORK_ENDPOINTS = frozenset({"static", "specs", "doc", "root", "restx_doc.static"})
# Values for the parameters not under test: the names the tests' data holds, and ids.
KNOWN = {"forge": "github.com", "namespace": "packit", "repo_name": "ogr"}


@dataclass(frozen=True)
class TextParameter:
    method: str
    path: str  # a template with {name} placeholders
    where: str  # "query" or "path"
    name: str
    others: tuple[str, ...] = ()  # the template's other placeholders: ids, or KNOWN names
    formats: tuple[str, ...] = ()  # the formats the document gives it (date-time, date)

    @property
    def free(self) -> bool:
        """Free text, not a date or time (which are refused by their own parse errors)."""
        return not self.formats

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


def v1_paths(app: FastAPI) -> list[tuple[str, dict[str, Any]]]:
    """The v1 document's paths as clients call them (the document names them relative to
    its server, the ``/api/v1`` mount), sorted."""
    return sorted((PREFIX + path, item) for path, item in app.openapi()["paths"].items())


def v1_text_parameters(app: FastAPI) -> Iterator[TextParameter]:
    for path, operations in v1_paths(app):
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                texts = _text_members(parameter["schema"])
                if parameter["in"] in ("query", "path") and texts:
                    name = parameter["name"]
                    others = tuple(p for p in _placeholders(path) if p != name)
                    formats = tuple(m["format"] for m in texts if "format" in m)
                    yield TextParameter(
                        method.upper(), path, parameter["in"], name, others, formats
                    )


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
        for name in sorted(rule.arguments):  # a set: the same order in every xdist worker
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
