"""The v1 error handlers: domain errors, validation errors and database outages as ErrorRead."""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Receive, Scope, Send

from api_v1.openapi import error_doc, retry_after_doc
from api_v1.params import NO_NUL, NO_NUL_MESSAGE
from api_v1.routes import allowed_methods
from api_v1.schemas.errors import ErrorRead, FieldError
from shared_db.errors import (
    OUTAGE_WARNINGS,
    DatabaseUnavailable,
    DomainError,
    NotFound,
    unavailable_from,
)

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = "5"

# Documented once, on the v1 router, for every route: with 422 declared here FastAPI does
# not add its own HTTPValidationError schema, which is not what these handlers answer. The
# app takes 422 off again where an operation has no parameter (openapi.drop_needless_422).
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: error_doc(
        422,
        "validation_error",
        "Invalid request: query.limit",
        "A parameter is invalid; `errors` names it",
        errors=[
            {
                "field": "query.limit",
                "message": "Input should be less than or equal to 100",
                "type": "less_than_equal",
            }
        ],
    ),
    503: error_doc(
        503,
        "database_unavailable",
        DatabaseUnavailable().message,
        "The database is unavailable; retry later",
        headers=retry_after_doc(int(RETRY_AFTER_SECONDS)),
    ),
}


# For routes that answer 404 for an unknown id.
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: error_doc(404, "not_found", "No info about build stored in DB", "No such id"),
}


def _code(error: DomainError | StarletteHTTPException) -> str:
    name = type(error).__name__ if isinstance(error, DomainError) else str(error.status_code)
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def error_response(
    status: int, code: str, detail: str, errors: list[FieldError] | None = None
) -> JSONResponse:
    body = ErrorRead(status=status, code=code, detail=detail, errors=errors or [])
    headers = {"Retry-After": RETRY_AFTER_SECONDS} if status == 503 else None
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


async def _domain_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    return error_response(error.status_code, _code(error), error.message)


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    codes = {404: "not_found", 405: "method_not_allowed"}
    response = error_response(
        error.status_code, codes.get(error.status_code, _code(error)), str(error.detail)
    )
    if error.headers:
        response.headers.update(error.headers)
    if error.status_code == 405:
        # Starlette names the methods of the first route on the path; a path can have more.
        response.headers["Allow"] = ", ".join(allowed_methods(request.scope, request.app))
    return response


async def _no_such_route(scope: Scope, _receive: Receive, _send: Send) -> None:
    """The router's default: an unknown path is the v1 404, never another app's."""
    raise NotFound(f"No such v1 resource: {scope['path']}")


def _message(item: dict[str, Any]) -> str:
    """pydantic's message, except for the NUL rule, whose pattern says little to a reader."""
    if item["type"] == "string_pattern_mismatch" and item.get("ctx", {}).get("pattern") == NO_NUL:
        return NO_NUL_MESSAGE
    return str(item["msg"])


async def _validation_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    fields = [
        FieldError(
            field=".".join(str(part) for part in item["loc"]),
            message=_message(item),
            type=item["type"],
        )
        for item in error.errors()
    ]
    names = ", ".join(sorted({field.field for field in fields}))
    return error_response(422, "validation_error", f"Invalid request: {names}", fields)


async def _database_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, SQLAlchemyError)
    unavailable = unavailable_from(error)
    if unavailable is None:  # answered here, never raised further: logged here
        logger.error("database error on %s", request.url.path, exc_info=error)
        return await _unexpected_error(request, error)
    _warn_unavailable(error)
    return await _domain_error(request, unavailable)


async def _unexpected_error(_: Request, __: Exception) -> JSONResponse:
    # Raised on past this answer: the gateway's access log writes it, once, with its trace.
    return error_response(500, "internal_error", "Internal server error")


def _warn_unavailable(error: Exception) -> None:
    OUTAGE_WARNINGS.warn(logger, error)


def install_error_handlers(app: FastAPI) -> None:
    app.router.default = _no_such_route
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(SQLAlchemyError, _database_error)
    app.add_exception_handler(Exception, _unexpected_error)


__all__ = ["ERROR_RESPONSES", "NOT_FOUND", "DatabaseUnavailable", "install_error_handlers"]
