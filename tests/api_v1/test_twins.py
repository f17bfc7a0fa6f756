"""Every legacy operation has a v1 twin: the same method on the same path shape."""

from __future__ import annotations

import re

from fastapi import FastAPI
from flask import Flask

from tests.legacy_flask.contract import operations

V1 = "/api/v1"


def legacy_shape(rule: str) -> str:
    return re.sub(r"<[^>]+>", "{}", rule)


def v1_operations(app: FastAPI) -> set[tuple[str, str]]:
    found = set()
    for path, item in app.openapi()["paths"].items():
        for method in item:
            found.add((method.upper(), re.sub(r"\{[^}]+\}", "{}", path.removeprefix(V1))))
    return found


async def test_every_legacy_operation_has_a_v1_twin(gateway: FastAPI, legacy_app: Flask) -> None:
    legacy = {(method, legacy_shape(rule)) for method, rule in operations(legacy_app)}
    missing = legacy - v1_operations(gateway)
    assert not missing, f"legacy operations without a v1 twin: {sorted(missing)}"


async def test_v1_twins_are_documented(gateway: FastAPI) -> None:
    for path, item in gateway.openapi()["paths"].items():
        for method, operation in item.items():
            assert operation.get("description") or operation.get("summary"), (method, path)
            assert operation.get("tags"), (method, path)
            if method != "head":
                assert "200" in operation["responses"] or "202" in operation["responses"]
