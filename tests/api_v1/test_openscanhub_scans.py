"""v1 openscanhub-scans: the list and one scan, with their Copr build's trigger."""

from __future__ import annotations

from datetime import datetime
from functools import partial

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared_db.models import OSHScan, OSHScanStatus
from tests.api_v1.legacy_shapes import epoch, project_info
from tests.api_v1.pages import listed_ids
from tests.api_v1.triggers import pr_trigger
from tests.legacy_client import LegacyClient
from tests.shared_db.factories import make_copr_build, make_pr_event, make_project
from tests.shared_db.factories_bodhi_ld_osh import (
    SUBMITTED,
    make_anitya_event,
    make_branch_event,
    make_scan,
)


async def test_detail_carries_the_scan_and_its_builds_trigger(
    client: httpx.AsyncClient, session: Session
) -> None:
    event = make_pr_event(session, make_project(session), pr_id=5)
    scan = make_scan(session, make_copr_build(session, event))
    base = f"https://openscanhub.fedoraproject.org/task/{scan.task_id}"

    response = await client.get(f"/api/v1/openscanhub-scans/{scan.id}")

    assert response.status_code == 200
    body = response.json()
    (item,) = (await client.get("/api/v1/openscanhub-scans")).json()["items"]
    assert item == body
    assert datetime.fromisoformat(body.pop("submitted_time")) == SUBMITTED
    assert body == {
        "id": scan.id,
        "task_id": scan.task_id,
        "status": "succeeded",
        "url": base,
        "issues_added_count": 3,
        "issues_added_url": f"{base}/log/added.html",
        "issues_fixed_url": f"{base}/log/fixed.html",
        "scan_results_url": f"{base}/log/scan-results.js",
        "copr_build_id": scan.copr_build_target_id,
        "trigger": pr_trigger(event.id, pr_id=5),
    }


async def test_scan_of_a_release_monitoring_build(
    client: httpx.AsyncClient, session: Session
) -> None:
    build = make_copr_build(session, make_anitya_event(session, project_id=99))
    scan = make_scan(session, build, status=OSHScanStatus.running)

    body = (await client.get(f"/api/v1/openscanhub-scans/{scan.id}")).json()

    assert body["status"] == "running"
    assert body["trigger"]["project"] is None
    assert body["trigger"]["anitya_project"]["id"] == 99
    assert body["trigger"]["anitya_version"] == "0.50"


async def test_filters_match_the_scanned_builds_event(
    client: httpx.AsyncClient, session: Session
) -> None:
    github = make_project(session)
    gitlab = make_project(session, forge="gitlab.com", namespace="containers")
    on_pr = make_scan(session, make_copr_build(session, make_pr_event(session, github)))
    failed = make_scan(
        session,
        make_copr_build(session, make_branch_event(session, gitlab)),
        status=OSHScanStatus.failed,
    )
    on_push = make_scan(session, make_copr_build(session, make_branch_event(session, github)))

    ids = partial(listed_ids, client, "/api/v1/openscanhub-scans")

    assert await ids() == [on_push.id, failed.id, on_pr.id]
    assert await ids(status="failed") == [failed.id]
    assert await ids(forge="gitlab.com") == [failed.id]
    assert await ids(namespace="packit", repo_name="ogr") == [on_push.id, on_pr.id]
    assert await ids(trigger="branch_push") == [on_push.id, failed.id]
    assert await ids(trigger="branch_push", status="succeeded") == [on_push.id]
    assert await ids(submitted_after=SUBMITTED.isoformat()) == [on_push.id, failed.id, on_pr.id]
    assert await ids(submitted_before=SUBMITTED.isoformat()) == []
    assert await ids(order="oldest", limit="1") == [on_pr.id]


async def test_the_legacy_responses_can_be_rebuilt(
    seeded_client: httpx.AsyncClient, seeded_legacy_client: LegacyClient, seeded_session: Session
) -> None:
    """Every legacy key of the list and the details, from v1 answers alone."""
    count = seeded_session.scalar(select(func.count()).select_from(OSHScan))
    assert 0 < (count or 0) <= 50  # one legacy page
    items = (await seeded_client.get("/api/v1/openscanhub-scans", params={"limit": 50})).json()[
        "items"
    ]

    def scan_info(item: dict[str, object]) -> dict[str, object]:
        trigger = item["trigger"]
        assert isinstance(trigger, dict)
        return {
            "task_id": item["task_id"],
            "status": item["status"],
            "url": item["url"],
            "issues_added_count": item["issues_added_count"],
            "issues_added_url": item["issues_added_url"],
            "issues_fixed_url": item["issues_fixed_url"],
            "scan_results_url": item["scan_results_url"],
            "copr_build_target_id": item["copr_build_id"],
            "submitted_time": epoch(str(item["submitted_time"])),
            **project_info(trigger),
        }

    assert [{**scan_info(item), "packit_id": item["id"]} for item in items] == (
        seeded_legacy_client.get("openscanhub-scans?per_page=50").get_json()
    )
    for item in items:
        detail = (await seeded_client.get(f"/api/v1/openscanhub-scans/{item['id']}")).json()
        assert scan_info(detail) == (
            seeded_legacy_client.get(f"openscanhub-scans/{item['id']}").get_json()
        )
