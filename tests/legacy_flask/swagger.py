"""The legacy swagger.json as the gateway serves it (``/api/swagger.json``), kept beside
the tests in ``swagger.json``.

Tests that walk every legacy operation read it from here, so the Flask-off run, which may
not import Flask, walks the same operations as the Flask run. The Flask run checks that
the file is the document Flask-RESTX writes today (test_schemathesis.py); after changing
a legacy resource, write it again with ``.venv/bin/python -m tests.legacy_flask.swagger``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
import httpx

SNAPSHOT = Path(__file__).with_name("swagger.json")


def snapshot() -> dict[str, Any]:
    """The document as committed."""
    document: dict[str, Any] = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    return document


def served() -> dict[str, Any]:
    """The document a gateway with Flask on serves now (imports Flask)."""
    from gateway.app import create_app
    from tests.conftest import make_settings

    app = create_app(make_settings("sqlite://", legacy_app="on"))  # the document needs no rows

    async def get() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.get("/api/swagger.json")

    response = anyio.run(get)
    response.raise_for_status()
    document: dict[str, Any] = response.json()
    return document


def write() -> None:
    SNAPSHOT.write_text(json.dumps(served(), indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write()
