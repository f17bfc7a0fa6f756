from __future__ import annotations

import re

import httpx
import pytest
from starlette.applications import Starlette

from gateway.app import GatewayState
from shared_db.migrate import current_heads


class TestLegacyMount:
    async def test_legacy_healthz_answers_the_contract_body(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.get("/api/healthz")

        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.json() == {"status": "We are healthy!"}

    async def test_legacy_healthz_head_has_no_body(self, client: httpx.AsyncClient) -> None:
        response = await client.head("/api/healthz")

        assert response.status_code == 200
        assert response.content == b""

    async def test_unknown_legacy_path_is_answered_by_flask(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.get("/api/no-such-thing")

        # Flask's own page, as the legacy API has always answered unknown paths.
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")

    async def test_legacy_swagger_json_is_served_under_api(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/swagger.json")

        assert response.status_code == 200
        document = response.json()
        assert document["basePath"] == "/api"
        assert "/healthz" in document["paths"]

    async def test_legacy_swagger_ui_and_its_assets_load(self, client: httpx.AsyncClient) -> None:
        page = await client.get("/api/")
        assets = re.findall(r'(?:src|href)="(/api/swaggerui/[^"]+)"', page.text)

        assert page.status_code == 200
        assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
        for asset in assets:
            response = await client.get(asset)
            assert response.status_code == 200, asset
            assert response.content


class TestRoutingByPrefix:
    @pytest.mark.parametrize(
        ("path", "code"),
        [("/api/v1/no%0Asuch", "not_found"), ("/api/v1", "not_found")],
    )
    async def test_every_v1_path_is_answered_by_v1(
        self, client: httpx.AsyncClient, path: str, code: str
    ) -> None:
        response = await client.get(path)
        assert (response.status_code, response.json()["code"]) == (404, code)

    async def test_a_legacy_path_with_a_newline_reaches_the_legacy_stack(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.get("/api/allowlist/a%0Ab")
        assert response.status_code in (204, 404)
        assert response.headers["content-type"] != "text/plain; charset=utf-8"

    async def test_outside_every_prefix_is_a_plain_404(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/nothing-here")
        assert (response.status_code, response.text) == (404, "Not Found")


class TestV1Routes:
    async def test_v1_healthz_reads_the_database(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/healthz")

        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok"
        assert body["database"]["schema_revision"] in current_heads()
        assert body["database"]["projects"] == 0

    async def test_unknown_v1_path_never_reaches_flask(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/no-such-thing")

        assert response.status_code == 404
        assert response.json() == {
            "status": 404,
            "code": "not_found",
            "detail": "No such v1 resource: /api/v1/no-such-thing",
            "errors": [],
        }

    async def test_unknown_v1_path_with_post_is_a_v1_404(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/api/v1/healthz/deeper", json={})

        assert response.status_code == 404
        assert response.json()["code"] == "not_found"

    async def test_swagger_ui_renders_with_local_assets_only(
        self, client: httpx.AsyncClient
    ) -> None:
        await self._renders_offline(client, "/api/v1/docs")

    async def test_redoc_renders_with_local_assets_only(self, client: httpx.AsyncClient) -> None:
        await self._renders_offline(client, "/api/v1/redoc")

    @staticmethod
    async def _renders_offline(client: httpx.AsyncClient, page: str) -> None:
        response = await client.get(page)
        assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css|png))"', response.text)

        assert response.status_code == 200
        assert "/api/v1/openapi.json" in response.text
        assert assets
        for asset in assets:
            assert asset.startswith("/api/v1/static/"), asset  # no CDN: works offline
            loaded = await client.get(asset)
            assert loaded.status_code == 200, asset

    async def test_openapi_lists_v1_routes_only(self, client: httpx.AsyncClient) -> None:
        document = (await client.get("/api/v1/openapi.json")).json()

        # Paths are relative to the server the document names: the v1 mount.
        assert document["servers"] == [{"url": "/api/v1"}]
        assert "/healthz" in document["paths"]
        assert not any(path.startswith("/api") for path in document["paths"])

    async def test_openapi_documents_errors_with_the_v1_error_model(
        self, client: httpx.AsyncClient
    ) -> None:
        document = (await client.get("/api/v1/openapi.json")).json()
        responses = document["paths"]["/copr-builds/{id}"]["get"]["responses"]

        for status in ("404", "422", "503"):
            schema = responses[status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorRead"}
        assert "HTTPValidationError" not in document["components"]["schemas"]


class TestLifespan:
    async def test_thread_pool_is_sized_from_settings(self, gateway: Starlette) -> None:
        import anyio.to_thread

        limiter = anyio.to_thread.current_default_thread_limiter()
        assert limiter.total_tokens == gateway.state.gateway.settings.api_threads

    async def test_v1_and_the_legacy_views_share_one_session_limit(
        self, gateway: Starlette
    ) -> None:
        state: GatewayState = gateway.state.gateway
        v1_state, views_state = state.v1.state.v1, state.views.state.v1
        assert v1_state.session_limiter is views_state.session_limiter
        assert v1_state.session_limiter.total_tokens == state.settings.api_threads
