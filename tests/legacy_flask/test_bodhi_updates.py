"""bodhi-updates: the list, one update target, one group."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shared_db.models import (
    BodhiUpdateGroup,
    BodhiUpdateStatus,
    BodhiUpdateTarget,
    ProjectEvent,
)
from tests.shared_db.factories import make_pr_event, make_project
from tests.shared_db.factories_bodhi_ld_osh import (
    SUBMITTED,
    make_anitya_event,
    make_bodhi_update,
    make_branch_event,
    make_pipeline,
)
from tests.sqlcount import count_statements


def updates(session: Session, count: int) -> list[BodhiUpdateTarget]:
    """``count`` updates of one push to ``main``, oldest first."""
    event = make_branch_event(session, make_project(session, repo="ogr"))
    return [make_bodhi_update(session, event, branch=f"f{40 + n}") for n in range(count)]


def test_list_item_of_a_branch_push(legacy_client: FlaskClient, session: Session) -> None:
    (update,) = updates(session, 1)
    response = legacy_client.get("bodhi-updates")
    assert response.status_code == 206
    assert response.headers["Content-Range"] == "bodhi-updates 1-10/*"
    assert response.get_json() == [
        {
            "packit_id": update.id,
            "status": "success",
            "branch": "f40",
            "web_url": "https://bodhi.fedoraproject.org/updates/FEDORA-2026-1",
            "koji_nvrs": "python-ogr-0.50-1.f40",
            "alias": "FEDORA-2026-1",
            "pr_id": None,
            "branch_name": "main",
            "release": None,
            "submitted_time": int(SUBMITTED.timestamp()),
            "update_creation_time": int(datetime(2026, 3, 2, 9, tzinfo=UTC).timestamp()),
            "project_url": "https://github.com/packit/ogr",
            "repo_namespace": "packit",
            "repo_name": "ogr",
        }
    ]


def test_list_item_of_a_release_monitoring_project(
    legacy_client: FlaskClient, session: Session
) -> None:
    make_bodhi_update(session, make_anitya_event(session), status=BodhiUpdateStatus.queued)
    (item,) = legacy_client.get("bodhi-updates").get_json()
    assert item["project_url"] == "https://release-monitoring.org/project/7205"
    assert (item["repo_namespace"], item["repo_name"]) == (None, None)
    assert (item["status"], item["alias"], item["update_creation_time"]) == ("queued", None, None)


def test_newest_first_and_pages_follow_content_range(
    legacy_client: FlaskClient, session: Session
) -> None:
    newest_first = [u.id for u in reversed(updates(session, 5))]
    page = legacy_client.get("bodhi-updates?page=2&per_page=2")
    assert page.headers["Content-Range"] == "bodhi-updates 3-4/*"
    assert [item["packit_id"] for item in page.get_json()] == newest_first[2:4]
    last = legacy_client.get("bodhi-updates?page=3&per_page=2")
    assert [item["packit_id"] for item in last.get_json()] == newest_first[4:]
    beyond = legacy_client.get("bodhi-updates?page=4&per_page=2")
    assert (beyond.status_code, beyond.get_json()) == (206, [])
    assert beyond.headers["Content-Range"] == "bodhi-updates 7-8/*"


def test_a_page_below_one_is_page_one(legacy_client: FlaskClient, session: Session) -> None:
    made = updates(session, 3)
    response = legacy_client.get("bodhi-updates?page=0&per_page=2")
    assert response.headers["Content-Range"] == "bodhi-updates 1-2/*"
    assert [item["packit_id"] for item in response.get_json()] == [made[2].id, made[1].id]


@pytest.mark.parametrize(("query", "field"), [("per_page=3", "per_page"), ("page=x", "page")])
def test_bad_pagination_is_a_400(legacy_client: FlaskClient, query: str, field: str) -> None:
    response = legacy_client.get(f"bodhi-updates?{query}")
    assert response.status_code == 400
    assert set(response.get_json()["errors"]) == {field}


def test_detail_of_a_failed_update(legacy_client: FlaskClient, session: Session) -> None:
    event = make_pr_event(session, make_project(session), pr_id=12)
    update = make_bodhi_update(session, event, status=BodhiUpdateStatus.error, branch="f41")
    later = make_pipeline(session, event, bodhi_update_group_id=update.group_id)
    earlier = make_pipeline(session, event, bodhi_update_group_id=update.group_id)
    response = legacy_client.get(f"bodhi-updates/{update.id}")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "error",
        "branch": "f41",
        "web_url": None,
        "koji_nvrs": "python-ogr-0.50-1.f41",
        "alias": None,
        "submitted_time": int(SUBMITTED.timestamp()),
        "update_creation_time": None,
        "run_ids": sorted([later.id, earlier.id]),
        "error_message": "Bodhi refused the update",
        "pr_id": 12,
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


def test_detail_of_a_release_monitoring_update(
    legacy_client: FlaskClient, session: Session
) -> None:
    update = make_bodhi_update(session, make_anitya_event(session, version="0.51"))
    body = legacy_client.get(f"bodhi-updates/{update.id}").get_json()
    assert body["non_git_upstream"] is True
    assert body["anitya_version"] == "0.51"
    assert (body["anitya_project_id"], body["anitya_package"]) == (7205, "python-ogr")
    assert body["project_url"] == "https://release-monitoring.org/project/7205"
    assert body["run_ids"] == []


def test_group_lists_its_targets_and_runs(legacy_client: FlaskClient, session: Session) -> None:
    first, _ = updates(session, 2)
    group = session.get(BodhiUpdateGroup, first.group_id)
    assert group is not None
    event = session.get(ProjectEvent, group.project_event_id)
    assert event is not None
    second = make_bodhi_update(session, event, group=group, branch="f42")
    run = make_pipeline(session, event, bodhi_update_group_id=group.id)
    response = legacy_client.get(f"bodhi-updates/groups/{group.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["update_target_ids"] == [first.id, second.id]
    assert body["run_ids"] == [run.id]
    assert body["submitted_time"] == int(SUBMITTED.timestamp())
    assert (body["branch_name"], body["repo_name"]) == ("main", "ogr")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("bodhi-updates/424242", "No info about update stored in DB"),
        ("bodhi-updates/groups/424242", "No info about group stored in DB"),
    ],
)
def test_unknown_ids_are_404(legacy_client: FlaskClient, path: str, message: str) -> None:
    response = legacy_client.get(path)
    assert (response.status_code, response.get_json()) == (404, {"error": message})


def test_non_integer_id_is_a_router_404(legacy_client: FlaskClient) -> None:
    assert legacy_client.get("bodhi-updates/abc").status_code == 404


def test_list_statements_do_not_grow_with_per_page(
    legacy_client: FlaskClient, session: Session, engine: Engine
) -> None:
    updates(session, 60)
    counts = {}
    for per_page in (2, 50):
        with count_statements(engine) as statements:
            response = legacy_client.get(f"bodhi-updates?per_page={per_page}")
        assert len(response.get_json()) == per_page
        counts[per_page] = len(statements)
    assert counts[2] == counts[50]
