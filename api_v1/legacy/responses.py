"""Legacy answers written byte for byte as the Flask app writes them.

Two JSON writers stand behind the legacy app, and the dashboard has seen both:
- Flask's ``jsonify`` (the resources' answers): keys sorted, compact separators, ASCII only,
  one trailing newline;
- Flask-RESTX's ``output_json`` (the framework's own errors: bad arguments, 405, 413): keys
  in insertion order, ``json.dumps``' default separators, one trailing newline.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Response

from shared_db.queries.pages import PageWindow

JSON = "application/json"


def jsonify_bytes(value: Any) -> bytes:
    """What Flask's default JSON provider writes for ``value`` (outside debug mode)."""
    return (
        json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True) + "\n"
    ).encode()


def restx_bytes(value: Any) -> bytes:
    """What Flask-RESTX's ``output_json`` writes for ``value`` (outside debug mode)."""
    return (json.dumps(value) + "\n").encode()


def legacy_json(value: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A resource's answer, as ``legacy_flask.responses.response_maker`` makes it."""
    return Response(jsonify_bytes(value), status_code=status, headers=headers, media_type=JSON)


def restx_json(value: Any, status: int, headers: dict[str, str] | None = None) -> Response:
    """One of Flask-RESTX's own answers (its errors)."""
    return Response(restx_bytes(value), status_code=status, headers=headers, media_type=JSON)


def partial_content(items: list[Any], resource: str, window: PageWindow) -> Response:
    """206 with ``Content-Range: <resource> <first+1>-<last>/*``, as the legacy lists answer."""
    return legacy_json(items, 206, {"Content-Range": window.content_range(resource)})


def empty(status: int = 204) -> Response:
    """A resource's empty answer (``("", 204)`` in Flask: JSON type, no body)."""
    return Response(b"", status_code=status, media_type=JSON)
