"""Flask off: the gateway starts without importing Flask, and only when nothing needs it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy.orm import Session

from api_v1.legacy.app import declared_operations
from gateway.app import FLASK_MODULES, FlaskStillNeeded, create_app
from gateway.migration.modes import Mode, change_mode
from gateway.settings import Settings
from shared_db.engine import Database
from tests.conftest import DatabaseFactory, cut_over_everything

OPERATIONS = declared_operations()


def _cut_over(session: Session, mode: Mode) -> None:
    change_mode(session, OPERATIONS, mode, actor="t", reason="t", code_version="t", force=True)
    session.commit()


async def test_the_start_is_refused_while_an_operation_needs_flask(
    settings: Settings, database: Database, session: Session
) -> None:
    _cut_over(session, Mode.cutover)
    change_mode(session, OPERATIONS[:1], Mode.shadow, actor="t", reason="t", code_version="t")
    session.commit()
    app = create_app(settings.model_copy(update={"legacy_app": "off"}), database=database)
    with pytest.raises(FlaskStillNeeded, match=rf"\b{OPERATIONS[0].id}\b"):
        async with app.router.lifespan_context(app):
            pass


async def test_retired_operations_need_no_flask(
    settings: Settings, database: Database, session: Session
) -> None:
    _cut_over(session, Mode.retired)
    app = create_app(settings.model_copy(update={"legacy_app": "off"}), database=database)
    async with app.router.lifespan_context(app):
        pass


PROBE = """
import json, sys
import anyio, httpx
from gateway.app import create_app
from gateway.settings import Settings

async def main():
    app = create_app(Settings(database_url=sys.argv[1], legacy_app="off", _env_file=None))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            answer = await client.get("/api/healthz")
    loaded = sorted(m for m in ("flask", "flask_restx", "a2wsgi") if m in sys.modules)
    print(json.dumps({"status": answer.status_code, "loaded": loaded}))

anyio.run(main)
"""


def test_a_gateway_with_flask_off_never_imports_flask(databases: DatabaseFactory) -> None:
    url = databases.migrated()
    cut_over_everything(url)
    probe = subprocess.run(  # noqa: S603 (this interpreter, our probe)
        [sys.executable, "-c", PROBE, url], capture_output=True, text=True, timeout=120
    )
    assert probe.returncode == 0, probe.stderr
    assert json.loads(probe.stdout) == {"status": 200, "loaded": []}
    assert set(FLASK_MODULES) == {"flask", "flask_restx", "a2wsgi"}
