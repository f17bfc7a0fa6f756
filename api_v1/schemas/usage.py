"""Usage statistics: overall and per project, onboarding, and the stored long reports.

The figures are those of :mod:`shared_db.queries.usage_reports` (the legacy shapes), typed.
Changes from the legacy shapes (each still carries the legacy information):
- rankings (`{url: count}` objects: `top_projects_by_events_handled`,
  `top_projects_by_job_runs`, `top_projects`) → `top_projects`: a list of
  `{project_url, count}`, highest first, ties by URL (the legacy objects' order);
- per-project standings: `events_handled`/`job_runs` (null when none) → `count` (0 when
  none; `position` stays null then); the project is echoed as `project`;
- onboarded projects: `{id: url}` objects → lists of `{id, project_url}` ordered by id;
- long reports: the bare result → the stored report `{id, status, created_at, …, result}`
  with its parameters (`since`/`top`, `days`/`hours`/`count`/`end`) typed;
  `onboarded_projects_q1_2024` → `onboarded_project_count`;
- intervals: `[{x, y}]` point lists → one list of values per series, aligned with
  `interval_ends` (ISO 8601, oldest first) and `labels` (the legacy `x`); `from`/`to` →
  the last/first of `interval_ends`; `jobs`, `jobs_project_count`,
  `jobs_project_cumulative_count`, `onboarded_projects_per_job` → per job `job_runs`,
  `project_count`, `project_cumulative_count`, `onboarded_projects`;
- new: `as_of`, when the figures were read (they come from summaries the usage job keeps
  at most its freshness bound old, or are computed in the request).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal, cast

from pydantic import Field

from api_v1.schemas.base import Schema
from api_v1.schemas.common import ProjectRead, Timestamp
from shared_db.models import ProjectEventType, UsageReport, UsageReportStatus
from shared_db.queries.usage import Onboarding
from shared_db.queries.usage_intervals import interval_ends

PastKind = Literal["past-day", "past-week", "past-month", "past-year", "total"]


class JobKind(StrEnum):
    """Kinds of jobs, named by their table as in the legacy answers."""

    srpm_builds = "srpm_builds"
    copr_build_groups = "copr_build_groups"
    koji_build_groups = "koji_build_groups"
    vm_image_build_targets = "vm_image_build_targets"
    tft_test_run_groups = "tft_test_run_groups"
    sync_release_runs = "sync_release_runs"
    log_detective_run_groups = "log_detective_run_groups"


INSTANCES = Field(description="Projects per forge host", examples=[{"github.com": 2}])
AS_OF = Field(description="When the figures were read (at most the freshness bound ago)")


class ProjectCount(Schema):
    """One project's figure in a ranking."""

    project_url: str = Field(examples=["https://github.com/packit/ogr"])
    count: int = Field(ge=1, examples=[42])


def ranking(counts: Mapping[str, int]) -> list[ProjectCount]:
    """A legacy ``{url: count}`` ranking, highest first, ties by URL (the order it was
    computed in; JSONB keeps no key order, so it is restored here)."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [ProjectCount(project_url=url, count=n) for url, n in ordered]


class AllProjectsRead(Schema):
    project_count: int = Field(description="Projects known to the service")
    instances: dict[str, int] = INSTANCES


class ActiveProjectsRead(Schema):
    project_count: int = Field(description="Projects with at least one event handled")
    top_projects: list[ProjectCount] = Field(description="Projects by events handled")
    instances: dict[str, int] = INSTANCES

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> ActiveProjectsRead:
        return cls(
            project_count=data["project_count"],
            top_projects=ranking(data["top_projects_by_events_handled"]),
            instances=data["instances"],
        )


class EventUsageRead(Schema):
    events_handled: int = Field(description="Distinct events (PRs, pushes, …) with a pipeline")
    top_projects: list[ProjectCount] = Field(description="Projects by events handled")


class JobUsageRead(Schema):
    job_runs: int = Field(description="Distinct jobs of this kind run")
    top_projects: list[ProjectCount] = Field(description="Projects by job runs")


class UsageRead(Schema):
    """Usage of the service in a period: projects, events handled and jobs run.

    `events` has every event type and `jobs` every job kind, with zeros where nothing ran.
    """

    all_projects: AllProjectsRead
    active_projects: ActiveProjectsRead
    events: dict[ProjectEventType, EventUsageRead]
    jobs: dict[JobKind, JobUsageRead]
    as_of: Timestamp = AS_OF

    @classmethod
    def of(cls, data: Mapping[str, Any], as_of: datetime) -> UsageRead:
        """From :func:`shared_db.queries.usage_reports.usage_data`."""
        return cls(
            as_of=as_of,
            all_projects=AllProjectsRead.model_validate(data["all_projects"]),
            active_projects=ActiveProjectsRead.of(data["active_projects"]),
            events={
                ProjectEventType(name): EventUsageRead(
                    events_handled=event["events_handled"],
                    top_projects=ranking(event["top_projects"]),
                )
                for name, event in data["events"].items()
            },
            jobs={
                JobKind(name): JobUsageRead(
                    job_runs=job["job_runs"], top_projects=ranking(job["top_projects_by_job_runs"])
                )
                for name, job in data["jobs"].items()
            },
        )


class StandingRead(Schema):
    """A project's figure and its place among all projects (null: it has none)."""

    count: int = Field(ge=0, examples=[12])
    position: int | None = Field(ge=1, description="1 for the busiest project", examples=[3])

    @classmethod
    def of(cls, data: Mapping[str, Any], name: str) -> StandingRead:
        return cls(count=data[name] or 0, position=data["position"])


