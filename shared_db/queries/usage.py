"""Usage statistics: project activity counted by the database, ranked in Python.

"Events handled" by a project are the distinct triggers (pull requests, branches,
releases, issues) with at least one pipeline in the time period; "job runs" of a kind are
the distinct jobs of that kind (SRPM builds, Copr build groups, …) those pipelines point
at. One aggregate statement answers both for every project and event type: pipelines in
the period, joined to their event and project, ``GROUP BY`` project and event type, with
one ``COUNT(DISTINCT …)`` per figure. Only those grouped rows reach Python, where
:class:`Tally` adds them up per project and ranks the projects.

Periods compare ``pipelines.created_at`` with bound datetime parameters, both ends
inclusive like the reference, so SQLite and PostgreSQL give the same answers (no
dialect date functions). Events of projects watched on release-monitoring belong to no
git project and are left out of per-project figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Row,
    Select,
    SQLColumnExpression,
    and_,
    distinct,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from shared_db.base import UTCDateTime
from shared_db.models import (
    BodhiUpdateGroup,
    BodhiUpdateStatus,
    BodhiUpdateTarget,
    CoprBuildGroup,
    GitProject,
    KojiBuildGroup,
    KojiBuildState,
    KojiBuildTarget,
    LogDetectiveRunGroup,
    Pipeline,
    ProjectEvent,
    ProjectEventType,
    SRPMBuild,
    SyncReleasePullRequest,
    SyncReleaseRun,
    SyncReleaseTarget,
    SyncReleaseTargetStatus,
    TFTTestRunGroup,
    VMImageBuildTarget,
    sync_release_target_pull_requests,
)

# Job kinds, named by their table as in the reference, and the pipeline column for each.
JOB_COLUMNS: dict[str, InstrumentedAttribute[int | None]] = {
    SRPMBuild.__tablename__: Pipeline.srpm_build_id,
    CoprBuildGroup.__tablename__: Pipeline.copr_build_group_id,
    KojiBuildGroup.__tablename__: Pipeline.koji_build_group_id,
    VMImageBuildTarget.__tablename__: Pipeline.vm_image_build_id,
    TFTTestRunGroup.__tablename__: Pipeline.test_run_group_id,
    SyncReleaseRun.__tablename__: Pipeline.sync_release_run_id,
    LogDetectiveRunGroup.__tablename__: Pipeline.log_detective_run_group_id,
}
JOBS = tuple(JOB_COLUMNS)
EVENT_TYPES = tuple(ProjectEventType)
# SQLite allows 500 terms in a compound SELECT; periods are joined in chunks below that.
PERIODS_PER_STATEMENT = 400

Ranking = list[tuple[str, int]]
EVENTS = "events"  # the figure of events handled (the others are job kinds)


@dataclass(frozen=True, slots=True)
class Period:
    """From ``since`` to ``until``, both included; ``None`` leaves that end open."""

    since: datetime | None = None
    until: datetime | None = None

    def bounds(self, column: SQLColumnExpression[datetime]) -> list[ColumnElement[bool]]:
        where = []
        if self.since is not None:
            where.append(column >= self.since)
        if self.until is not None:
            where.append(column <= self.until)
        return where


@dataclass(frozen=True, slots=True)
class Activity:
    """What one project did through one event type in one period."""

    project_url: str
    instance_url: str
    event_type: ProjectEventType
    events: int
    jobs: Mapping[str, int]


def total(ranking: Ranking) -> int:
    """The sum of a ranking's counts."""
    return sum(n for _, n in ranking)


def ranked(counts: Mapping[str, int]) -> Ranking:
    """Projects with a non-zero count, highest first (ties by project URL)."""
    return sorted(
        ((url, n) for url, n in counts.items() if n), key=lambda item: (-item[1], item[0])
    )


