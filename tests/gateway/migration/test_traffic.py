"""The traffic roll-up: exact counts per operation, stack and hour, who called, and no count
lost when the database is away at flush time."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.applications import Starlette

from gateway.app import GatewayState
from gateway.migration import tally as tally_module
from gateway.migration.traffic import read_traffic
from shared_db.base import utcnow
from shared_db.models import TrafficAgent, TrafficHour


def counted(session: Session) -> dict[tuple[str, str], int]:
    rows = session.execute(
        select(TrafficHour.operation_id, TrafficHour.stack, func.sum(TrafficHour.count)).group_by(
            TrafficHour.operation_id, TrafficHour.stack
        )
    )
    return {(operation, stack): int(total) for operation, stack, total in rows}


async def test_requests_are_counted_by_operation_and_stack(
    gateway: Starlette, client: httpx.AsyncClient, session: Session
) -> None:
    state: GatewayState = gateway.state.gateway
    for _ in range(3):
        await client.get("/api/healthz", headers={"User-Agent": "dashboard/1"})
    await client.get("/api/copr-builds/999999", headers={"User-Agent": "curl/8"})
    await client.get("/api/v1/copr-builds/999999")
    await client.get("/api/no-such-route")  # no operation: not in the roll-up
    await state.tally.flush()
    stack = "flask" if state.flask is not None else "cutover"
    assert counted(session) == {
        ("healthz.get", stack): 3,
        ("copr-builds.get", stack): 1,
        ("GET /api/v1/copr-builds/{id}", "v1"): 1,
    }
    rows = session.execute(
        select(TrafficAgent.user_agent, TrafficAgent.count).where(
            TrafficAgent.operation_id == "healthz.get"
        )
    )
    agents = dict(rows.all())
    assert agents == {"dashboard/1": 3}
    traffic, since = read_traffic(session, utcnow())
    assert traffic["healthz.get"].last_24h == 3
    assert traffic["healthz.get"].top_agents == [("dashboard/1", 3)]
    assert since is not None


async def test_two_flushes_add_up(
    gateway: Starlette, client: httpx.AsyncClient, session: Session
) -> None:
    state: GatewayState = gateway.state.gateway
    for _ in range(2):
        await client.get("/api/healthz")
        await state.tally.flush()
    assert sum(counted(session).values()) == 2


async def test_a_failed_flush_keeps_its_counts_for_the_next(
    gateway: Starlette,
    client: httpx.AsyncClient,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    state: GatewayState = gateway.state.gateway
    await client.get("/api/healthz")
    real_write = tally_module.write

    def unavailable(*_: object) -> None:
        raise ConnectionError("database away")

    monkeypatch.setattr(tally_module, "write", unavailable)
    await state.tally.flush()
    await client.get("/api/healthz")
    monkeypatch.setattr(tally_module, "write", real_write)
    await state.tally.flush()
    assert sum(counted(session).values()) == 2
