"""Test-only routes added to a gateway, to watch how each stack handles sessions.

They are added to the apps under test only, never to the shipped ones.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, HTTPException
from flask import Flask
from flask_restx import Api, Namespace, Resource
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.applications import Starlette

from api_v1.deps import UnitOfWorkDep
from gateway.app import GatewayState
from legacy_flask.db import get_session
from shared_db.models import AllowlistEntry, AllowlistStatus


@dataclass
class Observations:
    """What the probes saw, shared by the threads that serve them."""

    # The sessions themselves are kept, so that no id() is reused while the test runs.
    sessions: list[tuple[str, Session, int]] = field(default_factory=list)
    max_checked_out: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    barrier: threading.Barrier = field(default_factory=lambda: threading.Barrier(2, timeout=10))

    def record(self, stack: str, session: Session) -> None:
        connection = session.connection()
        checked_out = connection.engine.pool.checkedout()  # type: ignore[attr-defined]
        with self.lock:
            self.sessions.append((stack, session, id(connection.connection.dbapi_connection)))
            self.max_checked_out = max(self.max_checked_out, checked_out)


def _write(session: Session, namespace: str) -> None:
    session.add(AllowlistEntry(namespace=namespace, status=AllowlistStatus.waiting))
    session.flush()


def install(app: Starlette, observations: Observations) -> None:
    """Probes at /api/_probe (the legacy app) and /api/v1/_probe (the v1 app)."""
    gateway: GatewayState = app.state.gateway
    legacy: Flask = gateway.flask  # type: ignore[assignment]
    _install_legacy(legacy, observations)
    _install_v1(gateway.v1, observations)


def _install_legacy(legacy: Flask, seen: Observations) -> None:
    # Resources, like every legacy route that touches the database: the Api wraps them in
    # the request's unit of work.
    ns = Namespace("probe", path="/_probe")

    @ns.route("/write/<namespace>/<int:status>")
    class Write(Resource):
        def get(self, namespace: str, status: int) -> Any:
            _write(get_session(), namespace)
            return {"written": namespace}, status

    @ns.route("/write-then-raise/<namespace>")
    class WriteThenRaise(Resource):
        def get(self, namespace: str) -> Any:
            _write(get_session(), namespace)
            raise RuntimeError("boom after writing")

    @ns.route("/meet")
    class Meet(Resource):
        def get(self) -> Any:
            session = get_session()
            session.execute(select(1))
            seen.record("legacy", session)
            seen.barrier.wait()
            return {"ok": True}

    @ns.route("/hold")
    class Hold(Resource):
        def get(self) -> Any:
            session = get_session()
            session.execute(select(1))
            seen.record("legacy", session)
            time.sleep(0.02)
            return {"ok": True}

    api: Api = legacy.extensions["legacy_api"]
    api.add_namespace(ns)


def _install_v1(app: FastAPI, seen: Observations) -> None:
    # Through the v1 unit of work, as every v1 route that touches the database.
    def _write_status(session: Session, namespace: str, status: int) -> dict[str, str]:
        _write(session, namespace)
        if status >= 400:
            raise HTTPException(status_code=status)
        return {"written": namespace}

    def _write_then_raise(session: Session, namespace: str) -> None:
        _write(session, namespace)
        raise RuntimeError("boom after writing")

    def _meet(session: Session) -> dict[str, bool]:
        session.execute(select(1))
        seen.record("v1", session)
        seen.barrier.wait()
        return {"ok": True}

    def _hold(session: Session) -> dict[str, bool]:
        session.execute(select(1))
        seen.record("v1", session)
        time.sleep(0.02)
        return {"ok": True}

    def _where(session: Session) -> dict[str, object]:
        session.execute(select(1))
        return {
            "thread": threading.get_ident(),
            "async_driver": session.connection().dialect.is_async,
        }

    @app.get("/_probe/where")
    async def where(uow: UnitOfWorkDep) -> dict[str, object]:
        return await uow.run(_where)

    @app.get("/_probe/where-scan")
    async def where_scan(uow: UnitOfWorkDep) -> dict[str, object]:
        return await uow.run_scan(_where)

    @app.post("/_probe/write/{namespace}/{status}")
    async def write(namespace: str, status: int, uow: UnitOfWorkDep) -> dict[str, str]:
        return await uow.run(_write_status, namespace, status)

    @app.post("/_probe/write-then-raise/{namespace}")
    async def write_then_raise(namespace: str, uow: UnitOfWorkDep) -> None:
        await uow.run(_write_then_raise, namespace)

    @app.get("/_probe/meet")
    async def meet(uow: UnitOfWorkDep) -> dict[str, bool]:
        return await uow.run(_meet)

    @app.get("/_probe/hold")
    async def hold(uow: UnitOfWorkDep) -> dict[str, bool]:
        return await uow.run(_hold)
