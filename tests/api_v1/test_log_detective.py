"""v1 log-detective: the list of analyses, one analysis, one group, and the legacy information."""

from __future__ import annotations

from datetime import datetime
from functools import partial

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared_db.models import (
    BuildSystem,
    LogDetectiveResult,
    LogDetectiveRun,
    LogDetectiveRunGroup,
)
from tests.api_v1.legacy_shapes import epoch, project_info
from tests.api_v1.pages import listed_ids
from tests.api_v1.triggers import pr_trigger
from tests.legacy_client import LegacyClient
from tests.shared_db.factories_bodhi_ld_osh import (
    LD_RESPONSE,
    SUBMITTED,
    analyses,
    make_anitya_event,
    make_log_detective_run,
    make_pipeline,
)


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
        "response": LD_RESPONSE,
        "error_message": None,
        "run_ids": sorted(pipeline.id for pipeline in runs),
        "trigger": pr_trigger(event.id, pr_id=7),
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

    ids = partial(listed_ids, client, "/api/v1/log-detective")

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


async def test_the_legacy_responses_can_be_rebuilt(
    seeded_client: httpx.AsyncClient, seeded_legacy_client: LegacyClient, seeded_session: Session
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
            **project_info(trigger),
        }

    assert [legacy(item) for item in items] == seeded_legacy_client.get(
        "log-detective?per_page=50"
    ).get_json()
    for item in items:
        detail = (await seeded_client.get(f"/api/v1/log-detective/{item['id']}")).json()
        assert legacy(detail) == (
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
