"""`gateway demo activity`: statuses of the demo data moving on, so the event feed has
something to show.

Each step takes a target of a random kind that is queued or running and moves it to its
next state (a random one where the work can end several ways). When a kind has nothing in
progress, a finished target of it starts over, so the demo never runs dry. Every change is
a plain UPDATE of the status: the database's triggers record it, as for any other writer.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from shared_db.engine import Database
from shared_db.models import (
    BodhiUpdateTarget,
    CoprBuildTarget,
    KojiBuildTarget,
    LogDetectiveRun,
    OSHScan,
    SRPMBuild,
    SyncReleaseTarget,
    TFTTestRunTarget,
    VMImageBuildTarget,
)

# Targets of one kind a step chooses among (the first ones in progress, by id).
CANDIDATES = 50


@dataclass(frozen=True)
class Lifecycle:
    """The states a kind of target goes through: from a state in progress to the states
    that may follow it (repeated: likelier); ``start`` is where a finished one restarts."""

    model: Any  # a mapped class with ``id`` and ``status``
    steps: Mapping[str, tuple[str, ...]]
    start: str


LIFECYCLES = (
    Lifecycle(SRPMBuild, {"pending": ("success", "success", "failure")}, "pending"),
    Lifecycle(
        CoprBuildTarget,
        {"waiting_for_srpm": ("pending",), "pending": ("success", "success", "failure")},
        "waiting_for_srpm",
    ),
    Lifecycle(
        KojiBuildTarget,
        {"queued": ("pending",), "pending": ("running",), "running": ("success", "failure")},
        "queued",
    ),
    Lifecycle(
        TFTTestRunTarget,
        {"new": ("queued",), "queued": ("running",), "running": ("passed", "passed", "failed")},
        "new",
    ),
    Lifecycle(SyncReleaseTarget, {"queued": ("running",), "running": ("submitted",)}, "queued"),
    Lifecycle(BodhiUpdateTarget, {"queued": ("running",), "running": ("success",)}, "queued"),
    Lifecycle(LogDetectiveRun, {"running": ("complete", "complete", "error")}, "running"),
    Lifecycle(OSHScan, {"pending": ("running",), "running": ("succeeded", "failed")}, "pending"),
    Lifecycle(
        VMImageBuildTarget,
        {"pending": ("building",), "building": ("uploading",), "uploading": ("success",)},
        "pending",
    ),
)


@dataclass(frozen=True)
class Change:
    table: str
    target_id: int
    old: str
    new: str


def step(session: Session, chooser: random.Random) -> Change | None:
    """Move one target of a random kind on (None: that kind has no rows). Flushes only."""
    lifecycle = chooser.choice(LIFECYCLES)
    model = lifecycle.model
    in_progress = session.execute(
        select(model.id, model.status)
        .where(model.status.in_(list(lifecycle.steps)))
        .order_by(model.id)
        .limit(CANDIDATES)
    ).all()
    if in_progress:
        target_id, old = chooser.choice(in_progress)
        new = chooser.choice(lifecycle.steps[str(old)])
    else:
        finished = session.execute(
            select(model.id, model.status).order_by(model.id.desc()).limit(CANDIDATES)
        ).all()
        if not finished:
            return None
        target_id, old = chooser.choice(finished)
        new = lifecycle.start
    session.execute(update(model).where(model.id == target_id).values(status=new))
    return Change(model.__tablename__, target_id, str(old), new)


def run_activity(
    database: Database,
    *,
    seconds: float,
    rate: float,
    changes: int | None = None,
    seed: int | None = None,
    report: Callable[[Change], None] = lambda change: None,
) -> int:
    """``rate`` changes a second, each committed on its own, for ``seconds`` or until
    ``changes`` were made; how many were made."""
    chooser = random.Random(seed)  # noqa: S311 (a demo, not a secret)
    made = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (changes is None or made < changes):
        with database.transaction() as session:
            change = step(session, chooser)
        if change is not None:
            made += 1
            report(change)
        time.sleep(1.0 / rate)
    return made
