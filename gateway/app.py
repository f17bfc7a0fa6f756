"""The root ASGI app: /api/v1 on FastAPI, everything else under /api on the legacy Flask app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from a2wsgi import WSGIMiddleware
from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

import api_v1
import legacy_flask
from api_v1 import deps
from api_v1.errors import install_error_handlers
from api_v1.fallback import fallback
from gateway.settings import Settings
from shared_db.engine import Database

V1_PREFIX = "/api/v1"
LEGACY_PREFIX = "/api"


def create_app(settings: Settings | None = None, *, database: Database | None = None) -> FastAPI:
    """Build the gateway. Nothing touches the database until the first request.

    ``database`` is for tests that hand in one bound to their own transaction; otherwise
    one is made from the settings and started and disposed by the lifespan.
    """
    settings = settings or Settings()
    database = database or Database(settings.database_config())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Sync routes and yield dependencies run in this pool; size it as the settings say,
        # since the connection pool was sized from the same number.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.api_threads
        database.start()
        try:
            yield
        finally:
            await database.dispose_async()
            database.dispose()

    # Swagger UI and ReDoc served from packaged assets, not a CDN: the docs work offline.
    app = FastAPIOffline(
        title="CI results API",
        version="1.0.0",
        summary="Projects, builds, tests, syncs and updates of a CI service.",
        lifespan=lifespan,
        openapi_url=f"{V1_PREFIX}/openapi.json",
        docs_url=f"{V1_PREFIX}/docs",
        redoc_url=f"{V1_PREFIX}/redoc",
        swagger_ui_oauth2_redirect_url=f"{V1_PREFIX}/docs/oauth2-redirect",
        static_url=f"{V1_PREFIX}/static",
    )
    app.state.settings = settings
    deps.configure(app, database, max_sessions=settings.api_threads)
    install_error_handlers(app)
    app.include_router(api_v1.router, prefix=V1_PREFIX)

    legacy = legacy_flask.create_app(database, settings.legacy_config())
    app.state.legacy_app = legacy
    # Every /api/v1 request no v1 route takes (unknown path, or method) ends here, never in
    # the legacy app below.
    app.mount(V1_PREFIX, fallback)
    app.mount(LEGACY_PREFIX, WSGIMiddleware(legacy, workers=settings.wsgi_threads))  # type: ignore[arg-type]
    return app
