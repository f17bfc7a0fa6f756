"""v1 usage: the legacy answers rebuilt from the v1 ones (so v1 carries the same
information), on small data and on the seeded database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared_db.models import GitProject, SyncReleaseTargetStatus, UsageReport
from tests.shared_db.factories_usage import downstream, downstream_pr
from tests.shared_db.factories_usage_v1 import recent_run, usage_activity

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


async def legacy(client: httpx.AsyncClient, path: str, **params: Any) -> Any:
    """The legacy answer, following its redirect to the stored report."""
    response = await client.get(f"/api/usage{path}", params=params, follow_redirects=False)
    if response.status_code == 302:
        response = await client.get(f"/api/usage/{response.headers['location']}")
    assert response.status_code == 200, response.text
    return response.json()


def as_dict(ranking: list[dict[str, Any]]) -> dict[str, int]:
    return {item["project_url"]: item["count"] for item in ranking}


def legacy_active(active: dict[str, Any]) -> dict[str, Any]:
    return {
        "project_count": active["project_count"],
        "top_projects_by_events_handled": as_dict(active["top_projects"]),
        "instances": active["instances"],
    }


def legacy_usage(body: dict[str, Any]) -> dict[str, Any]:
    return {
        "all_projects": body["all_projects"],
        "active_projects": legacy_active(body["active_projects"]),
        "events": {
            name: {
                "events_handled": e["events_handled"],
                "top_projects": as_dict(e["top_projects"]),
            }
            for name, e in body["events"].items()
        },
        "jobs": {
            name: {
                "job_runs": j["job_runs"],
                "top_projects_by_job_runs": as_dict(j["top_projects"]),
            }
            for name, j in body["jobs"].items()
        },
    }


def legacy_standing(standing: dict[str, Any], name: str) -> dict[str, Any]:
    count = standing["count"] if standing["position"] is not None else None
    rebuilt = {"position": standing["position"], name: count}
    if "per_event" in standing:
        per_event = standing["per_event"].items()
        rebuilt["per_event"] = {event: legacy_standing(s, name) for event, s in per_event}
    return rebuilt


def legacy_project(body: dict[str, Any]) -> dict[str, Any]:
    return {
        "events_handled": legacy_standing(body["events_handled"], "events_handled"),
        "jobs": {name: legacy_standing(job, "job_runs") for name, job in body["jobs"].items()},
    }


def legacy_past(report: dict[str, Any]) -> dict[str, Any]:
    result = report["result"]
    jobs = result["jobs"].items()
    return {
        "active_projects": legacy_active(result["active_projects"]),
        "jobs": {
            name: {
                "job_runs": j["job_runs"],
                "top_projects_by_job_runs": as_dict(j["top_projects"]),
                "active_projects": j["active_projects"],
            }
            for name, j in jobs
        },
        "onboarded_projects_q1_2024": result["onboarded_project_count"],
    }


def legacy_intervals(report: dict[str, Any]) -> dict[str, Any]:
    chart = report["result"]

    def points(values: list[int]) -> list[dict[str, Any]]:
        return [{"x": x, "y": y} for x, y in zip(chart["labels"], values, strict=True)]

    def naive(stamp: str) -> str:
        return datetime.fromisoformat(stamp).replace(tzinfo=None).isoformat()

    jobs = chart["jobs"]
    return {
        "jobs": {name: points(job["job_runs"]) for name, job in jobs.items()},
        "jobs_project_count": {name: points(job["project_count"]) for name, job in jobs.items()},
        "jobs_project_cumulative_count": {
            name: points(job["project_cumulative_count"]) for name, job in jobs.items()
        },
        "events": {name: points(values) for name, values in chart["events"].items()},
        "from": naive(chart["interval_ends"][-1]),
        "to": naive(chart["interval_ends"][0]),
        "active_projects": points(chart["active_projects"]),
        "active_projects_cumulative": points(chart["active_projects_cumulative"]),
        "onboarded_projects": chart["onboarded_projects"],
        "onboarded_projects_per_job": {
            name: job["onboarded_projects"] for name, job in jobs.items()
        },
    }


@pytest.mark.parametrize(
    "params", [{}, {"top": 1}, {"from": "2026-03-01T12:01:00Z", "to": "2026-03-02"}]
)
async def test_legacy_statistics_rebuild_from_v1(
    client: httpx.AsyncClient,
    activity: dict[str, GitProject],
    recent: datetime,
    params: dict[str, Any],
) -> None:
    assert legacy_usage(await get(client, "", **params)) == await legacy(client, "", **params)
    period = {key: value for key, value in params.items() if key != "top"}
    for project in ("github.com/packit/ogr", "github.com/packit/specfile", "x.org/a/b"):
        path = f"/project/{project}"
        rebuilt = legacy_project(await get(client, path, **period))
        assert rebuilt == await legacy(client, path, **period)


async def test_legacy_onboarding_rebuilds_from_v1(
    client: httpx.AsyncClient, session: Session
) -> None:
    downstream(session, "bodhi", bodhi=True)
    downstream_pr(session, downstream(session, "almost"), SyncReleaseTargetStatus.submitted)
    body = await get(client, "/onboarded-projects")
    del body["as_of"]  # v1 only
    rebuilt = {
        name: {str(p["id"]): p["project_url"] for p in projects} for name, projects in body.items()
    }
    assert rebuilt == await legacy(client, "/onboarded-projects")


async def test_legacy_reports_rebuild_from_v1_and_share_ids(
    client: httpx.AsyncClient, activity: dict[str, GitProject], recent: datetime
) -> None:
    for kind in PAST_KINDS:
        report = await get(client, f"/{kind}")
        assert legacy_past(report) == await legacy(client, f"/{kind}/{report['id']}")
        if kind != "past-day":  # legacy past-day answers with the result, no id
            location = (await client.get(f"/api/usage/{kind}")).headers["location"]
            assert location == f"{kind}/{report['id']}"
    for params in ({"hours": 1, "count": 3}, {"days": 1, "count": 40}):
        report = await get(client, "/intervals", **params)
        assert legacy_intervals(report) == await legacy(client, "/intervals", **params)
    stored = (await client.get("/api/v1/usage/intervals", params=params)).json()
    assert stored["id"] == report["id"]


async def test_legacy_reports_rebuild_from_v1_on_seeded_data(
    seeded_client: httpx.AsyncClient, seeded_session: Session
) -> None:
    assert legacy_usage(await get(seeded_client, "", top=3)) == await legacy(
        seeded_client, "", top=3
    )
    total = await get(seeded_client, "/total")
    assert total["result"]["active_projects"]["project_count"] > 0
    assert legacy_past(total) == await legacy(seeded_client, f"/total/{total['id']}")
    chart = await get(seeded_client, "/intervals", days=30, count=24)
    assert legacy_intervals(chart) == await legacy(seeded_client, f"/intervals/{chart['id']}")
    assert seeded_session.scalar(select(UsageReport.id).where(UsageReport.id == chart["id"]))
