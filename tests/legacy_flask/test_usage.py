"""usage: overall and per-project figures, onboarding, and the stored usage reports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from shared_db.models import (
    GitProject,
    Pipeline,
    ProjectEventType,
    SyncReleaseTargetStatus,
    UsageReport,
    UsageReportStatus,
)
from shared_db.queries import usage_intervals, usage_reports
from tests.legacy_client import LegacyClient
from tests.shared_db.factories import make_anitya_event, make_pr_event, make_project
from tests.shared_db.factories_usage import (
    downstream,
    downstream_pr,
    run,
)
from tests.shared_db.factories_usage_v1 import OGR, SPECFILE, T0, usage_activity
from tests.sqlcount import count_statements


@pytest.fixture
def activity(session: Session) -> dict[str, GitProject]:
    """ogr: PR 1 (two events, one shared Copr group), PR 2, a push; specfile: PR 7;
    an idle project; a release-monitoring event. All at T0 + minutes."""
    projects = usage_activity(session)
    run(session, make_anitya_event(session, project_id=1, version="1.0"), T0)
    return projects


def get(client: LegacyClient, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.get_data()
    return response.get_json()


def test_usage_counts_distinct_triggers_and_jobs(
    legacy_client: LegacyClient, activity: dict[str, GitProject]
) -> None:
    body = get(legacy_client, "usage")
    assert body["all_projects"] == {
        "project_count": 3,
        "instances": {"github.com": 2, "gitlab.com": 1},
    }
    assert body["active_projects"] == {
        "project_count": 2,
        "top_projects_by_events_handled": {OGR: 3, SPECFILE: 1},
        "instances": {"github.com": 2},
    }
    assert body["events"]["pull_request"] == {
        "events_handled": 3,
        "top_projects": {OGR: 2, SPECFILE: 1},
    }
    assert body["events"]["branch_push"] == {"events_handled": 1, "top_projects": {OGR: 1}}
    # Release-monitoring events belong to no git project.
    assert body["events"]["anitya_version"] == {"events_handled": 0, "top_projects": {}}
    assert body["jobs"]["copr_build_groups"] == {
        "job_runs": 4,
        "top_projects_by_job_runs": {OGR: 3, SPECFILE: 1},
    }
    assert body["jobs"]["srpm_builds"] == {"job_runs": 0, "top_projects_by_job_runs": {}}
    assert set(body["jobs"]) == {
        "srpm_builds",
        "copr_build_groups",
        "koji_build_groups",
        "vm_image_build_targets",
        "tft_test_run_groups",
        "sync_release_runs",
        "log_detective_run_groups",
    }


def test_top_limits_the_rankings(
    legacy_client: LegacyClient, activity: dict[str, GitProject]
) -> None:
    body = get(legacy_client, "usage?top=1")
    assert body["active_projects"]["top_projects_by_events_handled"] == {OGR: 3}
    assert body["events"]["pull_request"]["top_projects"] == {OGR: 2}
    assert body["jobs"]["copr_build_groups"]["top_projects_by_job_runs"] == {OGR: 3}
    assert body["active_projects"]["project_count"] == 2
    zero = get(legacy_client, "usage?top=0")
    assert zero["active_projects"]["top_projects_by_events_handled"] == {}
    assert zero["events"]["pull_request"]["top_projects"] == {OGR: 2, SPECFILE: 1}


@pytest.mark.parametrize(
    ("query", "events", "copr"),
    [
        # Both ends are included; a zone offset is honoured; a date means its midnight.
        ("from=2026-03-01T12:01:00&to=2026-03-01T12:02:00", 2, 2),
        ("from=2026-03-01T13:02:00%2B01:00", 3, 3),
        ("to=2026-03-01T12:00:00", 1, 1),
        ("from=2026-03-02", 0, 0),
        ("to=2026-03-01", 0, 0),
    ],
)
def test_period_filters_on_pipeline_time(
    legacy_client: LegacyClient, activity: dict[str, GitProject], query: str, events: int, copr: int
) -> None:
    body = get(legacy_client, f"usage?{query}")
    assert sum(body["active_projects"]["top_projects_by_events_handled"].values()) == events
    assert body["jobs"]["copr_build_groups"]["job_runs"] == copr


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("from=2026-02-30", ["From timestamp: invalid format"]),
        ("to=", ["To timestamp: invalid format"]),
        ("from=x&to=y", ["From timestamp: invalid format", "To timestamp: invalid format"]),
        ("top=-1", ["Top: invalid format"]),
        ("top=two&from=x", ["From timestamp: invalid format", "Top: invalid format"]),
    ],
)
def test_bad_arguments_are_a_400(
    legacy_client: LegacyClient, query: str, errors: list[str]
) -> None:
    response = legacy_client.get(f"usage?{query}")
    assert response.status_code == 400
    assert response.get_json() == {"errors": errors}
    project = legacy_client.get(f"usage/project/github.com/packit/ogr?{query}")
    if "top" not in query:
        assert project.status_code == 400


def test_project_usage_gives_counts_and_positions(
    legacy_client: LegacyClient, activity: dict[str, GitProject]
) -> None:
    body = get(legacy_client, "usage/project/github.com/packit/specfile")
    assert body["events_handled"]["events_handled"] == 1
    assert body["events_handled"]["position"] == 2
    assert body["events_handled"]["per_event"]["pull_request"] == {
        "events_handled": 1,
        "position": 2,
    }
    assert body["events_handled"]["per_event"]["branch_push"] == {
        "events_handled": None,
        "position": None,
    }
    copr = body["jobs"]["copr_build_groups"]
    assert (copr["job_runs"], copr["position"]) == (1, 2)
    assert copr["per_event"]["pull_request"] == {"job_runs": 1, "position": 2}
    # The per-project answer leaves Log Detective out, as the reference does.
    assert "log_detective_run_groups" not in body["jobs"]
    assert set(body["jobs"]["srpm_builds"]) == {"job_runs", "position", "per_event"}
    ogr = get(legacy_client, "usage/project/github.com/packit/ogr?to=2026-03-01T12:00:00")
    assert ogr["events_handled"]["events_handled"] == 1
    assert ogr["events_handled"]["position"] == 1


def test_project_usage_of_unknown_or_nested_projects(
    legacy_client: LegacyClient, session: Session
) -> None:
    nested = make_project(session, forge="gitlab.com", namespace="group/sub", repo="repo")
    run(session, make_pr_event(session, nested, pr_id=3), T0)
    body = get(legacy_client, "usage/project/gitlab.com/group/sub/repo")
    assert body["events_handled"]["events_handled"] == 1
    unknown = get(legacy_client, "usage/project/github.com/nobody/nothing")
    assert unknown["events_handled"]["position"] is None
    assert unknown["jobs"]["copr_build_groups"]["job_runs"] is None


def test_onboarded_projects(legacy_client: LegacyClient, session: Session) -> None:
    bodhi = downstream(session, "bodhi", bodhi=True)
    koji = downstream(session, "koji", koji=False)
    downstream(session, "scratch", koji=True)
    both = downstream(session, "both", bodhi=True)
    downstream_pr(session, both, SyncReleaseTargetStatus.submitted)
    almost = downstream(session, "almost")
    downstream_pr(session, almost, SyncReleaseTargetStatus.submitted)
    failed = downstream(session, "failed")
    downstream_pr(session, failed, SyncReleaseTargetStatus.error)
    body = get(legacy_client, "usage/onboarded-projects")
    assert body == {
        "onboarded": {str(p.id): p.project_url for p in (bodhi, koji, both)},
        "almost_onboarded": {str(almost.id): almost.project_url},
    }


def test_past_reports_redirect_to_their_stored_result(
    legacy_client: LegacyClient, session: Session, activity: dict[str, GitProject]
) -> None:
    response = legacy_client.get("usage/past-week")
    assert response.status_code == 302
    assert response.get_data() == b""
    kind, report_id = response.headers["Location"].split("/")
    assert kind == "past-week"
    body = get(legacy_client, f"usage/past-week/{report_id}")
    assert set(body) == {"active_projects", "jobs", "onboarded_projects_q1_2024"}
    # Asked again soon, the same report is served instead of a new computation.
    again = legacy_client.get("usage/past-week")
    assert again.headers["Location"] == f"past-week/{report_id}"
    # An id is fetched under its own kind only; a non-integer id is the router's 404.
    assert legacy_client.get(f"usage/past-month/{report_id}").status_code == 404
    assert legacy_client.get("usage/past-week/abc").status_code == 404
    location = legacy_client.get("usage/total").headers["Location"]
    total = get(legacy_client, f"usage/{location}")
    assert total["active_projects"]["top_projects_by_events_handled"] == {OGR: 3, SPECFILE: 1}
    assert total["jobs"]["copr_build_groups"] == {
        "job_runs": 4,
        "top_projects_by_job_runs": {OGR: 3, SPECFILE: 1},
        "active_projects": 2,
    }


async def test_redirect_location_is_relative_through_the_gateway(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/usage/past-year")
    assert response.status_code == 302
    location = response.headers["location"]
    assert location.startswith("past-year/")
    followed = await client.get(f"/api/usage/{location}")
    assert followed.status_code == 200
    assert followed.json()["onboarded_projects_q1_2024"] == 0


def test_past_day_answers_with_the_result_and_stores_it(
    legacy_client: LegacyClient, session: Session
) -> None:
    body = get(legacy_client, "usage/past-day")
    assert body["active_projects"]["project_count"] == 0
    report = session.scalars(select(UsageReport).where(UsageReport.kind == "past-day")).one()
    assert report.status is UsageReportStatus.done
    assert get(legacy_client, f"usage/past-day/{report.id}") == body


def test_unfinished_and_failed_reports(legacy_client: LegacyClient, session: Session) -> None:
    running = UsageReport(kind="total", status=UsageReportStatus.running)
    failed = UsageReport(kind="total", status=UsageReportStatus.failed, error="out of memory")
    session.add_all([running, failed])
    session.flush()
    response = legacy_client.get(f"usage/total/{running.id}")
    assert (response.status_code, response.get_json()) == (200, None)
    response = legacy_client.get(f"usage/total/{failed.id}")
    assert (response.status_code, response.get_json()) == (500, {"error": "out of memory"})
    response = legacy_client.get("usage/total/999999")
    assert response.status_code == 404
    assert response.get_json() == {"error": usage_reports.REPORT_NOT_FOUND}


def test_intervals_chart(session: Session, activity: dict[str, GitProject]) -> None:
    later = T0 + timedelta(hours=2)
    chart = usage_intervals.interval_usage(session, days=0, hours=1, count=2, now=later)
    assert chart["from"] == "2026-03-01T14:00:00"
    assert chart["to"] == "2026-03-01T13:00:00"
    assert chart["jobs"]["copr_build_groups"] == [{"x": "13:00", "y": 4}, {"x": "14:00", "y": 0}]
    assert chart["events"]["pull_request"] == [{"x": "13:00", "y": 3}, {"x": "14:00", "y": 0}]
    assert chart["active_projects"] == [{"x": "13:00", "y": 2}, {"x": "14:00", "y": 0}]
    # The past (up to 13:00) overlaps the first interval, as in the reference.
    assert chart["active_projects_cumulative"] == [{"x": "13:00", "y": 2}, {"x": "14:00", "y": 2}]
    assert chart["onboarded_projects"] == []

    # Days ending at 12:00: the pipeline at exactly T0 counts in both days touching it
    # (and in the past, which ends there too).
    daily = usage_intervals.interval_usage(
        session, days=1, hours=0, count=2, now=T0 + timedelta(days=1)
    )
    assert daily["jobs"]["copr_build_groups"] == [
        {"x": "2026-03-01", "y": 1},
        {"x": "2026-03-02", "y": 4},
    ]
    assert daily["onboarded_projects"] == [SPECFILE]
    assert daily["onboarded_projects_per_job"]["copr_build_groups"] == [SPECFILE]
    assert daily["onboarded_projects_per_job"]["srpm_builds"] == []

    three = usage_intervals.interval_usage(
        session, days=1, hours=0, count=3, now=T0 + timedelta(days=1)
    )
    assert three["onboarded_projects"] == [OGR, SPECFILE]
    assert three["jobs_project_count"]["copr_build_groups"] == [
        {"x": "2026-02-28", "y": 0},
        {"x": "2026-03-01", "y": 1},
        {"x": "2026-03-02", "y": 2},
    ]
    assert three["jobs_project_cumulative_count"]["copr_build_groups"][0]["y"] == 0
    assert three["active_projects_cumulative"][-1] == {"x": "2026-03-02", "y": 2}


def test_intervals_route(legacy_client: LegacyClient, activity: dict[str, GitProject]) -> None:
    response = legacy_client.get("usage/intervals?days=7&count=4")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("intervals/")
    body = get(legacy_client, f"usage/{location}")
    assert len(body["jobs"]["srpm_builds"]) == 4
    assert set(body["events"]) == {t.value for t in ProjectEventType}


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("count=0&days=1", "Count: must be between 1 and 1000"),
        ("count=1001&hours=1", "Count: must be between 1 and 1000"),
        ("days=0&hours=0", "Days, hours: the interval must not be empty"),
        ("days=400&count=100", "Days, hours, count: the intervals must cover 100 years at most"),
        ("hours=1.5", "Hours: invalid format"),
        ("days=-1", "Days: invalid format"),
    ],
)
def test_bad_interval_arguments(legacy_client: LegacyClient, query: str, error: str) -> None:
    response = legacy_client.get(f"usage/intervals?{query}")
    assert response.status_code == 400
    assert response.get_json() == {"errors": [error]}


def many_projects(session: Session, first: int, count: int) -> None:
    for n in range(first, first + count):
        project = make_project(session, repo=f"repo-{n}")
        run(session, make_pr_event(session, project, pr_id=1), T0 + timedelta(minutes=n))


def test_statement_count_does_not_grow_with_the_data(
    legacy_client: LegacyClient, session: Session, engine: Engine
) -> None:
    counts = []
    for first, more in ((0, 2), (2, 30)):
        many_projects(session, first, more)
        with count_statements(engine) as statements:
            get(legacy_client, "usage?top=5")
            get(legacy_client, "usage/project/github.com/packit/repo-0")
            get(legacy_client, "usage/onboarded-projects")
        counts.append(len(statements))
    assert counts[0] == counts[1]
    with count_statements(engine) as short:
        usage_intervals.interval_usage(session, days=0, hours=1, count=3, now=T0)
    with count_statements(engine) as long:
        usage_intervals.interval_usage(session, days=0, hours=1, count=300, now=T0)
    assert len(short) == len(long) == 1
    assert session.scalar(select(func.count(Pipeline.id))) == 32
