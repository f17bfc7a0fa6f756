"""Malformed requests to both stacks, each with its exact answer (the table is in
tests/gateway/malformed_requests.py), through the gateway, on the seeded database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from gateway.app import create_app
from shared_db.engine import Database
from tests.conftest import make_settings
from tests.gateway.malformed_requests import (
    BODY_LIMIT,
    CHUNKED_AND_OVERSIZED,
    UNSET,
    Malformed,
    all_rows,
)

_GATEWAY = create_app(make_settings("sqlite://")).state.gateway
_V1, _FLASK = _GATEWAY.v1, _GATEWAY.flask
with _FLASK.test_client() as _legacy:
    _SWAGGER = _legacy.get("/swagger.json").get_json()
ROWS = all_rows(_V1, _FLASK, _SWAGGER)


def test_the_table_is_large_and_covers_both_stacks() -> None:
    four_hundreds = [row for row in ROWS if 400 <= row.status < 500]
    assert len(four_hundreds) >= 150
    assert {row.path.startswith("/api/v1") for row in four_hundreds} == {True, False}
    assert len({row.id for row in ROWS}) == len(ROWS), "two rows with one name"
    assert {row.name for row in ROWS} >= CHUNKED_AND_OVERSIZED


@pytest.fixture(scope="module")
def table_database(seeded_engine: Engine) -> Iterator[Database]:
    """The seeded database in one transaction for the whole table, rolled back after."""
    with seeded_engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield Database.bound_to(connection)
        finally:
            transaction.rollback()


@pytest.fixture(scope="module")
async def table_client(
    seeded_url: str, table_database: Database
) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(seeded_url).model_copy(update={"max_body_bytes": BODY_LIMIT})
    app = create_app(settings, database=table_database)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


async def _chunks(body: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(body), 4096):
        yield body[start : start + 4096]


async def send(client: httpx.AsyncClient, row: Malformed) -> httpx.Response:
    content: Any = row.body
    if row.chunked and row.body is not None:
        content = _chunks(row.body)  # no Content-Length: Transfer-Encoding: chunked
    return await client.request(row.method, row.path, headers=dict(row.headers), content=content)


def _named(body: Any, field: str) -> bool:
    """The v1 error names ``field``; a legacy parser error (``errors.<arg>``) has its key."""
    if field.startswith("errors."):
        return field.removeprefix("errors.") in body.get("errors", {})
    return field in {error["field"] for error in body.get("errors", [])}


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
async def test_malformed_request(row: Malformed, table_client: httpx.AsyncClient) -> None:
    response = await send(table_client, row)

    assert response.status_code == row.status, response.text[:500]
    if row.field is not None:
        assert _named(response.json(), row.field), response.text[:500]
    if row.body_json is not UNSET:
        assert response.json() == row.body_json
    if row.header is not None:
        name, value = row.header
        assert response.headers.get(name) == value
    if response.headers.get("content-type", "").startswith("application/json"):
        assert "Traceback" not in response.text
