"""usage (legacy view): the v1 usage figures and stored reports, in the legacy shapes.

The work is v1's: its endpoint functions where legacy asks what they answer (onboarding,
stored reports by id), else the shared query and v1 schema its route calls (figures from
the usage summaries when fresh ones cover the period). Legacy's own
are the arguments and the shapes: ``from``/``to`` are whatever ``datetime.fromisoformat``
reads (no zone meaning UTC) and ``from`` may follow ``to``; ``top`` may be 0; a chart
needs ``days`` or ``hours``; every refusal is a 400 ``{"errors": [...]}`` in legacy's
words. v1 reads some of these otherwise (422s, days by default), and its report routes
name their v1 URL, so ``/usage``, ``/usage/project/…`` and the new reports call the query
and schema rather than the v1 endpoints. Where v1 answers a new report with itself (200),
legacy answers with its result (``past-day``) or a 302 to ``<kind>/<id>``, relative and
without a body.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

from api_v1 import usage as v1
from api_v1.deps import UnitOfWorkDep
from api_v1.legacy.errors import HTML
from api_v1.legacy.responses import JSON, jsonify_bytes, legacy_json
from api_v1.legacy.routing import LegacyRouter
from api_v1.schemas.common import ProjectRead
from api_v1.schemas.usage import (
    ActiveProjectsRead,
    IntervalReportRead,
    IntervalUsageRead,
    OnboardingRead,
    PastKind,
    PastReportRead,
    PastUsageRead,
    ProjectCount,
    ProjectStandingRead,
    ProjectUsageRead,
    ReportRead,
    StandingRead,
    UsageRead,
)
from shared_db.base import utcnow
from shared_db.models import UsageReport, UsageReportStatus
from shared_db.queries import usage_reports as reports
from shared_db.queries.usage import Period
from shared_db.queries.usage_summaries import Answers

router = LegacyRouter("usage")

# What legacy answers for a failed report that recorded no reason.
REPORT_FAILED = "The usage computation failed"
PAST_KINDS: tuple[PastKind, ...] = ("past-day", "past-week", "past-month", "past-year", "total")


# --- pure shapes: v1 schemas → legacy dicts -------------------------------------------------


def counts(ranking: list[ProjectCount]) -> dict[str, int]:
    """A v1 ranking as the legacy ``{url: count}`` object."""
    return {item.project_url: item.count for item in ranking}


def active_projects(active: ActiveProjectsRead) -> dict[str, Any]:
    return {
        "project_count": active.project_count,
        "top_projects_by_events_handled": counts(active.top_projects),
        "instances": active.instances,
    }


def usage_body(usage: UsageRead) -> dict[str, Any]:
    return {
        "all_projects": {
            "project_count": usage.all_projects.project_count,
            "instances": usage.all_projects.instances,
        },
        "active_projects": active_projects(usage.active_projects),
        "events": {
            event_type.value: {
                "events_handled": event.events_handled,
                "top_projects": counts(event.top_projects),
            }
            for event_type, event in usage.events.items()
        },
        "jobs": {
            job.value: {
                "job_runs": figures.job_runs,
                "top_projects_by_job_runs": counts(figures.top_projects),
            }
            for job, figures in usage.jobs.items()
        },
    }


def standing(figure: StandingRead, name: str) -> dict[str, Any]:
    """``{"position", <name>}``; legacy has no count (null) where there is no position,
    which v1 writes as a count of 0."""
    return {"position": figure.position, name: None if figure.position is None else figure.count}


def project_standing(figure: ProjectStandingRead, name: str) -> dict[str, Any]:
    return {
        **standing(figure, name),
        "per_event": {
            event_type.value: standing(per_event, name)
            for event_type, per_event in figure.per_event.items()
        },
    }


def project_usage_body(usage: ProjectUsageRead) -> dict[str, Any]:
    return {
        "events_handled": project_standing(usage.events_handled, "events_handled"),
        "jobs": {job.value: project_standing(f, "job_runs") for job, f in usage.jobs.items()},
    }


def onboarding_body(onboarding: OnboardingRead) -> dict[str, dict[int, str]]:
    """Projects by id (JSON writes the ids as keys, in numeric order as legacy does)."""
    return {
        "onboarded": {p.id: p.project_url for p in onboarding.onboarded},
        "almost_onboarded": {p.id: p.project_url for p in onboarding.almost_onboarded},
    }


def past_usage_body(usage: PastUsageRead) -> dict[str, Any]:
    return {
        "active_projects": active_projects(usage.active_projects),
        "jobs": {
            job.value: {
                "job_runs": figures.job_runs,
                "top_projects_by_job_runs": counts(figures.top_projects),
                "active_projects": figures.active_projects,
            }
            for job, figures in usage.jobs.items()
        },
        "onboarded_projects_q1_2024": usage.onboarded_project_count,
    }


def naive_iso(moment: datetime) -> str:
    """Legacy chart bounds: ISO 8601 in UTC without an offset."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat()