class Tally:
    """Per-project figures of one period, from the grouped rows of :func:`activity`.

    Read-only once built: each ranking is computed on first use and kept, so a tally
    kept by a process (a usage summary) ranks its rows once, not once per request.
    Callers must not change the rankings they get.
    """

    def __init__(self, rows: Iterable[Activity] = ()) -> None:
        self.rows = list(rows)
        self._rankings: dict[tuple[str, ProjectEventType | None], Ranking] = {}
        self._positions: dict[tuple[str, ProjectEventType | None], dict[str, int]] = {}
        self._active: set[str] | None = None
        self._instances: dict[str, int] | None = None

    def _sum(
        self, name: str, figure: Callable[[Activity], int], event_type: ProjectEventType | None
    ) -> Ranking:
        key = (name, event_type)
        if key not in self._rankings:
            counts: Counter[str] = Counter()
            for row in self.rows:
                if event_type is None or row.event_type is event_type:
                    counts[row.project_url] += figure(row)
            self._rankings[key] = ranked(counts)
        return self._rankings[key]

    def events(self, event_type: ProjectEventType | None = None) -> Ranking:
        """Events handled per project, for one event type or all."""
        return self._sum(EVENTS, lambda row: row.events, event_type)

    def jobs(self, job: str, event_type: ProjectEventType | None = None) -> Ranking:
        """Job runs of one kind per project, for one event type or all."""
        return self._sum(job, lambda row: row.jobs[job], event_type)

    def standing(
        self, figure: str, event_type: ProjectEventType | None, project_url: str
    ) -> tuple[int, int] | None:
        """``(position, count)`` of a project in the ranking of ``figure`` (:data:`EVENTS`
        or a job kind), or None when it is not ranked."""
        key = (figure, event_type)
        if key not in self._positions:
            ranking = self.events(event_type) if figure == EVENTS else self.jobs(figure, event_type)
            self._positions[key] = {url: index for index, (url, _) in enumerate(ranking)}
        index = self._positions[key].get(project_url)
        if index is None:
            return None
        return index + 1, self._rankings[key][index][1]

    def active_projects(self) -> set[str]:
        if self._active is None:
            self._active = {row.project_url for row in self.rows if row.events}
        return self._active

    def active_instances(self) -> dict[str, int]:
        """Active projects per forge instance."""
        if self._instances is None:
            projects = {(row.instance_url, row.project_url) for row in self.rows if row.events}
            self._instances = dict(Counter(instance for instance, _ in projects))
        return self._instances


def _activity_select(*leading: Any) -> Select[Any]:
    trigger = func.coalesce(
        ProjectEvent.pull_request_id,
        ProjectEvent.branch_id,
        ProjectEvent.release_id,
        ProjectEvent.issue_id,
        ProjectEvent.anitya_version_id,
    )
    return (
        select(
            *leading,
            GitProject.project_url,
            GitProject.instance_url,
            ProjectEvent.type,
            func.count(distinct(trigger)).label("events"),
            *(func.count(distinct(column)).label(job) for job, column in JOB_COLUMNS.items()),
        )
        .select_from(Pipeline)
        .join(ProjectEvent, Pipeline.project_event_id == ProjectEvent.id)
        .join(GitProject, ProjectEvent.project_id == GitProject.id)
        .group_by(*leading, GitProject.project_url, GitProject.instance_url, ProjectEvent.type)
    )


def _activity(row: Row[Any]) -> Activity:
    values = row._mapping
    return Activity(
        project_url=values["project_url"],
        instance_url=values["instance_url"],
        event_type=values["type"],
        events=values["events"],
        jobs={job: values[job] for job in JOBS},
    )


def activity(session: Session, period: Period) -> Tally:
    """Every project's figures in ``period``. One statement."""
    statement = _activity_select().where(*period.bounds(Pipeline.created_at))
    return Tally(_activity(row) for row in session.execute(statement))


