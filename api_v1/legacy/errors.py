"""How the legacy views fail: in the legacy app's own words and bytes.

- domain errors: ``{"error": message}`` with their status, as ``legacy_flask.errors``;
- a bad argument: RESTX's 400 (see :mod:`api_v1.legacy.arguments`);
- an unknown path: werkzeug's HTML 404 page; a known path with another method: RESTX's
  JSON 405 with ``Allow``; ``OPTIONS``: Flask's empty 200 with ``Allow``;
- the database away: 503 with ``Retry-After``; anything else: the legacy 500.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request, Response
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException
from starlette.types import Receive, Scope, Send

from api_v1.legacy.arguments import ArgumentError
from api_v1.legacy.responses import legacy_json, restx_json
from api_v1.routes import allowed_methods
from shared_db.errors import OUTAGE_WARNINGS, DomainError, unavailable_from

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = "5"
INTERNAL_ERROR = "Internal server error"
METHOD_NOT_ALLOWED = {"message": "The method is not allowed for the requested URL."}
PAYLOAD_TOO_LARGE = {"message": "The data value transmitted exceeds the capacity limit."}
HTML = "text/html; charset=utf-8"
NOT_FOUND_PAGE = (
    b"<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
    b"<p>The requested URL was not found on the server. If you entered the URL manually "
    b"please check your spelling and try again.</p>\n"
)


def domain_error_response(error: DomainError) -> Response:
    headers = {"Retry-After": RETRY_AFTER_SECONDS} if error.status_code == 503 else None
    return legacy_json({"error": error.message}, error.status_code, headers)


async def _domain_error(_: Request, error: Exception) -> Response:
    assert isinstance(error, DomainError)
    if isinstance(error, ArgumentError):
        return restx_json({"errors": error.errors, "message": error.message}, 400)
    return domain_error_response(error)


async def _database_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, SQLAlchemyError)
    unavailable = unavailable_from(error)
    if unavailable is None:  # answered here, never raised further: logged here
        logger.error("database error on %s", request.url.path, exc_info=error)
        return await _unexpected_error(request, error)
    warn_unavailable(error)
    return domain_error_response(unavailable)


async def _unexpected_error(_: Request, __: Exception) -> Response:
    # Raised on past this answer: the gateway's access log writes it, once, with its trace.
    return legacy_json({"error": INTERNAL_ERROR}, 500)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if error.status_code != 405:
        return Response(NOT_FOUND_PAGE, status_code=404, media_type=HTML)
    allow = ", ".join(["OPTIONS", *allowed_methods(request.scope, request.app)])
    if request.method == "OPTIONS":
        return Response(b"", status_code=200, headers={"Allow": allow}, media_type=HTML)
    return restx_json(METHOD_NOT_ALLOWED, 405, {"Allow": allow})


async def not_found_page(scope: Scope, receive: Receive, send: Send) -> None:
    """What werkzeug answers for a path no rule matches."""
    await Response(NOT_FOUND_PAGE, status_code=404, media_type=HTML)(scope, receive, send)


def warn_unavailable(error: Exception) -> None:
    OUTAGE_WARNINGS.warn(logger, error)


def install_error_handlers(app: FastAPI) -> None:
    app.router.default = not_found_page
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(SQLAlchemyError, _database_error)
    app.add_exception_handler(Exception, _unexpected_error)
