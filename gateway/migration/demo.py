"""The migration on a demo database: some groups shadowed, some cut over, and a walk over the
legacy routes like the dashboard's, so the ops page has something to show."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.migration import modes
from gateway.migration.modes import Mode
from gateway.migration.registry import Registry
from shared_db.models import (
    CoprBuildTarget,
    KojiBuildTarget,
    OperationState,
    SRPMBuild,
    TFTTestRunTarget,
)

SHADOWED = ("copr-builds", "koji-builds", "testing-farm", "runs")
CUT_OVER = ("healthz", "system", "srpm-builds", "bodhi-updates")
DASHBOARD = "dashboard-demo/1.0 (gateway demo traffic)"


def setup_demo_modes(session: Session, registry: Registry, code_version: str) -> list[str]:
    """On a database whose modes nobody set yet: shadow some groups at 100 %, cut some over
    (forced: the demo has no verify evidence). Returns what it changed."""
    if session.scalar(select(func.count()).select_from(OperationState)):
        return []
    changed = []
    for group in SHADOWED:
        operations = registry.select(group)
        modes.change_mode(
            session,
            operations,
            Mode.shadow,
            actor="demo",
            reason="demo",
            code_version=code_version,
            shadow_rate=1.0,
        )
        changed += [op.id for op in operations]
    for group in CUT_OVER:
        operations = registry.select(group)
        modes.change_mode(
            session,
            operations,
            Mode.cutover,
            actor="demo",
            reason="demo",
            code_version=code_version,
            force=True,
        )
        changed += [op.id for op in operations]
    return changed


def walk_paths(session: Session) -> list[str]:
    """Legacy paths a dashboard visit asks for: list pages, then some details of each."""
    paths = [
        "/api/healthz",
        "/api/copr-builds?page=1&per_page=20",
        "/api/copr-builds?page=2&per_page=20",
        "/api/koji-builds",
        "/api/srpm-builds",
        "/api/testing-farm/results",
        "/api/runs",
        "/api/projects",
        "/api/bodhi-updates",
        "/api/system",
    ]
    for model, prefix in (
        (CoprBuildTarget, "/api/copr-builds"),
        (KojiBuildTarget, "/api/koji-builds"),
        (SRPMBuild, "/api/srpm-builds"),
        (TFTTestRunTarget, "/api/testing-farm"),
    ):
        ids = session.scalars(select(model.id).order_by(model.id.desc()).limit(5))
        paths += [f"{prefix}/{row_id}" for row_id in ids]
    return paths


def replay(base_url: str, paths: Sequence[str], seconds: float, rate: float) -> int:
    """Ask for ``paths`` in random order, ``rate`` requests a second, for ``seconds``."""
    sent = 0
    deadline = time.monotonic() + seconds
    chooser = random.Random(7)  # noqa: S311 (a demo, not a secret)
    with httpx.Client(base_url=base_url, headers={"User-Agent": DASHBOARD}, timeout=10) as client:
        while time.monotonic() < deadline:
            try:
                client.get(chooser.choice(paths))
                sent += 1
            except httpx.TransportError:
                pass  # the server is starting or gone; keep to the schedule
            time.sleep(1.0 / rate)
    return sent
