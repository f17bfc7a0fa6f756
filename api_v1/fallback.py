"""Claims every /api/v1 request no v1 route takes, so none falls through to the legacy mount.

A path that exists with other methods answers 405 with ``Allow``; any other path 404.
Both in the v1 error model.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NoReturn

from fastapi import APIRouter, HTTPException, Request
from starlette.routing import compile_path

from shared_db.errors import NotFound

router = APIRouter()

# Every method, so that even TRACE or CONNECT on a v1 path never reaches the legacy app.
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]


def _real_routes(request: Request) -> Iterator[tuple[str, set[str]]]:
    """(full path template, methods) of every v1 route but this one."""
    for route in request.app.router.routes:
        # FastAPI keeps included routers as one lazy route; it lists the real ones.
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is None:
            continue
        for context in contexts():
            methods = getattr(context.original_route, "methods", None)
            if context.endpoint is not unknown_path and methods:
                yield context.path, methods


def _allowed_methods(request: Request) -> list[str]:
    """The methods some real v1 route answers on this path."""
    allowed: set[str] = set()
    for path, methods in _real_routes(request):
        regex, _, _ = compile_path(path)
        if regex.match(request.url.path):
            allowed |= methods
    return sorted(allowed)


@router.api_route("/{path:path}", methods=ALL_METHODS, include_in_schema=False, response_model=None)
async def unknown_path(path: str, request: Request) -> NoReturn:
    allowed = _allowed_methods(request)
    if allowed:
        raise HTTPException(405, "Method Not Allowed", headers={"Allow": ", ".join(allowed)})
    raise NotFound(f"No such v1 resource: /api/v1/{path}")
