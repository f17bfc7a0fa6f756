"""v1 log-detective: the list of analyses, one analysis, one group, and the legacy information."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared_db.models import (
    BuildStatus,
    BuildSystem,
    LogDetectiveResult,
    LogDetectiveRun,
    LogDetectiveRunGroup,
    ProjectEvent,
)
from tests.api_v1.legacy_shapes import epoch, project_info
from tests.shared_db.factories import make_copr_build, make_pr_event, make_project
from tests.shared_db.factories_bodhi_ld_osh import (
    SUBMITTED,
    make_anitya_event,
    make_log_detective_run,
    make_pipeline,
)


def analyses(session: Session, count: int) -> tuple[ProjectEvent, list[LogDetectiveRun]]:
    """A PR event and ``count`` analyses of its failed Copr builds, oldest first."""
    event = make_pr_event(session, make_project(session), pr_id=7)
    made = []
    for _ in range(count):
        build = make_copr_build(session, event, status=BuildStatus.failure)
        made.append(make_log_detective_run(session, event, build=build))
    return event, made


async def test_list_item_and_detail(client: httpx.AsyncClient, session: Session) -> None:
    event, (run,) = analyses(session, 1)
    runs = [make_pipeline(session, event, log_detective_run_group_id=run.group_id) for _ in "ab"]

    listed = await client.get("/api/v1/log-detective")
    detail = await client.get(f"/api/v1/log-detective/{run.id}")

    assert (listed.status_code, detail.status_code) == (200, 200)
    (item,) = listed.json()["items"]
    assert item == detail.json()
    assert datetime.fromisoformat(item.pop("submitted_time")) == SUBMITTED
    assert item == {
        "id": run.id,
        "group_id": run.group_id,
        "analysis_id": run.analysis_id,
        "status": "complete",
        "chroot": "fedora-rawhide-x86_64",
        "build_system": "copr",
        "build_id": "1234567",
        "copr_build_id": run.copr_build_target_id,
        "koji_build_id": None,
        "response": {"explanation": "A test needs network."},
        "error_message": None,
        "run_ids": sorted(pipeline.id for pipeline in runs),
        "trigger": {
            "event_id": event.id,
            "type": "pull_request",
            "commit_sha": "a" * 40,
            "pr_id": 7,
            "branch": None,
            "release": None,
            "issue_id": None,
            "anitya_version": None,
            "project": {
                "forge": "github.com",
                "namespace": "packit",
                "repo_name": "ogr",
                "url": "https://github.com/packit/ogr",
            },
            "anitya_project": None,
        },
    }


async def test_a_failed_analysis_of_a_release_monitoring_project(
    client: httpx.AsyncClient, session: Session
) -> None:
    run = make_log_detective_run(
        session, make_anitya_event(session, version="1.2"), status=LogDetectiveResult.error
    )

    body = (await client.get(f"/api/v1/log-detective/{run.id}")).json()

    assert (body["status"], body["error_message"], body["response"]) == (
        "error",
        "Log Detective timed out",
        None,
    )
    assert (body["build_id"], body["copr_build_id"], body["run_ids"]) == (None, None, [])
    assert body["trigger"]["project"] is None
    assert body["trigger"]["anitya_project"]["url"] == "https://release-monitoring.org/project/7205"
    assert body["trigger"]["anitya_version"] == "1.2"


async def test_filters(client: httpx.AsyncClient, session: Session) -> None:
    _, (copr, koji, failed) = analyses(session, 3)
    koji.build_system = BuildSystem.koji
    koji.target = "f41"
    failed.status = LogDetectiveResult.error
    session.flush()
    other = make_log_detective_run(session, make_anitya_event(session))

    async def ids(**params: str) -> list[int]:
        response = await client.get("/api/v1/log-detective", params=params)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert await ids() == [other.id, failed.id, koji.id, copr.id]
    assert await ids(build_system="koji") == [koji.id]
    assert await ids(build_system="copr", status="complete") == [other.id, copr.id]
    assert await ids(chroot="f41") == [koji.id]
    assert await ids(status="error") == [failed.id]
    assert await ids(trigger="anitya_version") == [other.id]
    assert await ids(forge="github.com", namespace="packit", repo_name="ogr") == [
        failed.id,
        koji.id,
        copr.id,
    ]
    assert await ids(status="running") == []


async def test_list_gives_each_item_its_groups_runs(
    client: httpx.AsyncClient, session: Session
) -> None:
    event, (first, second) = analyses(session, 2)
    group = session.get(LogDetectiveRunGroup, first.group_id)
    assert group is not None
    third = make_log_detective_run(session, event, group=group)
    run = make_pipeline(session, event, log_detective_run_group_id=group.id)

    items = (await client.get("/api/v1/log-detective")).json()["items"]

    assert {item["id"]: item["run_ids"] for item in items} == {
        third.id: [run.id],
        second.id: [],
        first.id: [run.id],
    }


async def test_group_lists_its_analyses_and_runs(
    client: httpx.AsyncClient, session: Session
) -> None:
    event, (first, _) = analyses(session, 2)
    group = session.get(LogDetectiveRunGroup, first.group_id)
    assert group is not None
    second = make_log_detective_run(session, event, group=group)
    run = make_pipeline(session, event, log_detective_run_group_id=group.id)

    response = await client.get(f"/api/v1/log-detective/groups/{group.id}")

    assert response.status_code == 200
    body = response.json()
    assert datetime.fromisoformat(body["submitted_time"]) == SUBMITTED
    assert (body["id"], body["target_ids"], body["run_ids"]) == (
        group.id,
        [first.id, second.id],
        [run.id],
    )
    assert (body["trigger"]["event_id"], body["trigger"]["pr_id"]) == (event.id, 7)


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/api/v1/log-detective/424242", "No info about Log Detective run stored in DB"),
        ("/api/v1/log-detective/groups/424242", "No info about group stored in DB"),
    ],
)
async def test_unknown_ids_are_404(client: httpx.AsyncClient, path: str, detail: str) -> None:
    response = await client.get(path)

    assert response.status_code == 404
    assert response.json() == {"status": 404, "code": "not_found", "detail": detail, "errors": []}


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/log-detective", {"status": "failure"}, "query.status"),
        ("/api/v1/log-detective", {"build_system": "mock"}, "query.build_system"),
        ("/api/v1/log-detective", {"chroot": "x" * 129}, "query.chroot"),
        ("/api/v1/log-detective", {"submitted_after": "2026-01-01T00:00"}, "query.submitted_after"),
        ("/api/v1/log-detective/0", {}, "path.id"),
        ("/api/v1/log-detective/groups/x", {}, "path.id"),
    ],
)
async def test_bad_parameters_are_422_naming_the_field(
    client: httpx.AsyncClient, path: str, params: dict[str, str], field: str
) -> None:
    response = await client.get(path, params=params)

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert [error["field"] for error in body["errors"]] == [field]


async def test_the_legacy_responses_can_be_rebuilt(
    seeded_client: httpx.AsyncClient, seeded_legacy_client: FlaskClient, seeded_session: Session
) -> None:
    """Every legacy key of the list, the details and the groups, from v1 answers alone."""
    count = seeded_session.scalar(select(func.count()).select_from(LogDetectiveRun))
    assert 0 < (count or 0) <= 50  # one legacy page
    items = (await seeded_client.get("/api/v1/log-detective", params={"limit": 50})).json()["items"]

    def legacy(item: dict[str, object]) -> dict[str, object]:
        trigger = item["trigger"]
        assert isinstance(trigger, dict)
        return {
            "packit_id": item["id"],
            "analysis_id": item["analysis_id"],
            "status": item["status"],
            "chroot": item["chroot"],
            "commit_sha": trigger["commit_sha"],
            "log_detective_response": item["response"],
            "error_msg": item["error_message"],
            "target_build": item["build_id"],
            "run_ids": item["run_ids"],
            "submitted_time": epoch(str(item["submitted_time"])),
        }

    assert [legacy(item) for item in items] == seeded_legacy_client.get(
        "log-detective?per_page=50"
    ).get_json()
    for item in items:
        detail = (await seeded_client.get(f"/api/v1/log-detective/{item['id']}")).json()
        assert {**legacy(detail), **project_info(detail["trigger"])} == (
            seeded_legacy_client.get(f"log-detective/{item['id']}").get_json()
        )
    for group_id in {item["group_id"] for item in items}:
        group = (await seeded_client.get(f"/api/v1/log-detective/groups/{group_id}")).json()
        assert {
            "packit_id": group["id"],
            "submitted_time": epoch(group["submitted_time"]),
            "run_ids": group["run_ids"],
            "log_detective_target_ids": group["target_ids"],
            **project_info(group["trigger"]),
        } == seeded_legacy_client.get(f"log-detective/groups/{group_id}").get_json()
