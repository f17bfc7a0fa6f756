"""Every route of the legacy contract, through the gateway and through Flask alone.

The cases live in ``tests/legacy_flask/contract/``; each is checked for status, headers
and the exact key set and value types of its body, on the seeder's demo data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_restx import Api
from sqlalchemy.orm import Session

from tests.legacy_flask.contract import RouteCase, TypeSpec, all_cases, operations

CASES = all_cases()


def resolve(case: RouteCase, session: Session) -> str:
    if case.lookup is None:
        return case.path
    row = session.execute(case.lookup).one()
    values = dict(row._mapping)
    assert None not in values.values(), f"{case.name}: the seeded data has no row to ask for"
    return case.path.format(**values)


def check_types(where: str, body: Mapping[str, Any], keys: Mapping[str, TypeSpec]) -> None:
    assert set(body) == set(keys), f"{where}: keys differ: {set(body) ^ set(keys)}"
    for key, allowed in keys.items():
        value = body[key]
        # JSON has no bool/int distinction in Python's eyes unless we make it.
        if (
            isinstance(value, bool)
            and allowed is not bool
            and not (isinstance(allowed, tuple) and bool in allowed)
        ):
            raise AssertionError(f"{where}: {key} is a bool, expected {allowed}")
        assert isinstance(value, allowed), f"{where}: {key}={value!r} is not {allowed}"


def check(case: RouteCase, status: int, headers: Mapping[str, Any], raw: bytes) -> None:
    assert status == case.status, f"{case.name}: {status} {raw[:300]!r}"
    for header, value in case.headers.items():
        assert headers.get(header) == value, f"{case.name}: {header}={headers.get(header)}"
    if case.empty_body:
        assert raw == b""
        return
    body = json.loads(raw)
    if case.json is not None:
        assert body == case.json
    if case.keys is None:
        return
    if case.list_of:
        assert isinstance(body, list)
        assert body, f"{case.name}: the seeded data gave an empty list"
        for index, item in enumerate(body):
            check_types(f"{case.name}[{index}]", item, case.keys)
            for deeper in case.checks:
                deeper(item)
    else:
        check_types(case.name, body, case.keys)
        for deeper in case.checks:
            deeper(body)


def request_kwargs(case: RouteCase) -> dict[str, Any]:
    return {"headers": dict(case.request_headers), "content": case.request_body}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
async def test_through_the_gateway(
    case: RouteCase, seeded_client: httpx.AsyncClient, seeded_session: Session
) -> None:
    path = resolve(case, seeded_session)
    response = await seeded_client.request(case.method, f"/api{path}", **request_kwargs(case))
    check(case, response.status_code, response.headers, response.content)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_on_flask_alone(
    case: RouteCase, seeded_legacy_client: FlaskClient, seeded_session: Session
) -> None:
    path = resolve(case, seeded_session).lstrip("/")
    response = seeded_legacy_client.open(
        path, method=case.method, headers=dict(case.request_headers), data=case.request_body
    )
    check(case, response.status_code, dict(response.headers), response.get_data())


def test_every_route_has_a_case(legacy_app: Flask) -> None:
    covered = {(case.method, case.rule) for case in CASES}
    missing = operations(legacy_app) - covered
    assert not missing, f"routes without a contract case: {sorted(missing)}"
    assert not covered - operations(legacy_app), "cases for routes the app does not have"


def test_the_app_has_every_operation_of_the_spec(legacy_app: Flask) -> None:
    api: Api = legacy_app.extensions["legacy_api"]
    assert api.version == "1.0"
    # "Routes (61 operations)": the spec counts GET /healthz and its HEAD twin as one.
    assert len({op for op in operations(legacy_app) if op[0] != "HEAD"}) == 61
