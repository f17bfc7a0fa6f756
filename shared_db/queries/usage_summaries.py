"""Usage summaries: the usage routes' figures, computed in the background by one process.

The usage job (``gateway.usage_job``) stores, every few minutes, the figures the usage
routes ask for most, each as one :class:`UsageSummary` row:

- ``total``, ``past-day``, ``past-week``, ``past-month``, ``past-year``: the grouped
  activity rows (:class:`Tally`) of the period from ``since`` (midnight UTC 1, 7, 30 or
  365 days before ``as_of``, or the beginning) on, with no end;
- ``projects``: all projects per forge instance and the onboarding lists.

The figures are counts of *distinct* triggers and jobs, which an insert can leave
unchanged or raise depending on every older row of the period, and onboarding depends
on statuses that change in place: so each summary is recomputed whole, with the same
statements as the direct computation (:mod:`shared_db.queries.usage`), which makes its
values those of the direct computation as of ``as_of``.

A route answers from a summary while it is fresh (``fresh_until``, ``as_of`` plus the
job's freshness bound) and covers the period asked; otherwise (a fresh database, the job
stopped, a period of its own) it computes directly, so its answer is never older than
the bound. A process keeps what it parsed of a summary while its ``version`` stays.

One job per database: on PostgreSQL the refresh runs under a transaction-level advisory
lock (:func:`lead`), so of all workers and hosts one refreshes and the others skip that
round; SQLite has one writer process.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared_db.models import ProjectEventType, UsageSummary
from shared_db.queries.usage import (
    JOBS,
    Activity,
    Onboarding,
    Period,
    Tally,
    activity,
    onboarded_count,
    onboarding,
    projects_per_instance,
)

# How far back each past-… period looks, in days (``None``: since the beginning).
PAST_DAYS: dict[str, int | None] = {
    "past-day": 1,
    "past-week": 7,
    "past-month": 30,
    "past-year": 365,
    "total": None,
}
PROJECTS = "projects"
KEYS = (*PAST_DAYS, PROJECTS)
# The usage job's pg_try_advisory_xact_lock key ("usag" in ASCII).
ADVISORY_LOCK = 0x75736167

T = TypeVar("T")
K = TypeVar("K")
P = TypeVar("P")
V = TypeVar("V")


def past_since(kind: str, now: datetime) -> datetime | None:
    """Where a past-… period starts: midnight (UTC) ``PAST_DAYS[kind]`` days before now."""
    days = PAST_DAYS[kind]
    if days is None:
        return None
    return (now - timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True, slots=True)
class Projects:
    """The period-free figures: projects per forge instance, and onboarding."""

    instances: dict[str, int]
    onboarding: Onboarding
    onboarded_count: int


@dataclass(frozen=True, slots=True)
class Summary(Generic[T]):
    """Figures and when they were read; ``version`` names the summaries they come from
    (None: computed directly), so what is made from them can be kept as long as it."""

    figures: T
    as_of: datetime
    version: str | None = None

    def key(self, part: P) -> tuple[str, P] | None:
        """A key for what is made from these figures and ``part`` (None: do not keep)."""
        return None if self.version is None else (self.version, part)


class Answers(Generic[K, V]):
    """What a process made from summaries (rankings cut to a ``top``, encoded answers),
    by a key that starts with the summaries' version: a new version makes new keys, and
    the old entries go when the cache fills up (it is emptied then)."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._made: dict[K, V] = {}

    def get(self, key: K | None, make: Callable[[], V]) -> V:
        """``make()``, kept under ``key``; never kept without a key."""
        if key is None:
            return make()
        if key not in self._made:
            if len(self._made) >= self.size:
                self._made.clear()
            self._made[key] = make()
        return self._made[key]


# --- stored shapes --------------------------------------------------------------------------


def _tally_data(tally: Tally) -> dict[str, Any]:
    return {
        "rows": [
            [row.project_url, row.instance_url, row.event_type.value, row.events]
            + [row.jobs[job] for job in JOBS]
            for row in tally.rows
        ]
    }


def _tally_of(data: dict[str, Any]) -> Tally:
    return Tally(
        Activity(
            url, instance, ProjectEventType(event_type), events, dict(zip(JOBS, jobs, strict=True))
        )
        for url, instance, event_type, events, *jobs in data["rows"]
    )


def _projects_data(projects: Projects) -> dict[str, Any]:
    return {
        "instances": projects.instances,
        "onboarded": sorted(projects.onboarding.onboarded.items()),
        "almost_onboarded": sorted(projects.onboarding.almost_onboarded.items()),
        "onboarded_count": projects.onboarded_count,
    }


