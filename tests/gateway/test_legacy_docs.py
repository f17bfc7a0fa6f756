"""Flask-RESTX's Swagger UI and swagger.json work through the gateway's /api mount."""

from __future__ import annotations

import re

import httpx


async def test_swagger_ui_and_its_assets_resolve_under_api(client: httpx.AsyncClient) -> None:
    page = await client.get("/api/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    for asset in assets:
        assert asset.startswith("/api/swaggerui/"), asset
        response = await client.get(asset)
        assert response.status_code == 200, asset
        assert response.content, asset
    assert re.findall(r'url: "([^"]+)"', page.text) == ["/api/swagger.json"]


async def test_swagger_json_describes_the_legacy_api_under_api(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/swagger.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["basePath"] == "/api"
    assert spec["info"]["version"] == "1.0"
    assert "/copr-builds" in spec["paths"]
    assert "/webhooks/github" in spec["paths"]
    # The documented list parameters are the contract's.
    parameters = {p["name"]: p for p in spec["paths"]["/copr-builds"]["get"]["parameters"]}
    assert parameters["per_page"]["enum"] == [2, 10, 20, 30, 40, 50]
    assert parameters["page"]["default"] == 1
