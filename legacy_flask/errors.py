"""Error answers the legacy contract leaves open, in its own style: ``{"error": message}``.

Domain errors keep their status (the legacy 404 style); a database that cannot be reached
is a 503 with Retry-After; any other database error is a 500 that shows no internals.
Raised inside a resource, they are rendered by :func:`legacy_flask.db.unit_of_work`, so
Flask-RESTX's own error pipeline (which adds ``message`` and 404 hints) never sees them.
"""

from __future__ import annotations

import logging

from flask import Response, jsonify
from sqlalchemy.exc import SQLAlchemyError

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
