"""Claims every /api/v1 request no v1 route takes, so none falls through to the legacy mount.

A path that exists with other methods answers 405 with ``Allow``; any other path 404.
Both in the v1 error model.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import HTTPException, Request
from starlette.routing import compile_path
from starlette.types import Receive, Scope, Send

from shared_db.errors import NotFound


def _real_routes(request: Request) -> Iterator[tuple[str, set[str]]]:
    """(full path template, methods) of every v1 route."""
    for route in request.app.router.routes:
        # FastAPI keeps included routers as one lazy route; it lists the real ones.
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is None:
            continue
        for context in contexts():
            methods = getattr(context.original_route, "methods", None)
            if methods:
                yield context.path, methods


def _allowed_methods(request: Request) -> list[str]:
    """The methods some real v1 route answers on this path."""
    allowed: set[str] = set()
    for path, methods in _real_routes(request):
        regex, _, _ = compile_path(path)
        if regex.match(request.url.path):
            allowed |= methods
    return sorted(allowed)


async def fallback(scope: Scope, receive: Receive, send: Send) -> None:
    """ASGI app the gateway mounts at /api/v1 after the v1 routes, before the legacy mount.

    A Mount takes every method, even ones invented later (QUERY); what it raises goes to
    the v1 error handlers like any route's error.
    """
    request = Request(scope, receive)
    allowed = _allowed_methods(request)
    if allowed:
        raise HTTPException(405, "Method Not Allowed", headers={"Allow": ", ".join(allowed)})
    raise NotFound(f"No such v1 resource: {request.url.path}")
