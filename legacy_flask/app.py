"""The legacy Flask-RESTX app factory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, current_app
from flask_restx import Api
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.routing import IntegerConverter, Map

from legacy_flask import (
    allowlist,
    bodhi_updates,
    copr_builds,
    db,
    errors,
    healthz,
    installations,
    koji_builds,
    koji_tag_requests,
    log_detective,
    openscanhub_scans,
    projects,
    propose_downstream,
    pull_from_upstream,
    runs,
    srpm_builds,
    system,
    testing_farm,
    usage,
    webhooks,
)
from shared_db.base import MAX_ID
from shared_db.engine import Database

# One namespace per resource group of the legacy contract, in the reference's order.
NAMESPACES = (
    copr_builds.ns,
    projects.ns,
    healthz.ns,
    installations.ns,
    testing_farm.ns,
    webhooks.ns,
    allowlist.ns,
    koji_builds.ns,
    koji_tag_requests.ns,
    srpm_builds.ns,
    runs.ns,
    propose_downstream.ns,
    usage.ns,
    pull_from_upstream.ns,
    system.ns,
    bodhi_updates.ns,
    openscanhub_scans.ns,
    log_detective.ns,
)


class IdConverter(IntegerConverter):
    """``<int:…>`` bounded by the INTEGER id columns: a larger number is the router's 404
    (what the contract says of ids that cannot be parsed), never a database error."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


# Routes Flask-RESTX adds for itself (swagger.json, the UI, static files): no operations.
FRAMEWORK_ENDPOINTS = frozenset({"static", "specs", "doc", "root", "restx_doc.static"})


def operations(app: Flask) -> set[tuple[str, str]]:
    """``(method, rule)`` of every operation the app's resources define: the methods each
    resource class implements (Flask's implied HEAD and OPTIONS are not operations)."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint in FRAMEWORK_ENDPOINTS:
            continue
        resource = getattr(app.view_functions[rule.endpoint], "view_class", None)
        for method in getattr(resource, "methods", None) or ():
            found.add((method, rule.rule))
    return found


class LegacyApi(Api):
    """RESTX's ``Api``, whose 500 for an error outside a resource's unit of work (a request
    hook, say) is the legacy one too, not RESTX's ``{"message": ...}``, which would also
    carry the exception's text. Its own HTTP errors (400 from the parser, 405) stay."""

    def handle_error(self, e: Exception) -> Response:
        if isinstance(e, HTTPException) or current_app.testing:
            return super().handle_error(e)  # testing: RESTX lets the error propagate
        return errors.unexpected_error_response(e)


def create_app(database: Database, config: Mapping[str, Any] | None = None) -> Flask:
    """Build the legacy app around a database the caller owns (and starts).

    Its routes sit at the app's root; the gateway mounts it under ``/api``, so that is the
    prefix every client sees (Flask reads it from SCRIPT_NAME). Every route that touches
    the database is a Flask-RESTX resource: the ``Api`` wraps each one in the request's
    unit of work (``db.unit_of_work``).
    """
    app = Flask(__name__)
    # Before any route is added: every <int:id> of the legacy routes is bounded by it.
    app.url_map.converters["int"] = IdConverter
    if config is not None:
        app.config.update(config)
    db.init_app(app, database)
    app.register_error_handler(InternalServerError, errors.internal_error)
    api = LegacyApi(
        app,
        version="1.0",
        title="CI results API (legacy)",
        description="The legacy API the dashboard reads; served unchanged during the migration."
        " New clients: the v1 API, documented at [/api/v1/docs](/api/v1/docs).",
        doc="/",
        decorators=[db.unit_of_work],
    )
    app.extensions["legacy_api"] = api
    for namespace in NAMESPACES:
        api.add_namespace(namespace)
    return app
