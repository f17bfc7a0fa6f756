"""v1 Copr builds: details, groups, errors, and cursor pages that hold under inserts."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy.orm import Session

from shared_db.models import BuildStatus, CoprBuildGroup, Pipeline
from tests.shared_db.factories import make_copr_build, make_pr_event, make_project


async def test_detail_carries_the_build_its_runs_and_trigger(
    client: httpx.AsyncClient, session: Session
) -> None:
    event = make_pr_event(session, make_project(session), pr_id=7)
    build = make_copr_build(session, event, status=BuildStatus.failure)
    group = session.get(CoprBuildGroup, build.group_id)
    assert group is not None
    run = Pipeline(project_event_id=event.id, copr_build_group_id=group.id)
    session.add(run)
    session.flush()

    response = await client.get(f"/api/v1/copr-builds/{build.id}")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == build.id
    assert body["status"] == "failure"
    assert body["chroot"] == "fedora-rawhide-x86_64"
    assert body["submitted_time"] == "2026-03-01T12:00:00Z"
    assert body["run_ids"] == [run.id]
    assert body["srpm_build_id"] is None
    assert body["trigger"]["type"] == "pull_request"
    assert body["trigger"]["pr_id"] == 7
    assert body["trigger"]["project"] == {
        "forge": "github.com",
        "namespace": "packit",
        "repo_name": "ogr",
        "url": "https://github.com/packit/ogr",
    }


async def test_group_lists_its_targets(client: httpx.AsyncClient, session: Session) -> None:
    build = make_copr_build(session, make_pr_event(session, make_project(session)))
    body = (await client.get(f"/api/v1/copr-builds/groups/{build.group_id}")).json()
    assert body["target_ids"] == [build.id]
    assert body["trigger"]["commit_sha"] == "a" * 40


@pytest.mark.parametrize(
    "path", ["/api/v1/copr-builds/424242", "/api/v1/copr-builds/groups/424242"]
)
async def test_unknown_ids_are_404_in_the_v1_error_model(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "detail": response.json()["detail"],
        "errors": [],
    }


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=melted", "query.status"),
        ("submitted_after=yesterday", "query.submitted_after"),
        ("submitted_after=1700000000", "query.submitted_after"),
        ("submitted_after=2026-01-01T00:00:00", "query.submitted_after"),  # no time zone
        ("trigger=push", "query.trigger"),
        (
            "submitted_after=2026-02-01T00:00:00Z&submitted_before=2026-01-01T00:00:00Z",
            "query.submitted_before",
        ),
    ],
)
async def test_bad_filters_are_422_naming_the_parameter(
    client: httpx.AsyncClient, query: str, field: str
) -> None:
    response = await client.get(f"/api/v1/copr-builds?{query}")
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [field]


@pytest.mark.parametrize("path", ["/api/v1/copr-builds/0", "/api/v1/copr-builds/abc"])
async def test_bad_ids_are_422(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "path.id"


async def test_a_cursor_walk_is_stable_under_inserts(
    client: httpx.AsyncClient, session: Session
) -> None:
    event = make_pr_event(session, make_project(session))
    made = [make_copr_build(session, event).id for _ in range(7)]
    first = (await client.get("/api/v1/copr-builds", params={"limit": 3})).json()
    # New builds arrive between two page requests: they are newer than the cursor, so the
    # walk neither repeats nor skips the rows it was going through.
    for _ in range(4):
        make_copr_build(session, event, submitted=datetime(2026, 4, 1, tzinfo=UTC))
    seen = [item["id"] for item in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = (
            await client.get("/api/v1/copr-builds", params={"limit": 3, "cursor": cursor})
        ).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert seen == sorted(made, reverse=True)


async def test_the_link_header_carries_the_filters(
    client: httpx.AsyncClient, session: Session
) -> None:
    event = make_pr_event(session, make_project(session))
    for _ in range(3):
        make_copr_build(session, event)
    response = await client.get("/api/v1/copr-builds", params={"limit": 2, "status": "success"})
    link = response.headers["link"]
    assert "status=success" in link
    assert "limit=2" in link
    assert f"cursor={response.json()['next_cursor']}" in link


async def test_an_id_beyond_the_id_columns_is_422(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/copr-builds/2147483648")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "path.id"
