"""The legacy Flask app as the gateway mounts it: through a2wsgi, its operations listed.

Only imported when the legacy app is on: with ``GATEWAY_LEGACY_APP=off`` the gateway
never imports flask, flask_restx or a2wsgi.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from a2wsgi import WSGIMiddleware
from flask import Flask
from starlette.types import ASGIApp

import legacy_flask
from gateway.settings import Settings
from legacy_flask.app import operations
from shared_db.engine import Database


def _terminated_input(app: Flask) -> Any:
    """a2wsgi's body stream ends where the request body ends; saying so lets werkzeug read a
    body that came without ``Content-Length`` (``Transfer-Encoding: chunked``) instead of
    taking it for empty."""

    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        environ["wsgi.input_terminated"] = True
        return app(environ, start_response)

    return wsgi


@dataclass(frozen=True)
class LegacyMount:
    asgi: ASGIApp
    flask: Flask
    operations: Iterable[tuple[str, str]]


def mount_legacy(database: Database, settings: Settings) -> LegacyMount:
    flask = legacy_flask.create_app(database, settings.legacy_config())
    asgi = WSGIMiddleware(_terminated_input(flask), workers=settings.wsgi_threads)
    return LegacyMount(asgi=asgi, flask=flask, operations=operations(flask))  # type: ignore[arg-type]
