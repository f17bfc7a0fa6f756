"""Dependencies of the v1 routes, as ``Annotated`` aliases named like the types they give."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Annotated

import anyio
from fastapi import Depends, FastAPI, Request
from sqlalchemy.orm import Session

from shared_db.engine import Database


def configure(app: FastAPI, database: Database, max_sessions: int) -> None:
    """Give an app what the v1 dependencies read: the database and the session limit."""
    app.state.database = database
    app.state.session_limiter = anyio.CapacityLimiter(max_sessions)


async def _session_slot(request: Request) -> AsyncIterator[None]:
    # At most `max_sessions` v1 requests hold a session at once; the others wait here, on
    # the event loop, without a thread. This is what makes the pool arithmetic in
    # gateway.settings hold: the pool can never be asked for more connections than it has.
    limiter: anyio.CapacityLimiter = request.app.state.session_limiter
    async with limiter:
        yield


def _session(
    request: Request, _slot: Annotated[None, Depends(_session_slot, scope="function")]
) -> Iterator[Session]:
    """One unit of work per request: committed when the route succeeds, else rolled back.

    ``scope="function"`` ends it before the answer is sent, so a failed commit becomes the
    answer (a 503 or 500) instead of a success the database never saw.
    """
    database: Database = request.app.state.database
    session = database.session()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(_session, scope="function")]
