"""bodhi-updates: the list, one update target, one group."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shared_db.models import (
    BodhiUpdateGroup,
    BodhiUpdateStatus,
    BodhiUpdateTarget,
    ProjectEvent,
)
from tests.legacy_client import LegacyClient
from tests.legacy_flask.checks import (
    assert_pages_newest_first,
    assert_statements_do_not_grow,
    packit_ogr,
)
from tests.shared_db.factories import make_pr_event, make_project
from tests.shared_db.factories_bodhi_ld_osh import (
    SUBMITTED,
    make_anitya_event,
    make_bodhi_update,
    make_branch_event,
    make_pipeline,
)


def updates(session: Session, count: int) -> list[BodhiUpdateTarget]:
    """``count`` updates of one push to ``main``, oldest first."""
    event = make_branch_event(session, make_project(session, repo="ogr"))
    return [make_bodhi_update(session, event, branch=f"f{40 + n}") for n in range(count)]


def test_list_item_of_a_branch_push(legacy_client: LegacyClient, session: Session) -> None:
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
    legacy_client: LegacyClient, session: Session
) -> None:
    make_bodhi_update(session, make_anitya_event(session), status=BodhiUpdateStatus.queued)
    (item,) = legacy_client.get("bodhi-updates").get_json()
    assert item["project_url"] == "https://release-monitoring.org/project/7205"
    assert (item["repo_namespace"], item["repo_name"]) == (None, None)
    assert (item["status"], item["alias"], item["update_creation_time"]) == ("queued", None, None)


def test_newest_first_and_pages_follow_content_range(
    legacy_client: LegacyClient, session: Session
) -> None:
    newest_first = [u.id for u in reversed(updates(session, 5))]
    assert_pages_newest_first(legacy_client, "bodhi-updates", "bodhi-updates", newest_first)


def test_detail_of_a_failed_update(legacy_client: LegacyClient, session: Session) -> None:
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
        **packit_ogr(pr_id=12),
    }


def test_detail_of_a_release_monitoring_update(
    legacy_client: LegacyClient, session: Session
) -> None:
    update = make_bodhi_update(session, make_anitya_event(session, version="0.51"))
    body = legacy_client.get(f"bodhi-updates/{update.id}").get_json()
    assert body["non_git_upstream"] is True
    assert body["anitya_version"] == "0.51"
    assert (body["anitya_project_id"], body["anitya_package"]) == (7205, "python-ogr")
    assert body["project_url"] == "https://release-monitoring.org/project/7205"
    assert body["run_ids"] == []


def test_group_lists_its_targets_and_runs(legacy_client: LegacyClient, session: Session) -> None:
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


def test_list_statements_do_not_grow_with_per_page(
    legacy_client: LegacyClient, session: Session, engine: Engine
) -> None:
    updates(session, 60)
    assert_statements_do_not_grow(legacy_client, engine, "bodhi-updates")
