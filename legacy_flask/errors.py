"""Error answers the legacy contract leaves open, in its own style: ``{"error": message}``.

Domain errors keep their status (the legacy 404 style); a database that cannot be reached
is a 503 with Retry-After; any other error is a 500 in one shape, ``{"error": "Internal
server error"}``, that shows no trace, SQL or path (the dashboard reads ``error``).
Domain and database errors raised inside a resource are rendered by
:func:`legacy_flask.db.unit_of_work`; any other error reaches RESTX's error pipeline,
whose 500 (``{"message": ...}``, with the exception's text in it) ``LegacyApi`` replaces
with :func:`unexpected_error_response`, and outside the resources Flask's HTML page is
replaced by :func:`internal_error`.
"""

from __future__ import annotations

import logging

from flask import Response, jsonify
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import InternalServerError

from shared_db.errors import unavailable_from

logger = logging.getLogger(__name__)

INTERNAL_ERROR = "Internal server error"


def error_response(message: str, status: int) -> Response:
    response = jsonify(error=message)
    response.status_code = status
    if status == 503:
        response.headers["Retry-After"] = "5"
    return response


def database_error_response(error: SQLAlchemyError) -> Response:
    unavailable = unavailable_from(error)
    if unavailable is None:
        logger.error("database error", exc_info=error)
        return error_response(INTERNAL_ERROR, 500)
    logger.warning("database unavailable: %s", error)
    return error_response(unavailable.message, unavailable.status_code)


def unexpected_error_response(error: Exception) -> Response:
    logger.error("unexpected error", exc_info=error)
    return error_response(INTERNAL_ERROR, 500)


def internal_error(error: InternalServerError) -> Response:
    """Flask's handler for a 500 outside the resources (teardown, the docs, a hook)."""
    cause = error.original_exception
    logger.error("unexpected error", exc_info=cause if cause is not None else error)
    return error_response(INTERNAL_ERROR, 500)