class ProjectStandingRead(StandingRead):
    per_event: dict[ProjectEventType, StandingRead] = Field(
        description="The same, counting one event type only"
    )

    @classmethod
    def of(cls, data: Mapping[str, Any], name: str) -> ProjectStandingRead:
        return cls(
            count=data[name] or 0,
            position=data["position"],
            per_event={
                ProjectEventType(event): StandingRead.of(standing, name)
                for event, standing in data["per_event"].items()
            },
        )


class ProjectUsageRead(Schema):
    """One project's usage in a period and its position among all projects.

    `jobs` leaves Log Detective out, as the legacy answer does.
    """

    project: ProjectRead
    events_handled: ProjectStandingRead
    jobs: dict[JobKind, ProjectStandingRead]
    as_of: Timestamp = AS_OF

    @classmethod
    def of(cls, project: ProjectRead, data: Mapping[str, Any], as_of: datetime) -> ProjectUsageRead:
        """From :func:`shared_db.queries.usage_reports.project_usage`."""
        return cls(
            as_of=as_of,
            project=project,
            events_handled=ProjectStandingRead.of(data["events_handled"], "events_handled"),
            jobs={
                JobKind(name): ProjectStandingRead.of(job, "job_runs")
                for name, job in data["jobs"].items()
            },
        )


class OnboardedProjectRead(Schema):
    id: int = Field(description="Packit id of the project")
    project_url: str = Field(examples=["https://src.fedoraproject.org/rpms/python-ogr"])


class OnboardingRead(Schema):
    """Projects onboarded downstream (a successful Bodhi update or non-scratch Koji build)
    and almost onboarded ones (only a downstream pull request opened), by id."""

    onboarded: list[OnboardedProjectRead]
    almost_onboarded: list[OnboardedProjectRead]
    as_of: Timestamp = AS_OF

    @classmethod
    def of(cls, found: Onboarding, as_of: datetime) -> OnboardingRead:
        def projects(by_id: Mapping[int, str]) -> list[OnboardedProjectRead]:
            return [OnboardedProjectRead(id=i, project_url=url) for i, url in sorted(by_id.items())]

        return cls(
            onboarded=projects(found.onboarded),
            almost_onboarded=projects(found.almost_onboarded),
            as_of=as_of,
        )


class PastJobUsageRead(JobUsageRead):
    active_projects: int = Field(description="Projects that ran a job of this kind")


class PastUsageRead(Schema):
    """Usage since the report's `since` (`top_projects` of jobs: the first 5 only)."""

    active_projects: ActiveProjectsRead
    jobs: dict[JobKind, PastJobUsageRead]
    onboarded_project_count: int = Field(description="Projects onboarded downstream, ever")

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> PastUsageRead:
        return cls(
            active_projects=ActiveProjectsRead.of(data["active_projects"]),
            jobs={
                JobKind(name): PastJobUsageRead(
                    job_runs=job["job_runs"],
                    top_projects=ranking(job["top_projects_by_job_runs"]),
                    active_projects=job["active_projects"],
                )
                for name, job in data["jobs"].items()
            },
            onboarded_project_count=data["onboarded_projects_q1_2024"],
        )


def _values(points: list[dict[str, Any]]) -> list[int]:
    return [point["y"] for point in points]


