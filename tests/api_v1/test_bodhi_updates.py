"""v1 bodhi-updates: the list, one update target, one group, and the legacy information."""

from __future__ import annotations

from datetime import datetime
from functools import partial

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared_db.models import BodhiUpdateGroup, BodhiUpdateStatus, BodhiUpdateTarget
from tests.api_v1.legacy_shapes import epoch, project_info
from tests.api_v1.pages import listed_ids
from tests.api_v1.triggers import branch_trigger
from tests.legacy_client import LegacyClient
from tests.shared_db.factories import make_pr_event, make_project
from tests.shared_db.factories_bodhi_ld_osh import (
    SUBMITTED,
    make_anitya_event,
    make_bodhi_update,
    make_branch_event,
    make_pipeline,
)


async def test_detail_of_a_failed_update(client: httpx.AsyncClient, session: Session) -> None:
    event = make_branch_event(session, make_project(session))
    update = make_bodhi_update(session, event, status=BodhiUpdateStatus.error, branch="f40")
    runs = [make_pipeline(session, event, bodhi_update_group_id=update.group_id) for _ in "ab"]

    response = await client.get(f"/api/v1/bodhi-updates/{update.id}")

    assert response.status_code == 200
    body = response.json()
    assert datetime.fromisoformat(body.pop("submitted_time")) == SUBMITTED
    assert body == {
        "id": update.id,
        "group_id": update.group_id,
        "status": "error",
        "branch": "f40",
        "web_url": None,
        "koji_nvrs": "python-ogr-0.50-1.f40",
        "alias": None,
        "update_creation_time": None,
        "trigger": branch_trigger(event.id, branch="main"),
        "run_ids": sorted(run.id for run in runs),
        "error_message": "Bodhi refused the update",
    }


async def test_list_items_and_filters(client: httpx.AsyncClient, session: Session) -> None:
    event = make_branch_event(session, make_project(session))
    done = make_bodhi_update(session, event, branch="f41")
    group = session.get(BodhiUpdateGroup, done.group_id)
    failed = make_bodhi_update(
        session, event, status=BodhiUpdateStatus.error, branch="f40", group=group
    )
    other = make_project(session, forge="gitlab.com", namespace="containers")
    elsewhere = make_bodhi_update(session, make_pr_event(session, other), branch="f40")

    ids = partial(listed_ids, client, "/api/v1/bodhi-updates")

    assert await ids() == [elsewhere.id, failed.id, done.id]
    assert await ids(status="error") == [failed.id]
    assert await ids(branch="f40") == [elsewhere.id, failed.id]
    assert await ids(branch="f40", namespace="packit") == [failed.id]
    assert await ids(trigger="pull_request") == [elsewhere.id]
    assert await ids(order="oldest", limit="2") == [done.id, failed.id]
    response = await client.get("/api/v1/bodhi-updates", params={"namespace": "packit"})
    item = response.json()["items"][-1]
    assert item["id"] == done.id
    assert item["alias"] == "FEDORA-2026-1"
    assert item["trigger"] == branch_trigger(event.id, branch="main")
    assert datetime.fromisoformat(item["update_creation_time"]).tzinfo is not None


async def test_an_update_of_a_release_monitoring_project(
    client: httpx.AsyncClient, session: Session
) -> None:
    update = make_bodhi_update(session, make_anitya_event(session), status=BodhiUpdateStatus.queued)

    (item,) = (await client.get("/api/v1/bodhi-updates")).json()["items"]
    detail = (await client.get(f"/api/v1/bodhi-updates/{update.id}")).json()

    for body in (item, detail):
        assert body["trigger"]["project"] is None
        assert body["trigger"]["anitya_project"] == {
            "id": 7205,
            "name": "ogr",
            "package": "python-ogr",
            "url": "https://release-monitoring.org/project/7205",
        }
        assert body["trigger"]["anitya_version"] == "0.50"


async def test_the_legacy_responses_can_be_rebuilt(
    seeded_client: httpx.AsyncClient, seeded_legacy_client: LegacyClient, seeded_session: Session
) -> None:
    """Every legacy key of the list, the details and the groups, from v1 answers alone."""
    count = seeded_session.scalar(select(func.count()).select_from(BodhiUpdateTarget))
    assert 0 < (count or 0) <= 50  # one legacy page
    items = (await seeded_client.get("/api/v1/bodhi-updates", params={"limit": 50})).json()["items"]
    rebuilt = [
        {
            "packit_id": item["id"],
            "status": item["status"],
            "branch": item["branch"],
            "web_url": item["web_url"],
            "koji_nvrs": item["koji_nvrs"],
            "alias": item["alias"],
            "pr_id": item["trigger"]["pr_id"],
            "branch_name": item["trigger"]["branch"],
            "release": item["trigger"]["release"],
            "submitted_time": epoch(item["submitted_time"]),
            "update_creation_time": epoch(item["update_creation_time"]),
            "project_url": project_info(item["trigger"]).get("project_url"),
            "repo_namespace": (item["trigger"]["project"] or {}).get("namespace"),
            "repo_name": (item["trigger"]["project"] or {}).get("repo_name"),
        }
        for item in items
    ]
    assert rebuilt == seeded_legacy_client.get("bodhi-updates?per_page=50").get_json()

    for item in items:
        detail = (await seeded_client.get(f"/api/v1/bodhi-updates/{item['id']}")).json()
        assert {
            "status": detail["status"],
            "branch": detail["branch"],
            "web_url": detail["web_url"],
            "koji_nvrs": detail["koji_nvrs"],
            "alias": detail["alias"],
            "submitted_time": epoch(detail["submitted_time"]),
            "update_creation_time": epoch(detail["update_creation_time"]),
            "run_ids": detail["run_ids"],
            "error_message": detail["error_message"],
            **project_info(detail["trigger"]),
        } == seeded_legacy_client.get(f"bodhi-updates/{item['id']}").get_json()

    for group_id in {item["group_id"] for item in items}:
        group = (await seeded_client.get(f"/api/v1/bodhi-updates/groups/{group_id}")).json()
        assert {
            "submitted_time": epoch(group["submitted_time"]),
            "run_ids": group["run_ids"],
            "update_target_ids": group["target_ids"],
            **project_info(group["trigger"]),
        } == seeded_legacy_client.get(f"bodhi-updates/groups/{group_id}").get_json()
