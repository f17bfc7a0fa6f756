"""openscanhub-scans: the list of scans and one scan, with their Copr build's project."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shared_db.models import OSHScan, OSHScanStatus
from tests.legacy_client import LegacyClient
from tests.legacy_flask.checks import (
    assert_pages_newest_first,
    assert_statements_do_not_grow,
    packit_ogr,
)
from tests.shared_db.factories import make_copr_build, make_pr_event, make_project
from tests.shared_db.factories_bodhi_ld_osh import SUBMITTED, make_anitya_event, make_scan


def scans(session: Session, count: int) -> list[OSHScan]:
    """``count`` scans of Copr builds of one PR, oldest first."""
    event = make_pr_event(session, make_project(session), pr_id=5)
    return [make_scan(session, make_copr_build(session, event)) for _ in range(count)]


def test_detail_carries_the_scan_and_its_builds_project(
    legacy_client: LegacyClient, session: Session
) -> None:
    (scan,) = scans(session, 1)
    base = f"https://openscanhub.fedoraproject.org/task/{scan.task_id}"
    response = legacy_client.get(f"openscanhub-scans/{scan.id}")
    assert response.status_code == 200
    assert response.get_json() == {
        "task_id": scan.task_id,
        "status": "succeeded",
        "url": base,
        "issues_added_count": 3,
        "issues_added_url": f"{base}/log/added.html",
        "issues_fixed_url": f"{base}/log/fixed.html",
        "scan_results_url": f"{base}/log/scan-results.js",
        "copr_build_target_id": scan.copr_build_target_id,
        "submitted_time": int(SUBMITTED.timestamp()),
        **packit_ogr(pr_id=5),
    }


def test_list_items_are_the_details_plus_packit_id(
    legacy_client: LegacyClient, session: Session
) -> None:
    (scan,) = scans(session, 1)
    response = legacy_client.get("openscanhub-scans")
    assert response.status_code == 206
    assert response.headers["Content-Range"] == "openscanhub-scans 1-10/*"
    detail = legacy_client.get(f"openscanhub-scans/{scan.id}").get_json()
    assert response.get_json() == [{**detail, "packit_id": scan.id}]


def test_scan_of_a_release_monitoring_build(legacy_client: LegacyClient, session: Session) -> None:
    build = make_copr_build(session, make_anitya_event(session, project_id=99))
    scan = make_scan(session, build, status=OSHScanStatus.running)
    (item,) = legacy_client.get("openscanhub-scans").get_json()
    assert (item["packit_id"], item["status"]) == (scan.id, "running")
    assert item["non_git_upstream"] is True
    assert item["project_url"] == "https://release-monitoring.org/project/99"
    assert (item["anitya_project_id"], item["anitya_version"]) == (99, "0.50")


def test_newest_first_and_pages_follow_content_range(
    legacy_client: LegacyClient, session: Session
) -> None:
    newest_first = [scan.id for scan in reversed(scans(session, 5))]
    assert_pages_newest_first(legacy_client, "openscanhub-scans", "openscanhub-scans", newest_first)


def test_list_statements_do_not_grow_with_per_page(
    legacy_client: LegacyClient, session: Session, engine: Engine
) -> None:
    scans(session, 60)
    assert_statements_do_not_grow(legacy_client, engine, "openscanhub-scans")