class IntervalJobRead(Schema):
    job_runs: list[int] = Field(description="Jobs of this kind run in each interval")
    project_count: list[int] = Field(description="Projects that ran one, per interval")
    project_cumulative_count: list[int] = Field(
        description="Projects that ran one up to the end of each interval"
    )
    onboarded_projects: list[str] = Field(
        description="Projects whose first job of this kind is in the chart"
    )


class IntervalUsageRead(Schema):
    """Chart data: one value per interval in every series, oldest interval first.

    Cumulative series and the onboarded lists also count what happened before the chart.
    """

    interval_ends: list[Timestamp] = Field(description="Where each interval ends")
    labels: list[str] = Field(
        description="Legend of each interval: `HH:MM` for hourly charts, else `YYYY-MM-DD`",
        examples=[["2026-03-01", "2026-03-02"]],
    )
    events: dict[ProjectEventType, list[int]] = Field(description="Events handled")
    jobs: dict[JobKind, IntervalJobRead]
    active_projects: list[int] = Field(description="Projects with an event handled")
    active_projects_cumulative: list[int] = Field(
        description="Projects with an event handled up to the end of each interval"
    )
    onboarded_projects: list[str] = Field(description="Projects whose first event is in the chart")

    @classmethod
    def of(cls, ends: list[datetime], data: Mapping[str, Any]) -> IntervalUsageRead:
        """From :func:`shared_db.queries.usage_intervals.interval_usage`."""
        return cls(
            interval_ends=ends,
            labels=[point["x"] for point in data["active_projects"]],
            events={ProjectEventType(t): _values(points) for t, points in data["events"].items()},
            jobs={
                JobKind(name): IntervalJobRead(
                    job_runs=_values(points),
                    project_count=_values(data["jobs_project_count"][name]),
                    project_cumulative_count=_values(data["jobs_project_cumulative_count"][name]),
                    onboarded_projects=data["onboarded_projects_per_job"][name],
                )
                for name, points in data["jobs"].items()
            },
            active_projects=_values(data["active_projects"]),
            active_projects_cumulative=_values(data["active_projects_cumulative"]),
            onboarded_projects=data["onboarded_projects"],
        )


class ReportRead(Schema):
    """A stored usage report. `result` is set once `status` is `done`; `error` says why a
    `failed` one failed."""

    id: int = Field(description="Id to fetch the report by later")
    status: UsageReportStatus
    created_at: Timestamp
    finished_at: Timestamp | None
    as_of: Timestamp | None = Field(
        description="When its figures were read (null for reports made before this was kept)"
    )
    error: str | None = Field(description="Why the computation failed")


class PastReportRead(ReportRead):
    """Usage since midnight (UTC) 1, 7, 30 or 365 days before the report was made, or ever."""

    kind: PastKind
    since: Timestamp | None = Field(description="Start of the period; null for `total`")
    top: int | None = Field(description="Projects listed per job kind")
    result: PastUsageRead | None

    @classmethod
    def of(cls, report: UsageReport) -> PastReportRead:
        parameters = report.parameters or {}
        data = report.result if report.status is UsageReportStatus.done else None
        return cls(
            id=report.id,
            kind=cast(PastKind, report.kind),  # the shared query checked the kind
            status=report.status,
            created_at=report.created_at,
            finished_at=report.finished_at,
            as_of=report.as_of,
            error=report.error,
            since=parameters.get("from"),
            top=parameters.get("top"),
            result=PastUsageRead.of(data) if data is not None else None,
        )


class IntervalReportRead(ReportRead):
    """Chart data for `count` intervals of `days` days and `hours` hours up to `end`."""

    days: int | None
    hours: int | None
    count: int | None
    end: Timestamp | None = Field(description="End of the last interval (a whole hour)")
    result: IntervalUsageRead | None

    @classmethod
    def of(cls, report: UsageReport) -> IntervalReportRead:
        parameters = report.parameters or {}
        days, hours, count = (parameters.get(key) for key in ("days", "hours", "count"))
        end = parameters.get("to")
        data = report.result if report.status is UsageReportStatus.done else None
        result = None
        if data is not None:
            moment = datetime.fromisoformat(parameters["to"])
            ends = interval_ends(days=days or 0, hours=hours or 0, count=count or 0, end=moment)
            result = IntervalUsageRead.of(ends, data)
        return cls(
            id=report.id,
            status=report.status,
            created_at=report.created_at,
            finished_at=report.finished_at,
            as_of=report.as_of,
            error=report.error,
            days=days,
            hours=hours,
            count=count,
            end=end,
            result=result,
        )
