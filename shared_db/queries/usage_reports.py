"""Usage answers in the legacy shapes, and the long ones stored as usage reports.

The reference hands its long computations (past-day … total, intervals) to a task queue
and answers with the place to fetch the result. Here there is no queue: a report is
computed synchronously, inside the request that asks for it, and stored as a finished
:class:`UsageReport` row in the same transaction; the edge then answers as the reference
does (the result itself, or a redirect to ``<kind>/<id>``), and fetching by id reads the
stored result. Every figure comes from the aggregate statements of
:mod:`shared_db.queries.usage`, so a report costs a handful of statements whatever the
data size. Why synchronous: it is simple and cannot lose work (nothing runs after the
answer, no thread outlives a request, a failure rolls the row back with the request);
the cost is bounded because the same report (same kind and parameters) asked again
within :data:`REUSE_FOR` is served from the stored row instead of being recomputed.

The usage routes read their figures from the usage summaries the usage job keeps fresh
(:mod:`shared_db.queries.usage_summaries`) where one covers the period, else compute them
directly; :func:`usage_data`, :func:`project_usage` and :func:`past_usage` are the direct
computation, the reference the summaries are tested against. A report made from a
summary records the summary's ``as_of``; the same report is reused while no newer
summary exists.

A report that is not finished (rows written by another writer) reads as ``None``, the
reference's answer while its task still runs; a failed one raises :class:`ReportFailed`.
A finished report never changes: what the routes encode of it is kept per process under
its random ``uid`` (:func:`kept_as`), and its result is read only when that is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from shared_db.base import utcnow
from shared_db.errors import DomainError, NotFound
from shared_db.models import ProjectEventType, UsageReport, UsageReportStatus
from shared_db.queries.usage import (
    EVENT_TYPES,
    EVENTS,
    JOBS,
    Period,
    Tally,
    activity,
    onboarded_count,
    projects_per_instance,
    total,
)
from shared_db.queries.usage_intervals import interval_usage
from shared_db.queries.usage_summaries import (
    Answers,
    Summary,
    activity_summary,
    past_since,
    period_activity,
    projects,
)

REPORT_NOT_FOUND = "No usage data stored with this id"
INTERVALS = "intervals"
MAX_INTERVALS = 1000  # points per intervals chart
MAX_SPAN_HOURS = 24 * 36_525  # an intervals chart covers at most a century
PAST_TOP = 5  # projects listed per job in a past-… report
REUSE_FOR = timedelta(hours=1)
ASKED = timedelta(days=1)  # the usage job prepares the charts asked for within this
# Jobs the per-project answer reports on (the reference leaves Log Detective out there).
PROJECT_JOBS = tuple(job for job in JOBS if job != "log_detective_run_groups")


class ReportFailed(DomainError):
    status_code = 500


# --- GET /usage ---------------------------------------------------------------------------


def usage_data(session: Session, period: Period, top: int | None) -> dict[str, Any]:
    """Overall figures in ``period``; ``top`` limits the project rankings (``None``: all).

    As in the reference, ``top=0`` empties the overall rankings but not those per event.
    Computed directly.
    """
    return usage_of(activity(session, period), projects_per_instance(session), top)


_usage_answers: Answers[tuple[str, int | None], dict[str, Any]] = Answers()


def usage(
    session: Session, period: Period, top: int | None, now: datetime | None = None
) -> Summary[dict[str, Any]]:
    """:func:`usage_data` from the summaries when fresh ones cover ``period``; its
    ``version`` is that of both summaries (None when either was computed directly)."""
    now = now or utcnow()
    tally = period_activity(session, period, now)
    known = projects(session, now)
    version = f"{tally.version}/{known.version}" if tally.version and known.version else None
    figures = _usage_answers.get(
        None if version is None else (version, top),
        lambda: usage_of(tally.figures, known.figures.instances, top),
    )
    return Summary(figures, min(tally.as_of, known.as_of), version)


def usage_of(tally: Tally, instances: dict[str, int], top: int | None) -> dict[str, Any]:
    return {
        "all_projects": {"project_count": sum(instances.values()), "instances": instances},
        "active_projects": {
            "project_count": len(tally.active_projects()),
            "top_projects_by_events_handled": dict(tally.events()[:top]),
            "instances": tally.active_instances(),
        },
        "events": {
            event_type.value: {
                "events_handled": total(ranking),
                "top_projects": dict(ranking[: top or None]),
            }
            for event_type in EVENT_TYPES
            for ranking in [tally.events(event_type)]
        },
        "jobs": {
            job: {
                "job_runs": total(ranking),
                "top_projects_by_job_runs": dict(ranking[:top]),
            }
            for job in JOBS
            for ranking in [tally.jobs(job)]
        },
    }


# --- GET /usage/project/... -----------------------------------------------------------------


def _standing(
    tally: Tally, figure: str, event_type: ProjectEventType | None, url: str, count_name: str
) -> dict[str, int | None]:
    found = tally.standing(figure, event_type, url)
    if found is None:
        return {"position": None, count_name: None}
    return {"position": found[0], count_name: found[1]}


def project_usage(session: Session, project_url: str, period: Period) -> dict[str, Any]:
    """One project's figures in ``period`` and its position among all projects, computed
    directly."""
    return project_usage_of(activity(session, period), project_url)


def project(
    session: Session, project_url: str, period: Period, now: datetime | None = None
) -> Summary[dict[str, Any]]:
    """:func:`project_usage` from the summary when a fresh one covers ``period``."""
    tally = period_activity(session, period, now or utcnow())
    return Summary(project_usage_of(tally.figures, project_url), tally.as_of, tally.version)


def project_usage_of(tally: Tally, project_url: str) -> dict[str, Any]:
    def standing(figure: str, name: str) -> dict[str, Any]:
        return {
            **_standing(tally, figure, None, project_url, name),
            "per_event": {
                event_type.value: _standing(tally, figure, event_type, project_url, name)
                for event_type in EVENT_TYPES
            },
        }

    return {
        "events_handled": standing(EVENTS, "events_handled"),
        "jobs": {job: standing(job, "job_runs") for job in PROJECT_JOBS},
    }


# --- past-day … total -----------------------------------------------------------------------


def past_usage(session: Session, since: datetime | None, top: int = PAST_TOP) -> dict[str, Any]:
    """The figures of a past-… report, computed directly."""
    return past_usage_of(activity(session, Period(since=since)), onboarded_count(session), top)


def past_usage_of(tally: Tally, onboarded: int, top: int = PAST_TOP) -> dict[str, Any]:
    jobs = {job: tally.jobs(job) for job in JOBS}
    return {
        "active_projects": {
            "project_count": len(tally.active_projects()),
            "top_projects_by_events_handled": dict(tally.events()),
            "instances": tally.active_instances(),
        },
        "jobs": {
            job: {
                "job_runs": total(ranking),
                "top_projects_by_job_runs": dict(ranking[:top]),
                "active_projects": len(ranking),
            }
            for job, ranking in jobs.items()
        },
        "onboarded_projects_q1_2024": onboarded,
    }


# --- stored reports -------------------------------------------------------------------------


def _stored(
    session: Session,
    kind: str,
    parameters: dict[str, Any],
    compute: Callable[[], Summary[dict[str, Any]]],
    now: datetime,
    newer_than: datetime | None = None,
    prepared: bool = False,
) -> UsageReport:
    """The finished report of ``kind`` and ``parameters`` from the last :data:`REUSE_FOR`
    whose figures are not older than ``newer_than`` (when given), or a new one computed
    now and flushed (one the usage job ``prepared`` is only added: the job writes after
    all its reads, see :func:`~shared_db.queries.usage_job.run_round`)."""
    # The candidates without their results (a result can be large: every project), newest
    # first; in steady use the one made from the current summaries is the only one.
    query = (
        select(UsageReport)
        .options(defer(UsageReport.result))
        .where(
            UsageReport.kind == kind,
            UsageReport.status == UsageReportStatus.done,
            UsageReport.created_at >= now - REUSE_FOR,
        )
        .order_by(UsageReport.id.desc())
        .limit(20)
    )
    if newer_than is not None:
        query = query.where(UsageReport.as_of >= newer_than)
    for candidate in session.scalars(query):
        # Its result is read only if asked for: a redirect to the report, or an answer
        # kept by its ``uid``, never needs it.
        if candidate.parameters == parameters:
            return candidate
    computed = compute()
    report = UsageReport(
        kind=kind,
        parameters=parameters,
        status=UsageReportStatus.done,
        result=computed.figures,
        created_at=now,
        finished_at=utcnow(),
        as_of=computed.as_of,
        prepared=prepared,
    )
    session.add(report)
    if not prepared:
        session.flush()
    return report


def past_report(session: Session, kind: str, now: datetime) -> UsageReport:
    """The past-day/-week/-month/-year or total report as of ``now``: made from the usage
    summaries when they are fresh (and reused until newer ones exist), else computed."""
    since = past_since(kind, now)
    parameters = {"from": since.isoformat() if since else None, "top": PAST_TOP}
    tally = activity_summary(session, Period(since=since), now)
    known = projects(session, now)
    if tally is not None:
        as_of = min(tally.as_of, known.as_of)
        summarized, onboarded = tally.figures, known.figures.onboarded_count

        def summarize() -> Summary[dict[str, Any]]:
            return Summary(past_usage_of(summarized, onboarded), as_of)

        return _stored(session, kind, parameters, summarize, now, as_of)

    def compute() -> Summary[dict[str, Any]]:
        return Summary(past_usage(session, since), now)

    return _stored(session, kind, parameters, compute, now)


def interval_report(
    session: Session, *, days: int, hours: int, count: int, now: datetime, prepared: bool = False
) -> UsageReport:
    """The intervals report ending at the current hour (``prepared``: by the usage job)."""
    end = now.replace(minute=0, second=0, microsecond=0)
    parameters = {"days": days, "hours": hours, "count": count, "to": end.isoformat()}

    def compute() -> Summary[dict[str, Any]]:
        return Summary(interval_usage(session, days=days, hours=hours, count=count, now=end), now)

    return _stored(session, INTERVALS, parameters, compute, now, prepared=prepared)


def prepare_intervals(session: Session, now: datetime, asked_within: timedelta = ASKED) -> int:
    """Make the intervals charts of the current hour that requests asked for within
    ``asked_within`` (those not made yet), so that their requests find them stored; how
    many were asked for. A chart only the job made is not asked for: one in steady use is
    computed by a request once per ``asked_within``."""
    asked = session.scalars(
        select(UsageReport.parameters).where(
            UsageReport.kind == INTERVALS,
            UsageReport.prepared.is_(False),
            UsageReport.created_at >= now - asked_within,
        )
    )
    charts = {(p["days"], p["hours"], p["count"]) for p in asked}
    for days, hours, count in sorted(charts):
        interval_report(session, days=days, hours=hours, count=count, now=now, prepared=True)
    return len(charts)


def get_report(session: Session, kind: str, report_id: int, *, result: bool = True) -> UsageReport:
    """The stored report ``report_id`` of ``kind``, whatever its status. One statement;
    without ``result`` its result is read (a second one) only if asked for, for a caller
    that may have an answer made from it already (keyed by ``uid``)."""
    query = select(UsageReport).where(UsageReport.id == report_id, UsageReport.kind == kind)
    if not result:
        query = query.options(defer(UsageReport.result))
    report = session.scalar(query)
    if report is None:
        raise NotFound(REPORT_NOT_FOUND)
    return report


def kept_as(report: UsageReport) -> str | None:
    """The key under which what is made of ``report`` (an encoded answer) can be kept: its
    ``uid`` once it is finished, done or failed, for it never changes again; None while it
    may still change, or for a report without a uid (written by another process)."""
    finished = report.status in (UsageReportStatus.done, UsageReportStatus.failed)
    return report.uid if finished else None


def result_of(report: UsageReport) -> dict[str, Any] | None:
    """A report's result; ``None`` while it is not finished (:class:`ReportFailed` if it
    failed)."""
    if report.status is UsageReportStatus.failed:
        raise ReportFailed(report.error or "The usage computation failed")
    if report.status is not UsageReportStatus.done:
        return None
    return report.result
