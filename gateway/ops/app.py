"""``/ops/migration`` (HTML), ``/ops/migration.json`` (its data, schema at
``/ops/migration.schema.json``), a page per operation with its last mismatches, and
``/metrics``. Every view renders the same :class:`~gateway.migration.status.MigrationStatus`.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from gateway.background import in_session
from gateway.migration.registry import Registry
from gateway.migration.status import MigrationStatus, mismatches, read_status
from gateway.migration.version import code_version
from gateway.observability.metrics import Metrics
from gateway.ops.schema import MIGRATION_SCHEMA
from shared_db.base import utcnow
from shared_db.engine import Database

TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class OpsContext:
    database: Database
    registry: Registry
    metrics: Metrics
    quiet_days: int


def _pretty(text: str) -> list[str]:
    try:
        return json.dumps(json.loads(text), indent=2, sort_keys=True).splitlines()
    except ValueError:
        return text.splitlines()


def side_by_side(legacy: str, view: str) -> str:
    """A two-column diff table of the two bodies (pretty-printed when JSON)."""
    table: str = difflib.HtmlDiff(wrapcolumn=60).make_table(
        _pretty(legacy), _pretty(view), "Flask", "legacy view", context=True, numlines=3
    )
    return table


def create_ops_app(context: OpsContext) -> Starlette:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"])
    )
    environment.filters["when"] = lambda moment: (
        "never" if moment is None else moment.strftime("%Y-%m-%d %H:%M UTC")
    )

    async def current() -> MigrationStatus:
        now = utcnow()
        return await in_session(
            context.database,
            lambda session: read_status(
                session, context.registry, code_version(), now, context.quiet_days
            ),
        )

    async def as_json(_: Request) -> Response:
        return JSONResponse((await current()).as_json())

    async def schema(_: Request) -> Response:
        return JSONResponse(MIGRATION_SCHEMA)

    async def page(_: Request) -> Response:
        template = environment.get_template("migration.html")
        return HTMLResponse(template.render(status=await current()))

    async def operation(request: Request) -> Response:
        operation_id = request.path_params["operation_id"]
        status = await current()
        found = next((op for op in status.operations if op.id == operation_id), None)
        if found is None:
            return HTMLResponse(f"no operation {operation_id}", status_code=404)

        def read(session: Session) -> list[dict[str, Any]]:
            return [
                {
                    "at": row.at,
                    "kind": row.kind,
                    "category": row.category,
                    "request": row.request,
                    "statuses": (row.legacy_status, row.view_status),
                    "differences": row.differences,
                    "diff": side_by_side(row.legacy_body, row.view_body),
                }
                for row in mismatches(session, operation_id)
            ]

        rows = await in_session(context.database, read)
        template = environment.get_template("operation.html")
        return HTMLResponse(template.render(op=found, mismatches=rows, status=status))

    return Starlette(
        routes=[
            Route("/migration.json", as_json),
            Route("/migration.schema.json", schema),
            Route("/migration", page),
            Route("/migration/operations/{operation_id}", operation),
        ]
    )


def metrics_endpoint(metrics: Metrics) -> Callable[[Request], Any]:
    async def endpoint(_: Request) -> Response:
        body, content_type = metrics.exposition()
        return Response(body, media_type=content_type)

    return endpoint


__all__ = ["OpsContext", "create_ops_app", "metrics_endpoint", "side_by_side"]
