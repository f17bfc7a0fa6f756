"""The one v1 error model, for validation errors, domain errors and database errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import httpx
import pytest
from fastapi import FastAPI, Query
from sqlalchemy import exc as sa_exc

from gateway.app import create_app
from gateway.settings import Settings
from shared_db.engine import Database
from shared_db.errors import Conflict


@pytest.fixture
async def probed_client(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    gateway = create_app(settings, database=database)
    app: FastAPI = gateway.state.gateway.v1

    @app.get("/_probe/items")
    def items(limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, int]:
        return {"limit": limit}

    @app.get("/_probe/conflict")
    def conflict() -> None:
        raise Conflict("That delivery was already stored")

    @app.get("/_probe/integrity")
    def integrity() -> None:
        raise sa_exc.IntegrityError("INSERT …", {}, Exception("secret detail"))

    transport = httpx.ASGITransport(app=gateway, raise_app_exceptions=False)
    async with (
        gateway.router.lifespan_context(gateway),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
    ):
        yield client


class TestValidationErrors:
    async def test_bad_parameter_is_a_422_naming_the_field(
        self, probed_client: httpx.AsyncClient
    ) -> None:
        response = await probed_client.get("/api/v1/_probe/items", params={"limit": 500})

        assert response.status_code == 422
        body = response.json()
        assert body["code"] == "validation_error"
        assert body["detail"] == "Invalid request: query.limit"
        assert [error["field"] for error in body["errors"]] == ["query.limit"]
        assert body["errors"][0]["type"] == "less_than_equal"

    async def test_non_numeric_parameter_is_a_422(self, probed_client: httpx.AsyncClient) -> None:
        response = await probed_client.get("/api/v1/_probe/items", params={"limit": "many"})

        assert response.status_code == 422
        assert response.json()["errors"][0]["type"] == "int_parsing"


class TestDomainAndDatabaseErrors:
    async def test_domain_error_keeps_its_status(self, probed_client: httpx.AsyncClient) -> None:
        response = await probed_client.get("/api/v1/_probe/conflict")

        assert response.status_code == 409
        assert response.json() == {
            "status": 409,
            "code": "conflict",
            "detail": "That delivery was already stored",
            "errors": [],
        }

    async def test_database_bug_is_a_500_without_internals(
        self, probed_client: httpx.AsyncClient
    ) -> None:
        response = await probed_client.get("/api/v1/_probe/integrity")

        assert response.status_code == 500
        assert response.json()["code"] == "internal_error"
        assert "secret" not in response.text

    async def test_wrong_method_on_a_known_path_is_a_405(
        self, probed_client: httpx.AsyncClient
    ) -> None:
        response = await probed_client.delete("/api/v1/_probe/items")

        assert response.status_code == 405
        assert response.json()["code"] == "method_not_allowed"


@pytest.mark.parametrize("method", ["DELETE", "PUT", "TRACE"])
async def test_a_known_path_with_another_method_is_405_with_allow(
    client: httpx.AsyncClient, method: str
) -> None:
    response = await client.request(method, "/api/v1/healthz")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert response.json()["code"] == "method_not_allowed"


async def test_an_unknown_method_on_an_unknown_v1_path_stays_on_v1(
    client: httpx.AsyncClient,
) -> None:
    response = await client.request("TRACE", "/api/v1/no/such/thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
