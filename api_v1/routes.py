"""The routes of a FastAPI app, flattened: FastAPI keeps included routers as lazy routes, and
both the 405 answers and the gateway's twin registry need the real ones."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.types import Scope


@dataclass(frozen=True, slots=True)
class RouteInfo:
    path: str  # the template, relative to the app's mount: /copr-builds/{id}
    methods: frozenset[str]
    name: str
    endpoint: Callable[..., Any] | None
    regex: re.Pattern[str]


def route_infos(app: Starlette) -> Iterator[RouteInfo]:
    """Every route of ``app`` that answers HTTP methods, included routers expanded."""
    for route in app.router.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        candidates = list(contexts()) if contexts is not None else [route]
        for candidate in candidates:
            methods = getattr(candidate, "methods", None)
            regex = getattr(candidate, "path_regex", None)
            if not methods or regex is None:
                continue
            yield RouteInfo(
                path=getattr(candidate, "path", ""),
                methods=frozenset(methods),
                name=getattr(candidate, "name", ""),
                endpoint=getattr(candidate, "endpoint", None),
                regex=regex,
            )


def route_path(scope: Scope) -> str:
    """The request's path below the app's mount (what route templates are matched on)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def allowed_methods(scope: Scope, app: Starlette) -> list[str]:
    """Every method some route of ``app`` answers on the scope's path, sorted."""
    path = route_path(scope)
    allowed: set[str] = set()
    for info in route_infos(app):
        if info.regex.match(path):
            allowed |= info.methods
    return sorted(allowed)
