"""The FastAPI app of the legacy views: every legacy operation's view, at its legacy path.

The gateway hands it the requests of the operations that are cut over (and, with Flask
off, every request under ``/api``). Its routes are the registry: one per operation, named
by the operation id.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from fastapi import FastAPI

import api_v1.legacy
from api_v1.legacy.errors import install_error_handlers
from api_v1.legacy.routing import LegacyOperation, LegacyRouter
from api_v1.state import V1State

# Modules of the package that are machinery, not resource groups.
_MACHINERY = {"app", "arguments", "errors", "responses", "routing", "shapes"}


def view_modules() -> list[ModuleType]:
    """Every resource-group module of the package (one per legacy group), by name."""
    modules = []
    for info in sorted(pkgutil.iter_modules(api_v1.legacy.__path__), key=lambda i: i.name):
        if info.name in _MACHINERY or info.ispkg:
            continue
        module = importlib.import_module(f"{api_v1.legacy.__name__}.{info.name}")
        if not isinstance(getattr(module, "router", None), LegacyRouter):
            raise TypeError(f"{module.__name__} has no LegacyRouter named router")
        modules.append(module)
    return modules


def declared_operations() -> list[LegacyOperation]:
    """Every legacy operation the views declare, group by group, in declaration order."""
    return [operation for module in view_modules() for operation in module.router.operations]


def create_app(state: V1State) -> FastAPI:
    # No slash redirects: werkzeug answers /koji-builds/ with its 404 page, not a 307.
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None, redirect_slashes=False)
    state.install(app)
    install_error_handlers(app)
    for module in view_modules():
        # The routes themselves, as the v1 app takes them (api_v1.app.create_app): an
        # included router is matched again at every request.
        app.router.routes.extend(module.router.api_router.routes)
    return app
