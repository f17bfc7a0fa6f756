"""The legacy edge's unit of work: one session per request, finished with the response.

The session opens on first use (:func:`get_session`). :func:`unit_of_work`, which the
``Api`` wraps around every resource, finishes it: an answer below 400 commits, any other
answer or error rolls back, and the commit happens before the answer leaves, so a failed
commit becomes the answer (503 or 500) instead of a success the database never saw.
Teardown closes the session whatever happened.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, Response, current_app, g
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from legacy_flask.errors import database_error_response, error_response
from shared_db.engine import Database
from shared_db.errors import DomainError

EXTENSION = "shared_db"


def init_app(app: Flask, database: Database) -> None:
    app.extensions[EXTENSION] = database
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    """The request's session, opened on first use."""
    session: Session | None = g.get("db_session")
    if session is None:
        database: Database = current_app.extensions[EXTENSION]
        session = g.db_session = database.session()
    return session


def unit_of_work(view: Callable[..., Any]) -> Callable[..., Response]:
    @wraps(view)
    def finished(*args: Any, **kwargs: Any) -> Response:
        try:
            response = current_app.make_response(view(*args, **kwargs))
            _finish(commit=response.status_code < 400)
        except DomainError as error:
            _finish(commit=False)
            return error_response(error.message, error.status_code)
        except SQLAlchemyError as error:
            _finish(commit=False)
            return database_error_response(error)
        return response

    return finished


def _finish(*, commit: bool) -> None:
    session: Session | None = g.get("db_session")
    if session is None:
        return
    if commit:
        session.commit()
    else:
        session.rollback()


def _close_session(_error: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.close()  # also rolls back whatever was not committed
