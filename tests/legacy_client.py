"""The legacy API as the legacy tests drive it, whichever stack answers.

With Flask on (the default), ``legacy_client`` is Flask's test client on the legacy app
alone. With ``TEST_LEGACY_APP=off`` it is :class:`GatewayLegacyClient`: the same calls,
sent through a gateway started without Flask, every operation cut over to its FastAPI
legacy view. The legacy tests are written against :class:`LegacyClient`, so the same
tests hold both stacks to the contract.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal
from starlette.applications import Starlette


class LegacyResponse(Protocol):
    @property
    def status_code(self) -> int: ...
    @property
    def headers(self) -> Any: ...
    @property
    def is_json(self) -> bool: ...
    def get_json(self) -> Any: ...
    def get_data(self) -> bytes: ...


class LegacyClient(Protocol):
    def get(self, path: str, **kwargs: Any) -> Any: ...
    def head(self, path: str, **kwargs: Any) -> Any: ...
    def post(self, path: str, **kwargs: Any) -> Any: ...
    def open(self, path: str, method: str = ..., **kwargs: Any) -> Any: ...


class GatewayResponse:
    """An httpx answer with the parts of Flask's test response the tests read."""

    def __init__(self, status_code: int, headers: Mapping[str, str], body: bytes) -> None:
        self.status_code = status_code
        self.headers = headers
        self._body = body

    @property
    def is_json(self) -> bool:
        mimetype = self.headers.get("content-type", "").split(";")[0].strip()
        return mimetype == "application/json" or mimetype.endswith("+json")

    def get_json(self) -> Any:
        return json.loads(self._body) if self.is_json else None

    @property
    def json(self) -> Any:
        return self.get_json()

    def get_data(self) -> bytes:
        return self._body

    @property
    def data(self) -> bytes:
        return self._body


class GatewayLegacyClient:
    """Flask's test-client calls (paths relative to ``/api``) sent through a gateway."""

    def __init__(self, portal: BlockingPortal, client: httpx.AsyncClient) -> None:
        self._portal = portal
        self._client = client

    def open(self, path: str, method: str = "GET", **kwargs: Any) -> GatewayResponse:
        return self._open(path, method, **kwargs)

    def _open(
        self,
        path: str,
        method: str,
        *,
        headers: Mapping[str, str] | None = None,
        data: bytes | str | None = None,
        json: Any = None,
        query_string: Mapping[str, Any] | str | None = None,
    ) -> GatewayResponse:
        url = "/api/" + path.lstrip("/")
        content = data.encode() if isinstance(data, str) else data
        response = self._portal.call(
            lambda: self._client.request(
                method,
                url,
                headers=dict(headers or {}),
                content=content,
                json=json,
                params=query_string,
            )
        )
        return GatewayResponse(response.status_code, response.headers, response.content)

    def get(self, path: str, **kwargs: Any) -> GatewayResponse:
        return self.open(path, "GET", **kwargs)

    def head(self, path: str, **kwargs: Any) -> GatewayResponse:
        return self.open(path, "HEAD", **kwargs)

    def post(self, path: str, **kwargs: Any) -> GatewayResponse:
        return self.open(path, "POST", **kwargs)


@contextmanager
def gateway_client(app: Starlette) -> Iterator[GatewayLegacyClient]:
    """A started gateway (its lifespan run on an event loop of its own thread) and a
    synchronous client for it."""
    with (
        start_blocking_portal() as portal,
        portal.wrap_async_context_manager(app.router.lifespan_context(app)),
    ):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        client = httpx.AsyncClient(transport=transport, base_url="http://localhost")
        try:
            yield GatewayLegacyClient(portal, client)
        finally:
            portal.call(client.aclose)
