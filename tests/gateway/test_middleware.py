"""The middlewares that act on both stacks: request ids and the request-body limit."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import Scope

from gateway.middleware import BodyLimitMiddleware, RequestIdMiddleware, TooLarge
from tests.conftest import TESTING_FARM_SECRET
from tests.webhooks import PR_OPENED, github_headers, stored


async def echo(request: Request) -> JSONResponse:
    body = await request.body()
    return JSONResponse(
        {
            "header": request.headers.get("x-request-id"),
            "state": getattr(request.state, "request_id", None),
            "length": len(body),
        }
    )


def toy(limit: int = 100) -> Starlette:
    def answer(scope: Scope) -> TooLarge:
        return 413, [(b"content-type", b"text/plain")], b"too large for " + scope["path"].encode()

    app = Starlette(routes=[Route("/echo", echo, methods=["GET", "POST"])])
    return RequestIdMiddleware(BodyLimitMiddleware(app, max_bytes=limit, answer=answer))  # type: ignore[return-value]


@pytest.fixture
async def toy_client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=toy())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        yield client


def chunks(total: int, size: int = 10) -> AsyncIterator[bytes]:
    async def generate() -> AsyncIterator[bytes]:
        for start in range(0, total, size):
            yield b"x" * min(size, total - start)

    return generate()


class TestRequestId:
    async def test_one_is_made_when_the_client_sends_none(
        self, toy_client: httpx.AsyncClient
    ) -> None:
        response = await toy_client.get("/echo")
        made = response.headers["x-request-id"]
        assert re.fullmatch(r"[0-9a-f]{32}", made)
        assert response.json()["header"] == response.json()["state"] == made

    async def test_the_clients_id_is_kept(self, toy_client: httpx.AsyncClient) -> None:
        response = await toy_client.get("/echo", headers={"X-Request-ID": "dash-42.a:b"})
        assert response.headers["x-request-id"] == "dash-42.a:b"
        assert response.json()["state"] == "dash-42.a:b"

    @pytest.mark.parametrize("bad", ["has space", "x" * 129, "new\u00e9", "a,b"])
    async def test_an_id_that_is_no_plain_token_is_replaced(
        self, toy_client: httpx.AsyncClient, bad: str
    ) -> None:
        response = await toy_client.get("/echo", headers={b"X-Request-ID": bad.encode("utf-8")})
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])
        assert response.json()["header"] == response.headers["x-request-id"]


class TestBodyLimit:
    async def test_a_declared_length_over_the_limit_is_refused_unread(
        self, toy_client: httpx.AsyncClient
    ) -> None:
        response = await toy_client.post("/echo", content=b"x" * 101)
        assert (response.status_code, response.content) == (413, b"too large for /echo")

    async def test_a_chunked_body_within_the_limit_is_read_whole(
        self, toy_client: httpx.AsyncClient
    ) -> None:
        response = await toy_client.post("/echo", content=chunks(100))
        assert response.status_code == 200
        assert response.json()["length"] == 100

    async def test_a_chunked_body_over_the_limit_is_413(
        self, toy_client: httpx.AsyncClient
    ) -> None:
        response = await toy_client.post("/echo", content=chunks(500))
        assert (response.status_code, response.content) == (413, b"too large for /echo")


# --- Through the gateway: both stacks.


class TestThroughTheGateway:
    async def test_the_request_id_reaches_flask_and_comes_back(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.get("/api/healthz", headers={"X-Request-ID": "legacy-1"})
        assert response.status_code == 200
        assert response.headers["x-request-id"] == "legacy-1"

    async def test_the_request_id_comes_back_from_v1(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/healthz", headers={"X-Request-ID": "v1-1"})
        assert response.headers["x-request-id"] == "v1-1"

    @pytest.mark.settings(max_body_bytes=1024)
    @pytest.mark.parametrize(
        "path", ["/api/webhooks/github", "/api/testing-farm/results", "/api/webhooks/gitlab"]
    )
    async def test_a_chunked_legacy_body_over_the_limit_is_the_legacy_413(
        self, client: httpx.AsyncClient, session: Session, path: str
    ) -> None:
        response = await client.post(path, content=chunks(4096, 256), headers=JSON)
        assert response.status_code == 413
        assert response.content == (
            b'{"message": "The data value transmitted exceeds the capacity limit."}\n'
        )
        assert stored(session) == []

    @pytest.mark.settings(max_body_bytes=1024)
    @pytest.mark.parametrize("path", ["/api/v1/webhooks/github", "/api/v1/testing-farm/results"])
    async def test_a_chunked_v1_body_over_the_limit_is_the_v1_413(
        self, client: httpx.AsyncClient, session: Session, path: str
    ) -> None:
        response = await client.post(path, content=chunks(4096, 256), headers=JSON)
        assert response.status_code == 413
        assert response.json() == {
            "status": 413,
            "code": "payload_too_large",
            "detail": "The body is larger than 1024 bytes",
            "errors": [],
        }
        assert stored(session) == []

    @pytest.mark.settings(max_body_bytes=1024)
    async def test_a_declared_length_over_the_limit_is_413_on_v1_testing_farm(
        self, client: httpx.AsyncClient
    ) -> None:
        body = json.dumps({"request_id": "x", "token": TESTING_FARM_SECRET, "pad": "x" * 2000})
        response = await client.post("/api/v1/testing-farm/results", content=body, headers=JSON)
        assert response.status_code == 413

    async def test_a_chunked_signed_delivery_is_stored_by_flask(
        self, client: httpx.AsyncClient, session: Session
    ) -> None:
        async def body() -> AsyncIterator[bytes]:
            for start in range(0, len(PR_OPENED), 7):
                yield PR_OPENED[start : start + 7]

        response = await client.post(
            "/api/webhooks/github", content=body(), headers=github_headers(PR_OPENED)
        )
        assert response.status_code == 202
        assert stored(session) == [("github", "d-1", PR_OPENED.decode())]


JSON = {"Content-Type": "application/json"}
