"""v1 Copr builds: details, groups, errors, and cursor pages that hold under inserts."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from sqlalchemy.orm import Session

from shared_db.models import BuildStatus, CoprBuildGroup, Pipeline
from tests.api_v1.triggers import pr_trigger
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
    assert body["trigger"] == pr_trigger(event.id, pr_id=7)


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
