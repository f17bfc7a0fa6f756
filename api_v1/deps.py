"""Dependencies of the v1 routes, as ``Annotated`` aliases named like the types they give."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import anyio
from fastapi import Depends, FastAPI, Request

from shared_db.engine import Database

T = TypeVar("T")


def configure(app: FastAPI, database: Database, max_sessions: int) -> None:
    """Give an app what the v1 dependencies read: the database and the session limit."""
    app.state.database = database
    app.state.session_limiter = anyio.CapacityLimiter(max_sessions)


class UnitOfWork:
    """The request's database work: one session, one transaction, one thread hop.

    ``await uow.run(work, ...)`` calls ``work(session, ...)`` in a worker thread, commits if
    it returns and rolls back if it raises, closes the session, all in that one thread,
    and gives back what ``work`` returned. Routes build their response schemas inside
    ``work``, so nothing ORM-bound crosses back to the event loop, and the request crosses
    into the thread pool exactly once (the plain recipe, a ``def`` route behind a ``yield``
    session dependency, crosses it three times).

    The thread is taken under the session limiter, which bounds both the threads and the
    sessions v1 requests hold (see gateway.settings for the pool arithmetic).
    """

    def __init__(self, database: Database, limiter: anyio.CapacityLimiter) -> None:
        self._database = database
        self._limiter = limiter

    async def run(self, work: Callable[..., T], *args: object) -> T:
        return await anyio.to_thread.run_sync(self._transaction, work, args, limiter=self._limiter)

    def _transaction(self, work: Callable[..., T], args: tuple[object, ...]) -> T:
        with self._database.session() as session:
            try:
                result = work(session, *args)
                session.commit()
            except BaseException:
                session.rollback()
                raise
            return result


async def _unit_of_work(request: Request) -> UnitOfWork:
    return UnitOfWork(request.app.state.database, request.app.state.session_limiter)


UnitOfWorkDep = Annotated[UnitOfWork, Depends(_unit_of_work)]
