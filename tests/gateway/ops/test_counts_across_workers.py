"""Requests counted exactly with two uvicorn workers: in /metrics (prometheus multiprocess
mode, prepared by gateway serve) and in the database roll-up."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from shared_db.engine import Database, DatabaseConfig
from shared_db.models import TrafficHour
from tests.conftest import DatabaseFactory
from tests.gateway.servers import gateway_env, serving

pytestmark = pytest.mark.slow

REQUESTS = 200


def metric_total(text: str, operation: str) -> int:
    pattern = rf'^gateway_requests_total\{{[^}}]*operation="{re.escape(operation)}"[^}}]*\}} (\S+)$'
    return int(sum(float(value) for value in re.findall(pattern, text, re.MULTILINE)))


def rolled_up(url: str, operation: str) -> int:
    database = Database(DatabaseConfig(url=url, pool_size=1))
    database.start()
    try:
        with database.transaction() as session:
            total = session.scalar(
                select(func.sum(TrafficHour.count)).where(TrafficHour.operation_id == operation)
            )
            return int(total or 0)
    finally:
        database.dispose()


def test_n_requests_on_two_workers_are_n_counted(
    databases: DatabaseFactory, tmp_path: Path
) -> None:
    url = databases.migrated()
    env = gateway_env(url, traffic_flush_seconds="0.5")
    env["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path)
    with serving(env, "--workers", "2") as base:
        # New connections each time, so both workers take their share.
        for _ in range(REQUESTS):
            assert httpx.get(f"{base}/api/healthz").status_code == 200
        deadline = time.monotonic() + 10
        while rolled_up(url, "healthz.get") < REQUESTS and time.monotonic() < deadline:
            time.sleep(0.2)
        metrics = httpx.get(f"{base}/metrics").text
    assert metric_total(metrics, "healthz.get") == REQUESTS
    assert rolled_up(url, "healthz.get") == REQUESTS
