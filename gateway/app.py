"""The root ASGI app: composition only.

- ``/api/v1``: the v1 FastAPI app (``api_v1.app``), which answers every path below it;
- ``/api``: the migration dispatcher, which routes each legacy operation to Flask (mounted
  by ``gateway.legacy``), to its FastAPI legacy view (``api_v1.legacy``) or to a 410, by its
  mode, and shadows a sample of Flask's answers;
- ``/ops`` and ``/metrics``: the ops views (behind ``GATEWAY_OPS_TOKEN`` when set);
- around all of them: the request id, the access log and metrics, the body limit.

With ``legacy_app=off`` Flask is never imported; the start is refused while any legacy
operation still needs it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

import anyio
import anyio.to_thread
from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import request_response
from starlette.types import ASGIApp, Scope

from api_v1 import app as v1_app
from api_v1.errors import error_response
from api_v1.feed import EventFeed
from api_v1.legacy import app as views_app
from api_v1.legacy.errors import PAYLOAD_TOO_LARGE
from api_v1.legacy.responses import restx_bytes
from api_v1.routes import route_path
from api_v1.state import V1State
from gateway.background import keep_event_feed_pruned
from gateway.heap import frozen_heap
from gateway.middleware import BodyLimitMiddleware, Prefixes, RequestIdMiddleware, TooLarge
from gateway.migration.dispatch import LegacyDispatcher
from gateway.migration.modes import Mode, ModeCache
from gateway.migration.registry import Registry, build_registry
from gateway.migration.shadow import Shadow
from gateway.migration.tally import Tally
from gateway.observability.access import AccessMiddleware
from gateway.observability.logs import route_structlog_to_logging
from gateway.observability.metrics import Metrics, forget_dead_workers
from gateway.ops.app import OpsContext, create_ops_app, metrics_endpoint
from gateway.ops.auth import OpsTokenMiddleware
from gateway.settings import Settings
from gateway.usage_job import UsageJob
from shared_db.engine import Database

logger = logging.getLogger(__name__)

V1_PREFIX = v1_app.PREFIX
LEGACY_PREFIX = "/api"
FLASK_MODULES = ("flask", "flask_restx", "a2wsgi")


class FlaskStillNeeded(RuntimeError):
    """The gateway was started with Flask off while some operations still need it."""


@dataclass
class GatewayState:
    """What the gateway is made of, for its lifespan, the commands and the tests."""

    settings: Settings
    database: Database
    registry: Registry
    modes: ModeCache
    tally: Tally
    metrics: Metrics
    shadow: Shadow | None
    v1: FastAPI
    views: FastAPI
    flask: object | None  # the Flask app, when it is on


def _too_large(limit: int) -> Callable[[Scope], TooLarge]:
    def answer(scope: Scope) -> TooLarge:
        path = route_path(scope)
        if path == V1_PREFIX or path.startswith(V1_PREFIX + "/"):
            response = error_response(
                413, "payload_too_large", f"The body is larger than {limit} bytes"
            )
            return 413, [(b"content-type", b"application/json")], bytes(response.body)
        return 413, [(b"content-type", b"application/json")], restx_bytes(PAYLOAD_TOO_LARGE)

    return answer


def flask_still_needed(state: GatewayState) -> list[str]:
    """The operations that Flask would answer: neither cut over nor retired."""
    snapshot = state.modes.snapshot
    return [
        operation.id
        for operation in state.registry.operations
        if snapshot.of(operation.id).mode not in (Mode.cutover, Mode.retired)
    ]


async def _first_modes(state: GatewayState) -> None:
    """Read the modes before serving. With Flask on, a database that cannot be reached yet
    leaves every operation on Flask (the modes are read again every few seconds); with
    Flask off the start is refused unless every operation is known to need no Flask."""
    try:
        await state.modes.refresh()
    except Exception as error:
        if state.flask is None:
            raise FlaskStillNeeded(
                f"legacy_app=off, but the migration modes cannot be read: {error}"
            ) from error
        logger.warning(
            "migration modes not read at start (%s): Flask answers", type(error).__name__
        )
        return
    if state.flask is None:
        needed = flask_still_needed(state)
        if needed:
            raise FlaskStillNeeded(
                "legacy_app=off, but these operations are neither cut over nor retired"
                f" (Flask would answer them): {', '.join(needed)}"
            )


@asynccontextmanager
async def _shadow_queue(shadow: Shadow | None) -> AsyncIterator[None]:
    if shadow is None:
        yield
        return
    with shadow.open():
        yield


def _protected(app: ASGIApp, settings: Settings) -> ASGIApp:
    token = None if settings.ops_token is None else settings.ops_token.get_secret_value()
    return OpsTokenMiddleware(app, token)


def create_app(settings: Settings | None = None, *, database: Database | None = None) -> Starlette:
    """Build the gateway. Nothing touches the database until the lifespan starts.

    ``database`` is for tests that hand in one bound to their own transaction; otherwise
    one is made from the settings and started and disposed by the lifespan.
    """
    settings = settings or Settings()
    route_structlog_to_logging()
    database = database or Database(settings.database_config())
    shared = V1State.of(settings.v1_config(), database)
    v1 = v1_app.create_app(shared)
    views = views_app.create_app(shared)
    flask_asgi: ASGIApp | None = None
    flask = None
    flask_operations = None
    if settings.legacy_app == "on":
        from gateway.legacy import mount_legacy  # imports flask, flask_restx, a2wsgi

        mounted = mount_legacy(database, settings)
        flask_asgi, flask, flask_operations = mounted.asgi, mounted.flask, mounted.operations
    registry = build_registry(views_app.declared_operations(), v1, flask_operations)
    metrics = Metrics()
    tally = Tally(database, settings.traffic_flush_seconds)
    shadow = None
    if flask_asgi is not None:
        # The views again, behind a session limit of their own: shadow work never takes a
        # connection a client's request is waiting for.
        shadow_views = views_app.create_app(
            V1State.of(settings.v1_config(max_sessions=settings.shadow_sessions), database)
        )
        shadow = Shadow(shadow_views, flask_asgi, tally, metrics, settings.shadow_queue)
    modes = ModeCache(database, settings.mode_refresh_seconds)
    feed = EventFeed(database, settings.feed_config())  # starts reading with its first stream
    feed.install(v1)
    retention = timedelta(hours=settings.events_retention_hours)
    usage_job = UsageJob(database, settings.usage_freshness_seconds)
    state = GatewayState(
        settings, database, registry, modes, tally, metrics, shadow, v1, views, flask
    )

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        # Scans and shadow work run in this pool; size it as the settings say, since the
        # connection pool was sized from the same numbers.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.api_threads
        forget_dead_workers()
        tally.clear()
        database.start()
        try:
            await _first_modes(state)
            # Frozen once the apps are built and the worker has started (gateway.heap).
            with frozen_heap(settings.freeze_heap):
                async with _shadow_queue(shadow), anyio.create_task_group() as jobs:
                    jobs.start_soon(feed.run)
                    if settings.background_jobs:
                        jobs.start_soon(keep_event_feed_pruned, database, retention)
                        jobs.start_soon(modes.follow)
                        jobs.start_soon(tally.follow)
                        jobs.start_soon(usage_job.follow)
                        if shadow is not None:
                            jobs.start_soon(shadow.run)
                    yield
                    jobs.cancel_scope.cancel()
        finally:
            await database.dispose_async()
            database.dispose()

    ops = create_ops_app(OpsContext(database, registry, metrics, settings.quiet_days))
    prefixes = Prefixes(
        {
            V1_PREFIX: v1,
            LEGACY_PREFIX: LegacyDispatcher(registry, views, flask_asgi, modes, shadow),
            "/ops": _protected(ops, settings),
            "/metrics": _protected(request_response(metrics_endpoint(metrics)), settings),
        },
        default=PlainTextResponse("Not Found", status_code=404),
    )
    app = Starlette(
        middleware=[
            Middleware(RequestIdMiddleware),
            Middleware(AccessMiddleware, metrics=metrics, tally=tally, v1_prefix=V1_PREFIX),
            Middleware(
                BodyLimitMiddleware,
                max_bytes=settings.max_body_bytes,
                answer=_too_large(settings.max_body_bytes),
            ),
        ],
        lifespan=lifespan,
    )
    # Every request goes to ``prefixes`` (no routes of its own: the router only runs the
    # lifespan and hands on).
    app.router.default = prefixes
    app.state.gateway = state
    return app
