"""Reading the traffic roll-up (written by :mod:`gateway.migration.tally`): requests per
operation over the last day and week, when it was last called, and by whom."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api_v1.legacy.routing import LegacyOperation
from shared_db.models import TrafficAgent, TrafficHour


@dataclass(frozen=True, slots=True)
class Traffic:
    last_24h: int = 0
    last_7d: int = 0
    last_seen: datetime | None = None
    top_agents: list[tuple[str, int]] = field(default_factory=list)


def read_traffic(session: Session, now: datetime) -> tuple[dict[str, Traffic], datetime | None]:
    day_ago, week_ago = now - timedelta(hours=24), now - timedelta(days=7)
    counts: dict[str, list[Any]] = defaultdict(lambda: [0, 0, None])
    rows = session.execute(
        select(
            TrafficHour.operation_id,
            func.sum(TrafficHour.count).filter(TrafficHour.hour >= day_ago),
            func.sum(TrafficHour.count).filter(TrafficHour.hour >= week_ago),
            func.max(TrafficHour.last_seen),
        ).group_by(TrafficHour.operation_id)
    )
    for operation, last_day, last_week, last_seen in rows:
        counts[operation] = [last_day or 0, last_week or 0, last_seen]
    agents: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for operation, agent, total in session.execute(
        select(TrafficAgent.operation_id, TrafficAgent.user_agent, func.sum(TrafficAgent.count))
        .where(TrafficAgent.day >= week_ago.date())
        .group_by(TrafficAgent.operation_id, TrafficAgent.user_agent)
        .order_by(func.sum(TrafficAgent.count).desc(), TrafficAgent.user_agent)
    ):
        if len(agents[operation]) < 3:
            agents[operation].append((agent, int(total)))
    since = session.scalar(select(func.min(TrafficHour.hour)))
    traffic = {
        operation: Traffic(int(day), int(week), last_seen, agents.get(operation, []))
        for operation, (day, week, last_seen) in counts.items()
    }
    return traffic, since


def quiet(traffic: Traffic, since: datetime | None, now: datetime, days: int) -> bool:
    """No call for ``days`` days, and traffic recorded for at least that long (otherwise
    "no call" only means "not recorded yet")."""
    horizon = now - timedelta(days=days)
    recorded_long_enough = since is not None and since <= horizon
    return recorded_long_enough and (traffic.last_seen is None or traffic.last_seen < horizon)


def retire_problems(
    session: Session, operations: Sequence[LegacyOperation], now: datetime, quiet_days: int
) -> list[str]:
    """Why each operation may not be retired yet: it was called within ``quiet_days``."""
    traffic, since = read_traffic(session, now)
    return [
        f"{op.id}: called within the last {quiet_days} days (last seen"
        f" {traffic.get(op.id, Traffic()).last_seen}, traffic recorded since {since})"
        for op in operations
        if not quiet(traffic.get(op.id, Traffic()), since, now, quiet_days)
    ]