def _projects_of(data: dict[str, Any]) -> Projects:
    return Projects(
        instances=dict(data["instances"]),
        onboarding=Onboarding(
            onboarded={int(i): url for i, url in data["onboarded"]},
            almost_onboarded={int(i): url for i, url in data["almost_onboarded"]},
        ),
        onboarded_count=data["onboarded_count"],
    )


# --- reading --------------------------------------------------------------------------------

# What this process parsed of each summary, by key: (version, figures).
_parsed: dict[str, tuple[str, Any]] = {}


def _read(session: Session, key: str, since: datetime | None, now: datetime) -> Summary[Any] | None:
    """The summary ``key`` if it is fresh at ``now`` and starts at ``since``."""
    found = session.execute(
        select(UsageSummary.version, UsageSummary.as_of, UsageSummary.since).where(
            UsageSummary.key == key, UsageSummary.fresh_until >= now
        )
    ).one_or_none()
    if found is None or found.since != since:
        return None
    cached = _parsed.get(key)
    if cached is not None and cached[0] == found.version:
        return Summary(cached[1], found.as_of, found.version)
    data = session.scalar(
        select(UsageSummary.data).where(
            UsageSummary.key == key, UsageSummary.version == found.version
        )
    )
    if data is None:  # replaced since the first read
        return None
    figures = _projects_of(data) if key == PROJECTS else _tally_of(data)
    _parsed[key] = (found.version, figures)
    return Summary(figures, found.as_of, found.version)


def summarized_key(period: Period, now: datetime) -> str | None:
    """The summary that covers ``period`` at ``now``, if one does."""
    if period.until is not None:
        return None
    for kind in PAST_DAYS:
        if past_since(kind, now) == period.since:
            return kind
    return None


def activity_summary(session: Session, period: Period, now: datetime) -> Summary[Tally] | None:
    """The fresh summary of ``period``'s activity, or None (compute it directly)."""
    key = summarized_key(period, now)
    if key is None:
        return None
    return _read(session, key, period.since, now)


def projects_summary(session: Session, now: datetime) -> Summary[Projects] | None:
    """The fresh summary of the projects and their onboarding, or None."""
    return _read(session, PROJECTS, None, now)


# --- the direct computation, or the summary ------------------------------------------------


def period_activity(session: Session, period: Period, now: datetime) -> Summary[Tally]:
    """``period``'s activity: from its summary when fresh, else computed now."""
    return activity_summary(session, period, now) or Summary(activity(session, period), now)


def direct_projects(session: Session) -> Projects:
    """The projects' figures computed now (three statements)."""
    return Projects(
        instances=projects_per_instance(session),
        onboarding=onboarding(session),
        onboarded_count=onboarded_count(session),
    )


def projects(session: Session, now: datetime) -> Summary[Projects]:
    """The projects' figures: from their summary when fresh, else computed now."""
    return projects_summary(session, now) or Summary(direct_projects(session), now)


# --- writing (the usage job) ---------------------------------------------------------------


def lead(session: Session) -> bool:
    """Whether this transaction is the one usage job of the database.

    On PostgreSQL, a transaction-level advisory lock taken without waiting: whoever holds
    it refreshes, the others skip, and it is released by the commit (or by the
    connection's end if the process dies). SQLite serves one writer process.
    """
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.scalar(select(func.pg_try_advisory_xact_lock(ADVISORY_LOCK))))


def oldest_as_of(session: Session) -> datetime | None:
    """When the least recent summary was computed; None while one is missing."""
    count, oldest = session.execute(
        select(func.count(UsageSummary.key), func.min(UsageSummary.as_of))
    ).one()
    return oldest if count == len(KEYS) else None


@dataclass(frozen=True, slots=True)
class Computed:
    """A summary computed, not stored yet."""

    key: str
    since: datetime | None
    data: dict[str, Any]


def compute(session: Session, now: datetime) -> list[Computed]:
    """Every summary as of ``now``, computed (reads only)."""
    computed = []
    for kind in PAST_DAYS:
        since = past_since(kind, now)
        tally = activity(session, Period(since=since))
        computed.append(Computed(kind, since, _tally_data(tally)))
    computed.append(Computed(PROJECTS, None, _projects_data(direct_projects(session))))
    return computed


def store(session: Session, computed: list[Computed], now: datetime, freshness: timedelta) -> None:
    """Store what :func:`compute` made; they stay fresh for ``freshness``. One read, then
    the writes (at the next flush)."""
    rows = {row.key: row for row in session.scalars(select(UsageSummary))}
    for summary in computed:
        row = rows.get(summary.key)
        if row is None:
            row = UsageSummary(key=summary.key)
            session.add(row)
        row.since = summary.since
        row.data = summary.data
        row.version = uuid.uuid4().hex
        row.as_of = now
        row.fresh_until = now + freshness
