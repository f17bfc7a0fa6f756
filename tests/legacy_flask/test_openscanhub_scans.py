"""openscanhub-scans: the list of scans and one scan, with their Copr build's project."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shared_db.models import OSHScan, OSHScanStatus
from tests.shared_db.factories import make_copr_build, make_pr_event, make_project
from tests.shared_db.factories_bodhi_ld_osh import SUBMITTED, make_anitya_event, make_scan
from tests.sqlcount import count_statements


def scans(session: Session, count: int) -> list[OSHScan]:
    """``count`` scans of Copr builds of one PR, oldest first."""
    event = make_pr_event(session, make_project(session), pr_id=5)
    return [make_scan(session, make_copr_build(session, event)) for _ in range(count)]


def test_detail_carries_the_scan_and_its_builds_project(
    legacy_client: FlaskClient, session: Session
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
        "pr_id": 5,
        "issue_id": None,
        "branch_name": None,
        "release": None,
        "anitya_version": None,
        "repo_namespace": "packit",
        "repo_name": "ogr",
        "project_url": "https://github.com/packit/ogr",
        "anitya_project_id": None,
        "anitya_project_name": None,
        "anitya_package": None,
        "non_git_upstream": False,
    }


def test_list_items_are_the_details_plus_packit_id(
    legacy_client: FlaskClient, session: Session
) -> None:
    (scan,) = scans(session, 1)
    response = legacy_client.get("openscanhub-scans")
    assert response.status_code == 206
    assert response.headers["Content-Range"] == "openscanhub-scans 1-10/*"
    detail = legacy_client.get(f"openscanhub-scans/{scan.id}").get_json()
    assert response.get_json() == [{**detail, "packit_id": scan.id}]


def test_scan_of_a_release_monitoring_build(legacy_client: FlaskClient, session: Session) -> None:
    build = make_copr_build(session, make_anitya_event(session, project_id=99))
    scan = make_scan(session, build, status=OSHScanStatus.running)
    (item,) = legacy_client.get("openscanhub-scans").get_json()
    assert (item["packit_id"], item["status"]) == (scan.id, "running")
    assert item["non_git_upstream"] is True
    assert item["project_url"] == "https://release-monitoring.org/project/99"
    assert (item["anitya_project_id"], item["anitya_version"]) == (99, "0.50")


def test_newest_first_and_pages_follow_content_range(
    legacy_client: FlaskClient, session: Session
) -> None:
    newest_first = [scan.id for scan in reversed(scans(session, 5))]
    page = legacy_client.get("openscanhub-scans?page=2&per_page=2")
    assert page.headers["Content-Range"] == "openscanhub-scans 3-4/*"
    assert [item["packit_id"] for item in page.get_json()] == newest_first[2:4]
    last = legacy_client.get("openscanhub-scans?page=3&per_page=2")
    assert [item["packit_id"] for item in last.get_json()] == newest_first[4:]
    beyond = legacy_client.get("openscanhub-scans?page=30&per_page=50")
    assert (beyond.status_code, beyond.get_json()) == (206, [])
    assert beyond.headers["Content-Range"] == "openscanhub-scans 1451-1500/*"


@pytest.mark.parametrize(("query", "field"), [("per_page=25", "per_page"), ("page=", "page")])
def test_bad_pagination_is_a_400(legacy_client: FlaskClient, query: str, field: str) -> None:
    response = legacy_client.get(f"openscanhub-scans?{query}")
    assert response.status_code == 400
    assert set(response.get_json()["errors"]) == {field}


def test_unknown_id_is_a_404(legacy_client: FlaskClient) -> None:
    response = legacy_client.get("openscanhub-scans/424242")
    assert (response.status_code, response.get_json()) == (
        404,
        {"error": "No info about scan stored in DB"},
    )


def test_non_integer_id_is_a_router_404(legacy_client: FlaskClient) -> None:
    assert legacy_client.get("openscanhub-scans/-1x").status_code == 404


def test_list_statements_do_not_grow_with_per_page(
    legacy_client: FlaskClient, session: Session, engine: Engine
) -> None:
    scans(session, 60)
    counts = {}
    for per_page in (2, 50):
        with count_statements(engine) as statements:
            response = legacy_client.get(f"openscanhub-scans?per_page={per_page}")
        assert len(response.get_json()) == per_page
        counts[per_page] = len(statements)
    assert counts[2] == counts[50]
