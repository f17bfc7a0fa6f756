"""v1 srpm-builds: the list item, one build, unknown ids and bad filters."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from sqlalchemy.orm import Session

from shared_db.models import BuildStatus, Pipeline, SRPMBuild
from tests.api_v1.triggers import pr_trigger
from tests.shared_db.factories import make_pr_event, make_project, make_srpm_build
from tests.shared_db.factories_bodhi_ld_osh import make_anitya_event

SUBMITTED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def pr_build(session: Session) -> SRPMBuild:
    return make_srpm_build(
        session,
        make_pr_event(session, make_project(session), pr_id=42),
        submitted=SUBMITTED,
        detailed=True,
    )


async def test_list_item(client: httpx.AsyncClient, session: Session) -> None:
    build = pr_build(session)
    response = await client.get("/api/v1/srpm-builds")
    assert response.status_code == 200
    body = response.json()
    assert body["next_cursor"] is None
    (item,) = body["items"]
    trigger = item.pop("trigger")
    assert item == {
        "id": build.id,
        "status": "success",
        "submitted_time": "2026-03-01T12:00:00Z",
        "started_time": "2026-03-01T12:01:00Z",
        "finished_time": None,
        "srpm_url": "https://download.example.org/srpm/1/ogr.src.rpm",
        "logs_url": "https://logs.example.org/srpm/1/builder-live.log",
        "copr_build_id": "7000001",
        "copr_web_url": "https://copr.fedorainfracloud.org/coprs/build/7000001/",
    }
    assert trigger == pr_trigger(build.project_event_id, pr_id=42)


async def test_detail_has_logs_and_runs(client: httpx.AsyncClient, session: Session) -> None:
    build = pr_build(session)
    runs = [Pipeline(project_event_id=build.project_event_id, srpm_build_id=build.id) for _ in "ab"]
    session.add_all(runs)
    session.flush()
    response = await client.get(f"/api/v1/srpm-builds/{build.id}")
    assert response.status_code == 200
    body = response.json()
    assert body["run_ids"] == sorted(run.id for run in runs)
    assert body["logs"] == "Wrote SRPM\n"
    assert (body["id"], body["status"], body["copr_build_id"]) == (build.id, "success", "7000001")
    assert body["trigger"]["pr_id"] == 42


async def test_release_monitoring_trigger(client: httpx.AsyncClient, session: Session) -> None:
    build = make_srpm_build(
        session,
        make_anitya_event(session),
        status=BuildStatus.failure,
        submitted=SUBMITTED,
        detailed=True,
    )
    (item,) = (await client.get("/api/v1/srpm-builds", params={"status": "failure"})).json()[
        "items"
    ]
    assert item["id"] == build.id
    assert item["trigger"]["project"] is None
    assert item["trigger"]["anitya_project"]["url"] == "https://release-monitoring.org/project/7205"
    assert item["trigger"]["anitya_version"] == "0.50"


async def test_status_filter(client: httpx.AsyncClient, session: Session) -> None:
    event = make_pr_event(session, make_project(session))
    failed = make_srpm_build(
        session, event, status=BuildStatus.failure, submitted=SUBMITTED, detailed=True
    )
    make_srpm_build(session, event, submitted=SUBMITTED, detailed=True)
    body = (await client.get("/api/v1/srpm-builds", params={"status": "failure"})).json()
    assert [item["id"] for item in body["items"]] == [failed.id]
