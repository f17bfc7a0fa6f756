"""One structured line per request, through the same pipeline as every other log line."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from starlette.applications import Starlette

from gateway.observability.logs import logging_config


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """The process's logging set up as ``gateway serve`` does, JSON, into a buffer."""
    stream = io.StringIO()
    config = logging_config("info", "json")
    config["handlers"]["default"] = {
        "class": "logging.StreamHandler",
        "formatter": "structlog",
        "stream": stream,
    }
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    logging.config.dictConfig(config)
    try:
        yield stream
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


async def test_each_request_is_one_json_line_with_its_operation(
    client: httpx.AsyncClient, json_lines: io.StringIO
) -> None:
    await client.get("/api/healthz", headers={"X-Request-ID": "r-1"})
    await client.get("/api/v1/copr-builds/42", headers={"X-Request-ID": "r-2"})
    access = [line for line in lines(json_lines) if line.get("logger") == "gateway.access"]
    assert [(a["request_id"], a["operation"], a["method"], a["status"]) for a in access] == [
        ("r-1", "healthz.get", "GET", 200),
        ("r-2", "GET /api/v1/copr-builds/{id}", "GET", 404),
    ]
    assert access[1]["stack"] == "v1"
    assert all(isinstance(a["duration_ms"], float) for a in access)
    assert all(a["level"] == "info" and "timestamp" in a for a in access)


async def test_an_unexpected_error_is_logged_once_with_its_trace(
    gateway: Starlette, client: httpx.AsyncClient, json_lines: io.StringIO
) -> None:
    v1: FastAPI = gateway.state.gateway.v1

    @v1.get("/_probe/boom")
    async def boom() -> None:
        raise RuntimeError("boom at the probe")

    response = await client.get("/api/v1/_probe/boom")
    assert response.status_code == 500
    assert response.json()["code"] == "internal_error"
    logged = [line for line in lines(json_lines) if "boom at the probe" in json.dumps(line)]
    assert len(logged) == 1
    assert logged[0]["event"] == "request failed"
    assert "Traceback" in str(logged[0]["exception"])
