"""v1 usage: typed statistics, typed parameters (422 naming them), and the stored reports
answered with 200 and fetched by id (legacy rebuilt from v1: test_usage_legacy.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session

from api_v1.schemas.usage import JobKind
from shared_db.base import utcnow
from shared_db.models import (
    GitProject,
    ProjectEventType,
    SyncReleaseTargetStatus,
    UsageReport,
    UsageReportStatus,
)
from shared_db.queries.usage import JOBS
from shared_db.queries.usage_reports import REPORT_NOT_FOUND
from tests.shared_db.factories import make_pr_event, make_project
from tests.shared_db.factories_usage import downstream, downstream_pr, run
from tests.shared_db.factories_usage_v1 import OGR, SPECFILE, T0, recent_run, usage_activity

PAST_KINDS = ["past-day", "past-week", "past-month", "past-year", "total"]


@pytest.fixture
def activity(session: Session) -> dict[str, GitProject]:
    return usage_activity(session)


@pytest.fixture
def recent(session: Session) -> datetime:
    return recent_run(session)


async def get(client: httpx.AsyncClient, path: str, **params: Any) -> Any:
    response = await client.get(f"/api/v1/usage{path}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def assert_invalid(response: httpx.Response, *fields: str) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "validation_error"
    assert [error["field"] for error in body["errors"]] == list(fields)


# --- GET /usage -------------------------------------------------------------------------------


def test_job_kinds_are_the_shared_ones() -> None:
    assert [kind.value for kind in JobKind] == list(JOBS)


async def test_usage_is_typed(client: httpx.AsyncClient, activity: dict[str, GitProject]) -> None:
    body = await get(client, "")
    assert body["all_projects"] == {
        "project_count": 3,
        "instances": {"github.com": 2, "gitlab.com": 1},
    }
    assert body["active_projects"] == {
        "project_count": 2,
        "top_projects": [{"project_url": OGR, "count": 3}, {"project_url": SPECFILE, "count": 1}],
        "instances": {"github.com": 2},
    }
    assert set(body["events"]) == {t.value for t in ProjectEventType}
    assert body["events"]["pull_request"]["events_handled"] == 3
    assert body["events"]["anitya_version"] == {"events_handled": 0, "top_projects": []}
    assert set(body["jobs"]) == set(JOBS)
    assert body["jobs"]["copr_build_groups"] == {
        "job_runs": 4,
        "top_projects": [{"project_url": OGR, "count": 3}, {"project_url": SPECFILE, "count": 1}],
    }


async def test_top_limits_every_ranking(
    client: httpx.AsyncClient, activity: dict[str, GitProject]
) -> None:
    body = await get(client, "", top=1)
    assert body["active_projects"]["top_projects"] == [{"project_url": OGR, "count": 3}]
    assert body["events"]["pull_request"]["top_projects"] == [{"project_url": OGR, "count": 2}]
    assert body["jobs"]["copr_build_groups"]["top_projects"] == [{"project_url": OGR, "count": 3}]
    assert body["active_projects"]["project_count"] == 2


@pytest.mark.parametrize(
    ("params", "events", "ogr"),
    [
        # Both ends are included; a zone offset is honoured; a date means its midnight (UTC).
        ({"from": "2026-03-01T12:01:00Z", "to": "2026-03-01T12:02:00+00:00"}, 2, 2),
        ({"from": "2026-03-01T13:02:00+01:00"}, 3, 2),
        ({"to": "2026-03-01T12:00:00Z"}, 1, 1),
        ({"from": "2026-03-01", "to": "2026-03-02"}, 4, 3),
        ({"from": "2026-03-02"}, 0, 0),
        ({"to": "2026-03-01"}, 0, 0),
    ],
)
async def test_period_filters_on_pipeline_time(
    client: httpx.AsyncClient,
    activity: dict[str, GitProject],
    params: dict[str, str],
    events: int,
    ogr: int,
) -> None:
    body = await get(client, "", **params)
    assert sum(p["count"] for p in body["active_projects"]["top_projects"]) == events
    project = await get(client, "/project/github.com/packit/ogr", **params)
    assert project["events_handled"]["count"] == ogr


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"from": "2026-02-30"}, ["query.from"]),
        ({"to": "2026-03-01T12:00:00"}, ["query.to"]),  # no time zone
        ({"to": ""}, ["query.to"]),
        ({"to": "0.5"}, ["query.to"]),  # no epoch numbers
        ({"from": "x", "to": "y"}, ["query.from", "query.to"]),
        ({"from": "2026-03-02", "to": "2026-03-01T23:00:00Z"}, ["query.to"]),
        ({"top": 0}, ["query.top"]),
        ({"top": "two"}, ["query.top"]),
        ({"top": 10_001}, ["query.top"]),
    ],
)
async def test_bad_parameters_are_a_422_naming_them(
    client: httpx.AsyncClient, params: dict[str, Any], fields: list[str]
) -> None:
    assert_invalid(await client.get("/api/v1/usage", params=params), *fields)
    if "top" not in params:
        project = await client.get("/api/v1/usage/project/github.com/packit/ogr", params=params)
        assert_invalid(project, *fields)


# --- GET /usage/project/... -------------------------------------------------------------------


async def test_project_usage_gives_counts_and_positions(
    client: httpx.AsyncClient, activity: dict[str, GitProject]
) -> None:
    body = await get(client, "/project/github.com/packit/specfile")
    assert body["project"] == {
        "forge": "github.com",
        "namespace": "packit",
        "repo_name": "specfile",
        "url": SPECFILE,
    }
    events = body["events_handled"]
    assert (events["count"], events["position"]) == (1, 2)
    assert events["per_event"]["pull_request"] == {"count": 1, "position": 2}
    assert events["per_event"]["branch_push"] == {"count": 0, "position": None}
    assert body["jobs"]["copr_build_groups"]["count"] == 1
    # Log Detective is left out, as in legacy.
    assert set(body["jobs"]) == set(JOBS) - {"log_detective_run_groups"}


async def test_project_usage_of_unknown_or_nested_projects(
    client: httpx.AsyncClient, session: Session
) -> None:
    nested = make_project(session, forge="gitlab.com", namespace="group/sub", repo="repo")
    run(session, make_pr_event(session, nested, pr_id=3), T0)
    body = await get(client, "/project/gitlab.com/group/sub/repo")
    assert body["project"]["namespace"] == "group/sub"
    assert body["events_handled"]["count"] == 1
    unknown = await get(client, "/project/github.com/nobody/nothing")
    assert unknown["events_handled"] == {
        "count": 0,
        "position": None,
        "per_event": {t.value: {"count": 0, "position": None} for t in ProjectEventType},
    }


# --- GET /usage/onboarded-projects ------------------------------------------------------------


async def test_onboarded_projects(client: httpx.AsyncClient, session: Session) -> None:
    bodhi = downstream(session, "bodhi", bodhi=True)
    koji = downstream(session, "koji", koji=False)
    downstream(session, "scratch", koji=True)
    almost = downstream(session, "almost")
    downstream_pr(session, almost, SyncReleaseTargetStatus.submitted)
    body = await get(client, "/onboarded-projects")
    assert datetime.fromisoformat(body.pop("as_of")) <= utcnow()
    assert body == {
        "onboarded": [{"id": p.id, "project_url": p.project_url} for p in (bodhi, koji)],
        "almost_onboarded": [{"id": almost.id, "project_url": almost.project_url}],
    }


# --- the stored reports -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", PAST_KINDS)
async def test_past_reports_answer_with_the_stored_report(
    client: httpx.AsyncClient, recent: datetime, kind: str
) -> None:
    response = await client.get(f"/api/v1/usage/{kind}")
    assert response.status_code == 200, response.text
    report = response.json()
    assert response.headers["content-location"] == f"/api/v1/usage/{kind}/{report['id']}"
    assert report["kind"] == kind
    assert report["status"] == "done"
    assert report["top"] == 5
    assert report["error"] is None
    assert (report["since"] is None) == (kind == "total")
    result = report["result"]
    assert result["active_projects"]["top_projects"] == [{"project_url": OGR, "count": 1}]
    assert result["jobs"]["copr_build_groups"] == {
        "job_runs": 1,
        "top_projects": [{"project_url": OGR, "count": 1}],
        "active_projects": 1,
    }
    assert result["onboarded_project_count"] == 0
    # Fetched again by id; asked again soon, the same stored report is served.
    assert await get(client, f"/{kind}/{report['id']}") == report
    assert (await get(client, f"/{kind}"))["id"] == report["id"]


async def test_past_since_is_a_midnight(client: httpx.AsyncClient) -> None:
    since = datetime.fromisoformat((await get(client, "/past-week"))["since"])
    assert since.utcoffset() == timedelta(0)
    assert (since.hour, since.minute) == (0, 0)
    assert since.date() == (utcnow() - timedelta(days=7)).date()


async def test_unknown_report_ids(client: httpx.AsyncClient) -> None:
    report_id = (await get(client, "/past-week"))["id"]
    for path in (f"/past-month/{report_id}", f"/intervals/{report_id}", "/total/999999"):
        response = await client.get(f"/api/v1/usage{path}")
        assert response.status_code == 404
        assert response.json() == {
            "status": 404,
            "code": "not_found",
            "detail": REPORT_NOT_FOUND,
            "errors": [],
        }
    assert_invalid(await client.get("/api/v1/usage/total/abc"), "path.id")
    assert_invalid(await client.get("/api/v1/usage/total/0"), "path.id")
    assert_invalid(await client.get(f"/api/v1/usage/total/{2**31}"), "path.id")


async def test_unfinished_and_failed_reports(client: httpx.AsyncClient, session: Session) -> None:
    running = UsageReport(kind="total", status=UsageReportStatus.running)
    failed = UsageReport(kind="intervals", status=UsageReportStatus.failed, error="out of memory")
    session.add_all([running, failed])
    session.flush()
    body = await get(client, f"/total/{running.id}")
    assert (body["status"], body["result"], body["since"]) == ("running", None, None)
    body = await get(client, f"/intervals/{failed.id}")
    assert (body["status"], body["error"], body["result"]) == ("failed", "out of memory", None)


async def test_intervals_report(client: httpx.AsyncClient, recent: datetime) -> None:
    response = await client.get("/api/v1/usage/intervals", params={"hours": 1, "count": 3})
    assert response.status_code == 200, response.text
    report = response.json()
    assert response.headers["content-location"] == f"/api/v1/usage/intervals/{report['id']}"
    assert (report["days"], report["hours"], report["count"]) == (0, 1, 3)
    assert datetime.fromisoformat(report["end"]) == recent
    chart = report["result"]
    ends = [recent - timedelta(hours=2), recent - timedelta(hours=1), recent]
    assert [datetime.fromisoformat(end) for end in chart["interval_ends"]] == ends
    assert chart["labels"] == [end.strftime("%H:%M") for end in ends]
    assert chart["events"]["pull_request"] == [0, 0, 1]
    assert chart["jobs"]["copr_build_groups"] == {
        "job_runs": [0, 0, 1],
        "project_count": [0, 0, 1],
        "project_cumulative_count": [0, 0, 1],
        "onboarded_projects": [OGR],
    }
    assert chart["active_projects"] == [0, 0, 1]
    assert chart["active_projects_cumulative"] == [0, 0, 1]
    assert chart["onboarded_projects"] == [OGR]
    assert await get(client, f"/intervals/{report['id']}") == report
    weekly = await get(client, "/intervals", days=7, count=4)
    assert weekly["result"]["labels"][-1] == recent.strftime("%Y-%m-%d")
    # Neither days nor hours: daily intervals.
    daily = await get(client, "/intervals")
    assert (daily["days"], daily["hours"], daily["count"]) == (1, 0, 10)


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"count": 0, "days": 1}, ["query.count"]),
        ({"count": 1001, "hours": 1}, ["query.count"]),
        ({"days": 0, "hours": 0}, ["query.days", "query.hours"]),
        ({"days": 0}, ["query.days", "query.hours"]),
        ({"days": 400, "count": 100}, ["query.days", "query.hours", "query.count"]),
        ({"hours": 1.5}, ["query.hours"]),
        ({"days": -1}, ["query.days"]),
    ],
)
async def test_bad_interval_parameters(
    client: httpx.AsyncClient, params: dict[str, Any], fields: list[str]
) -> None:
    assert_invalid(await client.get("/api/v1/usage/intervals", params=params), *fields)
