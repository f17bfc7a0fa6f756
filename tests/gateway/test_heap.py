"""The worker's heap is frozen while it serves (gateway.heap): its full garbage collections
walk only what came after the start."""

from __future__ import annotations

import gc

import httpx
from sqlalchemy import Engine

from gateway.app import create_app
from gateway.heap import frozen_heap
from gateway.settings import Settings
from shared_db.engine import Database
from tests.conftest import make_settings


def test_frozen_heap_freezes_for_its_duration() -> None:
    assert gc.get_freeze_count() == 0
    with frozen_heap():
        assert gc.get_freeze_count() > 10_000  # the interpreter, pytest and what they loaded
    assert gc.get_freeze_count() == 0


def test_disabled_it_freezes_nothing() -> None:
    with frozen_heap(enabled=False):
        assert gc.get_freeze_count() == 0


async def test_the_gateway_serves_with_its_heap_frozen_and_unfreezes_when_it_stops(
    seeded_url: str, seeded_engine: Engine
) -> None:
    with seeded_engine.connect() as connection:
        transaction = connection.begin()
        app = create_app(
            make_settings(seeded_url, freeze_heap=True), database=Database.bound_to(connection)
        )
        try:
            async with app.router.lifespan_context(app):
                frozen = gc.get_freeze_count()
                transport = httpx.ASGITransport(app=app)
                async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                    assert (await client.get("/api/v1/healthz")).status_code == 200
            assert frozen > 10_000
            assert gc.get_freeze_count() == 0
        finally:
            transaction.rollback()


def test_the_setting_is_on_unless_turned_off() -> None:
    assert Settings(database_url="sqlite://", _env_file=None).freeze_heap
    assert not make_settings("sqlite://").freeze_heap  # the tests' own gateways
