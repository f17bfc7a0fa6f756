"""What each worker counts (traffic, shadow outcomes), added to the database every few
seconds with atomic upserts (``count = count + n``), so totals are exact over every worker
and host, and survive restarts.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

import anyio
from sqlalchemy import Table, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from gateway.background import in_session
from shared_db.engine import Database, lock_wait_at_most
from shared_db.errors import OutageWarnings
from shared_db.models import ShadowMismatch, ShadowSummary, TrafficAgent, TrafficHour

logger = logging.getLogger(__name__)

AGENTS_PER_OPERATION = 20  # distinct user agents kept per operation and day, per worker
MISMATCHES_KEPT = 100
LAST_FLUSH_SECONDS = 2.0
# A flush that meets a lock gives up soon and keeps its counts for the next one: a worker
# thread stuck behind a lock would hold the process open at exit.
LOCK_WAIT_SECONDS = 1.0
SHADOW_COUNTS = (
    "samples",
    "matches",
    "value_mismatches",
    "status_mismatches",
    "row_mismatches",
    "view_errors",
    "dropped",
)


@dataclass
class _Traffic:
    count: int = 0
    last_seen: datetime | None = None


@dataclass
class Pending:
    traffic: dict[tuple[str, datetime, str], _Traffic] = field(
        default_factory=lambda: defaultdict(_Traffic)
    )
    agents: dict[tuple[str, date, str], int] = field(default_factory=lambda: defaultdict(int))
    shadow: dict[tuple[str, str], dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: dict.fromkeys(SHADOW_COUNTS, 0))
    )
    last_mismatch: dict[tuple[str, str], datetime] = field(default_factory=dict)
    mismatches: list[dict[str, Any]] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.traffic or self.agents or self.shadow or self.mismatches)

    def merge(self, other: Pending) -> None:
        """Put back what a failed flush could not write, so nothing is lost."""
        for day_key, traffic in other.traffic.items():
            mine = self.traffic[day_key]
            mine.count += traffic.count
            mine.last_seen = max(filter(None, (mine.last_seen, traffic.last_seen)))
        for agent_key, count in other.agents.items():
            self.agents[agent_key] += count
        for shadow_key, counts in other.shadow.items():
            for name, value in counts.items():
                self.shadow[shadow_key][name] += value
        for shadow_key, at in other.last_mismatch.items():
            self.last_mismatch[shadow_key] = max(at, self.last_mismatch.get(shadow_key, at))
        self.mismatches = other.mismatches + self.mismatches


def _upsert(
    session: Session,
    table: Table,
    keys: dict[str, Any],
    adds: dict[str, int],
    latest: dict[str, Any] | None = None,
) -> None:
    """INSERT the row, or add ``adds`` to it and raise ``latest`` columns to the new values."""
    latest = latest or {}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).values(**keys, **adds, **latest)
    updates: dict[str, Any] = {name: table.c[name] + statement.excluded[name] for name in adds}
    for name in latest:
        greatest = func.greatest if dialect == "postgresql" else func.max
        updates[name] = func.coalesce(
            greatest(table.c[name], statement.excluded[name]), statement.excluded[name]
        )
    session.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=updates))


def write(session: Session, pending: Pending) -> None:
    traffic = cast(Table, TrafficHour.__table__)
    agents = cast(Table, TrafficAgent.__table__)
    summary = cast(Table, ShadowSummary.__table__)
    for (operation, hour, stack), counted in sorted(pending.traffic.items()):
        _upsert(
            session,
            traffic,
            {"operation_id": operation, "hour": hour, "stack": stack},
            {"count": counted.count},
            {"last_seen": counted.last_seen},
        )
    for (operation, day, agent), count in sorted(pending.agents.items()):
        _upsert(
            session,
            agents,
            {"operation_id": operation, "day": day, "user_agent": agent},
            {"count": count},
        )
    for (operation, kind), counts in sorted(pending.shadow.items()):
        _upsert(
            session,
            summary,
            {"operation_id": operation, "kind": kind},
            counts,
            {"last_mismatch_at": pending.last_mismatch.get((operation, kind))},
        )
    touched = set()
    for row in pending.mismatches:
        session.add(ShadowMismatch(**row))
        touched.add(row["operation_id"])
    session.flush()
    for operation in sorted(touched):
        keep = (
            select(ShadowMismatch.id)
            .where(ShadowMismatch.operation_id == operation)
            .order_by(ShadowMismatch.id.desc())
            .limit(MISMATCHES_KEPT)
        )
        session.execute(
            delete(ShadowMismatch).where(
                ShadowMismatch.operation_id == operation, ShadowMismatch.id.not_in(keep)
            )
        )


class Tally:
    """One worker's counts since its last flush."""

    def __init__(self, database: Database, interval: float) -> None:
        self._database = database
        self.interval = interval
        self._pending = Pending()
        self._agents_seen: dict[tuple[str, date], set[str]] = defaultdict(set)
        self._warnings = OutageWarnings("traffic and shadow counts kept for the next flush")

    def clear(self) -> None:
        """Forget what was counted and not written (a gateway starting again starts clean)."""
        self._pending = Pending()
        self._agents_seen.clear()

    def request(self, operation: str, stack: str, user_agent: str, at: datetime) -> None:
        day = at.date()
        hour = at.replace(minute=0, second=0, microsecond=0)
        traffic = self._pending.traffic[(operation, hour, stack)]
        traffic.count += 1
        traffic.last_seen = at if traffic.last_seen is None else max(traffic.last_seen, at)
        agent = user_agent.strip()[:200] or "-"
        seen = self._agents_seen[(operation, day)]
        if agent not in seen:
            if len(seen) >= AGENTS_PER_OPERATION:
                agent = "(other)"
            seen.add(agent)
        self._pending.agents[(operation, day, agent)] += 1

    def shadow(
        self,
        operation: str,
        kind: str,
        outcome: str,
        at: datetime,
        mismatch: dict[str, Any] | None = None,
    ) -> None:
        """``outcome``: one of :data:`SHADOW_COUNTS` (``samples`` is counted with it,
        except for ``dropped``, which never ran)."""
        counts = self._pending.shadow[(operation, kind)]
        counts[outcome] += 1
        if outcome != "dropped":
            counts["samples"] += 1
        if mismatch is not None:
            self._pending.last_mismatch[(operation, kind)] = at
            self._pending.mismatches.append(mismatch)

    async def flush(self) -> None:
        pending, self._pending = self._pending, Pending()
        if pending.empty():
            return

        def patient_write(session: Session) -> None:
            with lock_wait_at_most(session, LOCK_WAIT_SECONDS):
                write(session, pending)

        try:
            await in_session(self._database, patient_write)
        except Exception as error:
            pending.merge(self._pending)
            self._pending = pending
            self._warnings.warn(logger, error)

    async def follow(self) -> None:
        """Flush every ``interval`` seconds until cancelled, then once more, for at most
        :data:`LAST_FLUSH_SECONDS` (a shutdown stays bounded when the database is slow)."""
        try:
            while self.interval > 0:
                await anyio.sleep(self.interval)
                await self.flush()
        finally:
            with anyio.move_on_after(LAST_FLUSH_SECONDS, shield=True):
                await self.flush()