def activity_per_period(session: Session, periods: Sequence[Period]) -> list[Tally]:
    """One :class:`Tally` per period, in order; a pipeline on a shared edge counts in both.

    The periods become a derived table of bound parameters joined on the pipeline's time,
    so a whole chart costs one statement (per :data:`PERIODS_PER_STATEMENT` periods).
    Every period must have both ends.
    """
    tallies: list[list[Activity]] = [[] for _ in periods]
    for first in range(0, len(periods), PERIODS_PER_STATEMENT):
        chunk = periods[first : first + PERIODS_PER_STATEMENT]
        table = union_all(
            *(
                select(
                    literal(first + index, Integer).label("idx"),
                    literal(period.since, UTCDateTime()).label("since"),
                    literal(period.until, UTCDateTime()).label("until"),
                )
                for index, period in enumerate(chunk)
            )
        ).subquery("periods")
        statement = _activity_select(table.c.idx).join(
            table,
            and_(Pipeline.created_at >= table.c.since, Pipeline.created_at <= table.c.until),
        )
        for row in session.execute(statement):
            tallies[row.idx].append(_activity(row))
    return [Tally(rows) for rows in tallies]


def projects_per_instance(session: Session) -> dict[str, int]:
    """All known projects per forge instance. One statement."""
    rows = session.execute(
        select(GitProject.instance_url, func.count(GitProject.id)).group_by(GitProject.instance_url)
    )
    return dict(rows.all())


def _has_downstream_success() -> ColumnElement[bool]:
    """The project has a successful Bodhi update or a successful non-scratch Koji build.

    Uncorrelated ``IN`` subqueries: each is computed once from the successful jobs,
    where a correlated ``EXISTS`` made SQLite scan every success once per project
    (10 s instead of milliseconds on 100,000 builds).
    """
    bodhi = (
        select(ProjectEvent.project_id)
        .join(BodhiUpdateGroup, BodhiUpdateGroup.project_event_id == ProjectEvent.id)
        .join(BodhiUpdateTarget, BodhiUpdateTarget.group_id == BodhiUpdateGroup.id)
        .where(BodhiUpdateTarget.status == BodhiUpdateStatus.success)
    )
    koji = (
        select(ProjectEvent.project_id)
        .join(KojiBuildGroup, KojiBuildGroup.project_event_id == ProjectEvent.id)
        .join(KojiBuildTarget, KojiBuildTarget.group_id == KojiBuildGroup.id)
        .where(
            KojiBuildTarget.scratch.is_(False),
            KojiBuildTarget.status == KojiBuildState.success,
        )
    )
    return or_(GitProject.id.in_(bodhi), GitProject.id.in_(koji))


def _has_submitted_downstream_pr() -> ColumnElement[bool]:
    """The project is a downstream one where a sync release opened a pull request."""
    link = sync_release_target_pull_requests.c
    submitted = (
        select(SyncReleasePullRequest.project_id)
        .join(
            sync_release_target_pull_requests,
            link.sync_release_pull_request_id == SyncReleasePullRequest.id,
        )
        .join(SyncReleaseTarget, SyncReleaseTarget.id == link.sync_release_target_id)
        .where(SyncReleaseTarget.status == SyncReleaseTargetStatus.submitted)
    )
    return GitProject.id.in_(submitted)


@dataclass(frozen=True, slots=True)
class Onboarding:
    """Project ids and URLs: onboarded downstream, or with a downstream PR not yet proven."""

    onboarded: dict[int, str]
    almost_onboarded: dict[int, str]


def onboarding(session: Session) -> Onboarding:
    """Onboarded projects have a successful Bodhi update or Koji build; almost onboarded
    ones only a pull request opened downstream. One statement."""
    onboarded = _has_downstream_success()
    rows = session.execute(
        select(GitProject.id, GitProject.project_url, onboarded.label("onboarded"))
        .where(or_(onboarded, _has_submitted_downstream_pr()))
        .order_by(GitProject.id)
    )
    found = Onboarding({}, {})
    for project_id, url, is_onboarded in rows:
        (found.onboarded if is_onboarded else found.almost_onboarded)[project_id] = url
    return found


def onboarded_count(session: Session) -> int:
    """How many projects are onboarded downstream. One statement."""
    count = session.scalar(select(func.count(GitProject.id)).where(_has_downstream_success()))
    return count or 0
