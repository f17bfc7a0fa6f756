"""The usage intervals chart: events handled, jobs run, active and onboarded projects per
interval (``/usage/intervals``; stored as a report by :mod:`usage_reports`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from shared_db.queries.usage import (
    EVENT_TYPES,
    JOBS,
    Period,
    Ranking,
    Tally,
    activity_per_period,
    total,
)

# Intervals start after the past bucket, which holds everything older than the chart.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)


def interval_ends(*, days: int, hours: int, count: int, end: datetime) -> list[datetime]:
    """Where the ``count`` intervals of an intervals report ending at ``end`` end, oldest
    first: the moments its chart points (the ``x`` legends) stand for."""
    delta = timedelta(days=days, hours=hours)
    return [end - index * delta for index in reversed(range(count))]


# --- the chart ------------------------------------------------------------------------------


def _points(tally: Tally) -> tuple[dict[str, Ranking], set[str]]:
    return {job: tally.jobs(job) for job in JOBS}, tally.active_projects()


def interval_usage(
    session: Session, *, days: int, hours: int, count: int, now: datetime
) -> dict[str, Any]:
    """Chart data: ``count`` intervals of ``days`` + ``hours`` ending at ``now``, oldest
    first, each point ``{"x": legend, "y": value}``; "cumulative" figures and the
    onboarded lists also count what happened before the first interval."""
    delta = timedelta(days=days, hours=hours)
    ends = [now - index * delta for index in range(count)]  # newest first
    periods = [Period(EARLIEST, ends[-1])]
    periods += [Period(end - delta, end) for end in reversed(ends)]
    past, *intervals = activity_per_period(session, periods)
    legend_format = "%H:%M" if hours and not days else "%Y-%m-%d"

    past_jobs, past_projects = _points(past)
    seen = set(past_projects)
    seen_per_job = {job: {url for url, _ in ranking} for job, ranking in past_jobs.items()}
    jobs: dict[str, list[dict[str, Any]]] = {job: [] for job in JOBS}
    project_counts: dict[str, list[dict[str, Any]]] = {job: [] for job in JOBS}
    cumulative_counts: dict[str, list[dict[str, Any]]] = {job: [] for job in JOBS}
    events: dict[str, list[dict[str, Any]]] = {t.value: [] for t in EVENT_TYPES}
    active: list[dict[str, Any]] = []
    active_cumulative: list[dict[str, Any]] = []

    for end, tally in zip(reversed(ends), intervals, strict=True):
        x = end.strftime(legend_format)
        interval_jobs, projects = _points(tally)
        for job, ranking in interval_jobs.items():
            seen_per_job[job].update(url for url, _ in ranking)
            jobs[job].append({"x": x, "y": total(ranking)})
            project_counts[job].append({"x": x, "y": len(ranking)})
            cumulative_counts[job].append({"x": x, "y": len(seen_per_job[job])})
        for event_type in EVENT_TYPES:
            events[event_type.value].append({"x": x, "y": total(tally.events(event_type))})
        seen |= projects
        active.append({"x": x, "y": len(projects)})
        active_cumulative.append({"x": x, "y": len(seen)})

    return {
        "jobs": jobs,
        "jobs_project_count": project_counts,
        "jobs_project_cumulative_count": cumulative_counts,
        "events": events,
        "from": _naive_iso(ends[0]),
        "to": _naive_iso(ends[-1]),
        "active_projects": active,
        "active_projects_cumulative": active_cumulative,
        "onboarded_projects": sorted(seen - past_projects),
        "onboarded_projects_per_job": {
            job: sorted(seen_per_job[job] - {url for url, _ in past_jobs[job]}) for job in JOBS
        },
    }


def _naive_iso(moment: datetime) -> str:
    """The reference's format: ISO 8601 without an offset (the time is UTC)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat()