def interval_usage_body(chart: IntervalUsageRead) -> dict[str, Any]:
    """v1's aligned series back to legacy ``[{x, y}]`` point lists; ``from`` is the newest
    interval end and ``to`` the oldest, as legacy names them."""

    def points(values: list[int]) -> list[dict[str, Any]]:
        return [{"x": x, "y": y} for x, y in zip(chart.labels, values, strict=True)]

    jobs = {job.value: figures for job, figures in chart.jobs.items()}
    return {
        "jobs": {job: points(f.job_runs) for job, f in jobs.items()},
        "jobs_project_count": {job: points(f.project_count) for job, f in jobs.items()},
        "jobs_project_cumulative_count": {
            job: points(f.project_cumulative_count) for job, f in jobs.items()
        },
        "events": {event_type.value: points(v) for event_type, v in chart.events.items()},
        "from": naive_iso(chart.interval_ends[-1]),
        "to": naive_iso(chart.interval_ends[0]),
        "active_projects": points(chart.active_projects),
        "active_projects_cumulative": points(chart.active_projects_cumulative),
        "onboarded_projects": chart.onboarded_projects,
        "onboarded_projects_per_job": {job: f.onboarded_projects for job, f in jobs.items()},
    }


def _unless_failed(report: ReportRead) -> None:
    """A failed report is legacy's 500 ``{"error": why}``."""
    if report.status is UsageReportStatus.failed:
        raise reports.ReportFailed(report.error or REPORT_FAILED)


def past_result(report: PastReportRead) -> dict[str, Any] | None:
    """A stored past-… report as legacy answers it: its result, null until it is done."""
    _unless_failed(report)
    return None if report.result is None else past_usage_body(report.result)


def interval_result(report: IntervalReportRead) -> dict[str, Any] | None:
    """A stored intervals report as legacy answers it: its chart, null until it is done."""
    _unless_failed(report)
    return None if report.result is None else interval_usage_body(report.result)


# --- arguments, read as legacy reads them ---------------------------------------------------


