"""How the legacy app renders errors that the legacy contract does not spell out.

Domain errors become ``{"error": message}`` with their status (the legacy 404 style);
a database that cannot be reached becomes a 503 in that same style, never a 500 page.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify
from flask_restx import Api
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import InternalServerError

from shared_db.errors import DatabaseUnavailable, DomainError, unavailable_from

logger = logging.getLogger(__name__)

RETRY_AFTER = {"Retry-After": "5"}
INTERNAL_ERROR = "Internal server error"

Rendered = tuple[dict[str, Any], int, dict[str, str]]


def _render(error: Exception, body: dict[str, Any], status: int) -> Rendered:
    # Flask-RESTX adds {"message": str(error)} to a handler's body unless the exception
    # carries the body itself in `data` (it then mutates only the copy returned here);
    # the merged message would leak internals and break the legacy shape.
    error.data = body  # type: ignore[attr-defined]
    return dict(body), status, RETRY_AFTER if status == 503 else {}


def init_app(app: Flask, api: Api) -> None:
    @api.errorhandler(DomainError)
    def _domain_error(error: DomainError) -> Rendered:
        return _render(error, {"error": error.message}, error.status_code)

    @api.errorhandler(SQLAlchemyError)
    def _database_error(error: SQLAlchemyError) -> Rendered:
        unavailable = unavailable_from(error)
        if unavailable is None:
            logger.exception("database error", exc_info=error)
            return _render(error, {"error": INTERNAL_ERROR}, 500)
        logger.warning("database unavailable: %s", error)
        return _render(error, {"error": unavailable.message}, unavailable.status_code)

    # Outside Flask-RESTX's resources (or when a commit fails after the view), Flask's own
    # 500 handler sees the error: keep it JSON, and keep database outages a 503.
    @app.errorhandler(InternalServerError)
    def _internal_error(error: InternalServerError) -> Any:
        original = error.original_exception
        if isinstance(original, SQLAlchemyError):
            unavailable: DatabaseUnavailable | None = unavailable_from(original)
            if unavailable is not None:
                return jsonify(error=unavailable.message), 503, RETRY_AFTER
        return jsonify(error=INTERNAL_ERROR), 500
