"""The ops views: the status as JSON (valid against its schema) and HTML, /metrics, and the
token that guards them all."""

from __future__ import annotations

import base64

import httpx
import jsonschema
import pytest
from sqlalchemy.orm import Session
from starlette.applications import Starlette

from gateway.app import GatewayState
from gateway.migration.modes import Mode, change_mode
from gateway.ops.schema import MIGRATION_SCHEMA

OPS_ROUTES = [
    "/ops/migration",
    "/ops/migration.json",
    "/ops/migration.schema.json",
    "/ops/migration/operations/copr-builds.get",
    "/metrics",
]


def _put(gateway: Starlette, session: Session, name: str, mode: Mode) -> None:
    state: GatewayState = gateway.state.gateway
    change_mode(
        session,
        state.registry.select(name),
        mode,
        actor="t",
        reason="t",
        code_version="t",
        force=True,
    )
    session.commit()


async def test_the_json_follows_its_schema_and_counts_what_moved(
    gateway: Starlette, client: httpx.AsyncClient, session: Session
) -> None:
    _put(gateway, session, "copr-builds", Mode.cutover)
    _put(gateway, session, "koji-builds.get", Mode.retired)
    document = (await client.get("/ops/migration.json")).json()
    jsonschema.validate(document, MIGRATION_SCHEMA)
    assert document["operations_total"] == len(gateway.state.gateway.registry.operations)
    assert document["operations_off_flask"] == 4
    modes = {op["id"]: op["mode"] for op in document["operations"]}
    assert modes["copr-builds.list"] == "cutover"
    assert modes["koji-builds.get"] == "retired"
    assert document["flask_removable"] is False  # no Flask-off run recorded


async def test_the_page_lists_every_operation_and_its_progress(
    gateway: Starlette, client: httpx.AsyncClient, session: Session
) -> None:
    _put(gateway, session, "copr-builds", Mode.cutover)
    page = await client.get("/ops/migration")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for operation in gateway.state.gateway.registry.operations:
        assert f'data-operation="{operation.id}"' in page.text
    document = (await client.get("/ops/migration.json")).json()
    assert f'<span id="moved">{document["operations_off_flask"]}</span>' in page.text


async def test_an_unknown_operation_page_is_404(client: httpx.AsyncClient) -> None:
    assert (await client.get("/ops/migration/operations/nope.get")).status_code == 404


async def test_the_ops_views_are_not_in_the_v1_document(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/api/v1/openapi.json")).json()["paths"]
    assert not [path for path in paths if "ops" in path or "metrics" in path]


async def test_metrics_count_requests_by_operation_and_stack(client: httpx.AsyncClient) -> None:
    await client.get("/api/healthz")
    await client.get("/api/v1/copr-builds/12345")
    text = (await client.get("/metrics")).text
    assert 'gateway_requests_total{method="GET",operation="healthz.get"' in text
    assert 'operation="GET /api/v1/copr-builds/{id}",stack="v1",status="4xx"' in text
    assert "gateway_request_seconds_bucket" in text


class TestToken:
    @pytest.mark.settings(ops_token="s3cret")
    @pytest.mark.parametrize("path", OPS_ROUTES)
    async def test_every_ops_route_asks_for_it(self, client: httpx.AsyncClient, path: str) -> None:
        refused = await client.get(path)
        assert refused.status_code == 401
        assert "Bearer" in refused.headers["www-authenticate"]
        wrong = await client.get(path, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        bearer = await client.get(path, headers={"Authorization": "Bearer s3cret"})
        assert bearer.status_code == 200
        basic = base64.b64encode(b"ops:s3cret").decode()
        assert (
            await client.get(path, headers={"Authorization": f"Basic {basic}"})
        ).status_code == 200

    @pytest.mark.settings(ops_token="s3cret")
    async def test_the_apis_do_not_ask_for_it(self, client: httpx.AsyncClient) -> None:
        assert (await client.get("/api/healthz")).status_code == 200
        assert (await client.get("/api/v1/healthz")).status_code == 200

    @pytest.mark.parametrize("path", OPS_ROUTES)
    async def test_without_a_token_set_they_are_open(
        self, client: httpx.AsyncClient, path: str
    ) -> None:
        assert (await client.get(path)).status_code == 200
