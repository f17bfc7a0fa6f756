"""log-detective: the list of analyses, one analysis, one group."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shared_db.models import (
    LogDetectiveResult,
    LogDetectiveRunGroup,
)
from tests.legacy_client import LegacyClient
from tests.legacy_flask.checks import (
    assert_pages_newest_first,
    assert_statements_do_not_grow,
    packit_ogr,
)
from tests.shared_db.factories_bodhi_ld_osh import (
    LD_RESPONSE,
    SUBMITTED,
    analyses,
    make_anitya_event,
    make_log_detective_run,
    make_pipeline,
)


def test_list_item_carries_the_project_info(legacy_client: LegacyClient, session: Session) -> None:
    event, (run,) = analyses(session, 1)
    second = make_pipeline(session, event, log_detective_run_group_id=run.group_id)
    first = make_pipeline(session, event, log_detective_run_group_id=run.group_id)
    response = legacy_client.get("log-detective")
    assert response.status_code == 206
    assert response.headers["Content-Range"] == "log-detective-results 1-10/*"
    assert response.get_json() == [
        {
            "packit_id": run.id,
            "analysis_id": run.analysis_id,
            "status": "complete",
            "chroot": "fedora-rawhide-x86_64",
            "commit_sha": "a" * 40,
            "log_detective_response": LD_RESPONSE,
            "error_msg": None,
            "target_build": "1234567",
            "run_ids": sorted([second.id, first.id]),
            "submitted_time": int(SUBMITTED.timestamp()),
            **packit_ogr(pr_id=7),
        }
    ]


def test_a_failed_analysis(legacy_client: LegacyClient, session: Session) -> None:
    make_log_detective_run(session, make_anitya_event(session), status=LogDetectiveResult.error)
    (item,) = legacy_client.get("log-detective").get_json()
    assert (item["status"], item["error_msg"]) == ("error", "Log Detective timed out")
    assert item["log_detective_response"] is None
    assert (item["commit_sha"], item["target_build"], item["run_ids"]) == (None, None, [])


def test_newest_first_and_pages_follow_content_range(
    legacy_client: LegacyClient, session: Session
) -> None:
    _, made = analyses(session, 5)
    newest_first = [run.id for run in reversed(made)]
    assert_pages_newest_first(legacy_client, "log-detective", "log-detective-results", newest_first)


def test_detail_is_the_list_row(legacy_client: LegacyClient, session: Session) -> None:
    event, (run,) = analyses(session, 1)
    pipeline = make_pipeline(session, event, log_detective_run_group_id=run.group_id)
    response = legacy_client.get(f"log-detective/{run.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body == legacy_client.get("log-detective").get_json()[0]
    assert body["run_ids"] == [pipeline.id]


def test_detail_of_a_release_monitoring_analysis(
    legacy_client: LegacyClient, session: Session
) -> None:
    run = make_log_detective_run(session, make_anitya_event(session, version="1.2"))
    body = legacy_client.get(f"log-detective/{run.id}").get_json()
    assert (body["non_git_upstream"], body["anitya_version"]) == (True, "1.2")
    assert body["repo_name"] is None
    (row,) = legacy_client.get("log-detective").get_json()
    assert row == body


def test_group_lists_its_analyses_and_runs(legacy_client: LegacyClient, session: Session) -> None:
    event, (first, _) = analyses(session, 2)
    group = session.get(LogDetectiveRunGroup, first.group_id)
    assert group is not None
    second = make_log_detective_run(session, event, group=group)
    run = make_pipeline(session, event, log_detective_run_group_id=group.id)
    response = legacy_client.get(f"log-detective/groups/{group.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["packit_id"] == group.id
    assert body["log_detective_target_ids"] == [first.id, second.id]
    assert body["run_ids"] == [run.id]
    assert body["submitted_time"] == int(SUBMITTED.timestamp())
    assert (body["pr_id"], body["non_git_upstream"]) == (7, False)


def test_list_statements_do_not_grow_with_per_page(
    legacy_client: LegacyClient, session: Session, engine: Engine
) -> None:
    event, made = analyses(session, 60)
    for run in made:
        make_pipeline(session, event, log_detective_run_group_id=run.group_id)
    assert_statements_do_not_grow(legacy_client, engine, "log-detective")
