"""One database session per request: opened on first use, finished when the request ends.

The response decides the outcome: a request answered below 400 commits, any other rolls
back, and a request that raised never reaches the commit. Committing in ``after_request``
(not in teardown) means a failed commit still turns into an error answer, so a client is
never told "stored" about something that was not.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g
from sqlalchemy.orm import Session

from shared_db.engine import Database

EXTENSION = "shared_db"


def init_app(app: Flask, database: Database) -> None:
    app.extensions[EXTENSION] = database
    app.after_request(_finish_transaction)
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    """The request's session, opened on first use."""
    session: Session | None = g.get("db_session")
    if session is None:
        database: Database = current_app.extensions[EXTENSION]
        session = g.db_session = database.session()
    return session


def _finish_transaction(response: Response) -> Response:
    session: Session | None = g.get("db_session")
    if session is not None:
        if response.status_code < 400:
            session.commit()
        else:
            session.rollback()
    return response


def _close_session(_error: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.close()  # also rolls back whatever was not committed
