"""Dependencies of the v1 routes, as ``Annotated`` aliases named like the types they give."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Concatenate, ParamSpec, TypeVar

import anyio
from fastapi import Depends, Request
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from api_v1.state import v1_state
from shared_db.engine import Database
from shared_db.errors import is_lock_wait

T = TypeVar("T")
P = ParamSpec("P")


class UnitOfWork:
    """The request's database work: one session, one transaction, no thread.

    ``await uow.run(work, ...)`` calls ``work(session, ...)`` with a sync
    :class:`~sqlalchemy.orm.Session`, commits if it returns and rolls back if it raises,
    closes the session, and gives back what ``work`` returned. Routes build their
    response schemas inside ``work``, so nothing ORM-bound outlives the session. ``work``
    is a plain function of the shared query layer, the same one the legacy app calls.

    Where it runs depends on the database and on the route's choice between :meth:`run`
    (bounded work) and :meth:`run_scan` (work that reads whole tables):

    - PostgreSQL: on an asyncio session (``AsyncSession.run_sync``). ``work`` runs on the
      event loop in a greenlet and every statement awaits the network, so other requests
      go on meanwhile. The plain recipe (a ``def`` route behind a ``yield`` session
      dependency) crosses into the thread pool three times per request instead, and the
      threads then fight over the GIL: measured, that costs more than the query itself.
    - SQLite, and a database bound to a test's connection: on a sync session, right on
      the event loop. SQLite is a library in this process; its statements are CPU work
      with no wait to overlap, and a reader never waits for a writer (WAL). That suits
      bounded work: keyset pages, single rows, single-row writes. Work whose time grows
      with the tables (the usage aggregates) goes through :meth:`run_scan` instead, which
      takes one worker thread there, so the loop keeps serving meanwhile.

      A writer does wait, for the write lock another connection holds. So the work runs
      on a session that never waits (:meth:`Database.no_wait_session`): if it meets a
      held lock it fails at once, is rolled back, and runs again from the start in a
      worker thread, whose session waits for the lock as long as the settings allow. The
      loop never waits for a lock, and work the lock does not stop pays no thread hop.
      Running again is safe: the work only talks to the database, and it was rolled back.

    Sessions are taken under the session limiter, so at most ``api_threads`` v1 requests
    hold a connection at once (see gateway.settings for the pool arithmetic).
    """

    def __init__(self, database: Database, limiter: anyio.CapacityLimiter) -> None:
        self._database = database
        self._limiter = limiter

    async def run(
        self, work: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """``work(session, *args, **kwargs)`` in one transaction; mypy checks the arguments
        against ``work``'s signature."""
        async with self._limiter:
            async_sessions = self._database.async_sessions
            if async_sessions is not None:
                async with async_sessions() as async_session:
                    return await async_session.run_sync(_transaction, work, args, kwargs)
            try:
                with self._database.no_wait_session() as session:
                    return _transaction(session, work, args, kwargs)
            except OperationalError as error:
                if not is_lock_wait(error):
                    raise
            # Another connection holds a lock the work needs: wait for it off the loop.
            # (Not under the session limiter: this request already holds its place.)
            return await anyio.to_thread.run_sync(self._on_sync_session, work, args, kwargs)

    async def run_scan(
        self, work: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """:meth:`run` for work that reads whole tables: in a worker thread where the
        session is sync, so the event loop is not held for its duration."""
        if self._database.async_sessions is not None:
            return await self.run(work, *args, **kwargs)
        return await anyio.to_thread.run_sync(
            self._on_sync_session, work, args, kwargs, limiter=self._limiter
        )

    def _on_sync_session(
        self, work: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> T:
        with self._database.session() as session:
            return _transaction(session, work, args, kwargs)


def _transaction(
    session: Session, work: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> T:
    # The arguments were checked against ``work`` where ``run`` was called (ParamSpec);
    # past that point they travel as a plain tuple and dict.
    try:
        result = work(session, *args, **kwargs)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return result


async def _unit_of_work(request: Request) -> UnitOfWork:
    # The state read here rather than through V1StateDep: one dependency fewer for
    # FastAPI to solve on every request.
    state = await v1_state(request)
    return UnitOfWork(state.database, state.session_limiter)


UnitOfWorkDep = Annotated[UnitOfWork, Depends(_unit_of_work)]