class LegacyQuery:
    """One request's query arguments, read as legacy reads them: the first value of each,
    and every refusal collected, in legacy's words and order, to be answered together."""

    def __init__(self, request: Request) -> None:
        self.params = request.query_params
        self.errors: list[str] = []

    def first(self, name: str) -> str | None:
        # werkzeug's ``args.get`` is the first value; Starlette's ``get`` would be the last.
        values = self.params.getlist(name)
        return values[0] if values else None

    def moment(self, name: str, label: str) -> datetime | None:
        """Anything ``datetime.fromisoformat`` reads, in UTC when it names no zone."""
        raw = self.first(name)
        if raw is None:
            return None
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            self.errors.append(f"{label} timestamp: invalid format")
            return None
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)

    def period(self) -> Period:
        """``from``/``to``, both ends included; ``from`` after ``to`` is no error."""
        return Period(self.moment("from", "From"), self.moment("to", "To"))

    def whole_number(self, name: str, default: int | None) -> int | None:
        """A non-negative integer as ``int()`` reads it; ``default`` when absent or bad."""
        raw = self.first(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            value = -1
        if value < 0:
            self.errors.append(f"{name.capitalize()}: invalid format")
            return default
        return value

    def chart(self) -> tuple[int, int, int]:
        """``days``, ``hours`` and ``count`` of an intervals chart; its span is checked
        once all three read as numbers."""
        days = self.whole_number("days", 0) or 0
        hours = self.whole_number("hours", 0) or 0
        count = self.whole_number("count", 10) or 0
        if not self.errors:
            self.errors.extend(span_errors(days, hours, count))
        return days, hours, count

    def refusal(self) -> Response | None:
        return legacy_json({"errors": self.errors}, 400) if self.errors else None


def span_errors(days: int, hours: int, count: int) -> list[str]:
    """What legacy refuses in a chart's span, first failed check only."""
    if not 1 <= count <= reports.MAX_INTERVALS:
        return [f"Count: must be between 1 and {reports.MAX_INTERVALS}"]
    if days == hours == 0:
        return ["Days, hours: the interval must not be empty"]
    if (24 * days + hours) * count > reports.MAX_SPAN_HOURS:
        return ["Days, hours, count: the intervals must cover 100 years at most"]
    return []


def found(location: str) -> Response:
    """Legacy's 302: ``location`` as given (relative), no body."""
    return Response(b"", status_code=302, headers={"Location": location}, media_type=HTML)


# --- the work, as the v1 routes do it -------------------------------------------------------


def _v1_endpoint(name: str) -> Callable[..., Any]:
    """A v1 usage endpoint by its route name (v1 makes the past-… ones per kind)."""
    (endpoint,) = [
        route.endpoint
        for route in v1.router.routes
        if isinstance(route, APIRoute) and route.name == name
    ]
    return endpoint


# The encoded answers made from summaries, kept by this process while their summaries stay.
_usage_bodies: Answers[tuple[str, int | None], bytes] = Answers()


def _usage(session: Session, period: Period, top: int | None) -> bytes:
    answer = reports.usage(session, period, top)
    return _usage_bodies.get(
        answer.key(top),
        lambda: jsonify_bytes(usage_body(UsageRead.of(answer.figures, answer.as_of))),
    )


def _project_usage(
    session: Session, forge: str, namespace: str, repo_name: str, period: Period
) -> ProjectUsageRead:
    url = f"https://{forge}/{namespace}/{repo_name}"
    project = ProjectRead(forge=forge, namespace=namespace, repo_name=repo_name, url=url)
    answer = reports.project(session, url, period)
    return ProjectUsageRead.of(project, answer.figures, answer.as_of)


# The encoded results of finished reports (they never change), by their uid.
_result_bodies: Answers[str, bytes] = Answers(16)


def _stored_result(
    session: Session,
    kind: str,
    report_id: int,
    legacy: Callable[[UsageReport], dict[str, Any] | None],
) -> bytes:
    """A stored report's result as legacy answers it, ``legacy(report)``, encoded (kept by
    the report's uid once it is finished)."""
    report = reports.get_report(session, kind, report_id, result=False)
    return _result_bodies.get(reports.kept_as(report), lambda: jsonify_bytes(legacy(report)))


def _past_report(session: Session, kind: PastKind) -> PastReportRead:
    return PastReportRead.of(reports.past_report(session, kind, utcnow()))


def _interval_report(session: Session, days: int, hours: int, count: int) -> IntervalReportRead:
    report = reports.interval_report(session, days=days, hours=hours, count=count, now=utcnow())
    return IntervalReportRead.of(report)


# --- the operations -------------------------------------------------------------------------


@router.get("/usage", "get", twin=v1.read_usage)
async def usage(request: Request, uow: UnitOfWorkDep) -> Response:
    query = LegacyQuery(request)
    period, top = query.period(), query.whole_number("top", None)
    if refusal := query.refusal():
        return refusal
    body = await uow.run_scan(_usage, period, top)
    return Response(body, media_type=JSON)


@router.get(
    "/usage/project/<forge>/<path:namespace>/<repo_name>",
    "project",
    twin=v1.read_project_usage,
)
async def project_usage(
    request: Request, uow: UnitOfWorkDep, forge: str, namespace: str, repo_name: str
) -> Response:
    query = LegacyQuery(request)
    period = query.period()
    if refusal := query.refusal():
        return refusal
    figures = await uow.run_scan(_project_usage, forge, namespace, repo_name, period)
    return legacy_json(project_usage_body(figures))


@router.get("/usage/onboarded-projects", "onboarded-projects", twin=v1.read_onboarded_projects)
async def onboarded_projects(uow: UnitOfWorkDep) -> Response:
    return legacy_json(onboarding_body(await uow.run_scan(v1.onboarding)))


def _declare_past(kind: PastKind) -> None:
    """``/usage/<kind>`` (stores a report) and ``/usage/<kind>/<id>`` (reads one)."""
    slug = kind.replace("-", "_")
    read_report = _v1_endpoint(f"read_usage_{slug}_report")

    async def start(uow: UnitOfWorkDep) -> Response:
        report = await uow.run_scan(_past_report, kind)
        if kind == "past-day":  # the result itself, as the reference answers it
            return legacy_json(past_result(report))
        return found(f"{kind}/{report.id}")

    async def result(uow: UnitOfWorkDep, id: int) -> Response:
        body = await uow.run(_stored_result, kind, id, lambda r: past_result(PastReportRead.of(r)))
        return Response(body, media_type=JSON)

    router.get(f"/usage/{kind}", kind, twin=_v1_endpoint(f"usage_{slug}"), writes=True)(start)
    router.get(f"/usage/{kind}/<int:id>", f"{kind}.result", twin=read_report)(result)


for _kind in PAST_KINDS:
    _declare_past(_kind)


@router.get("/usage/intervals", "intervals", twin=v1.usage_intervals, writes=True)
async def intervals(request: Request, uow: UnitOfWorkDep) -> Response:
    query = LegacyQuery(request)
    days, hours, count = query.chart()
    if refusal := query.refusal():
        return refusal
    report = await uow.run_scan(_interval_report, days, hours, count)
    return found(f"intervals/{report.id}")


@router.get("/usage/intervals/<int:id>", "intervals.result", twin=v1.read_usage_intervals_report)
async def interval_report(uow: UnitOfWorkDep, id: int) -> Response:
    body = await uow.run(
        _stored_result, reports.INTERVALS, id, lambda r: interval_result(IntervalReportRead.of(r))
    )
    return Response(body, media_type=JSON)
