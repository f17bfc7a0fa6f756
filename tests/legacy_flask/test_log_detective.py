"""log-detective: the list of analyses, one analysis, one group."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shared_db.models import (
    BuildStatus,
    LogDetectiveResult,
    LogDetectiveRun,
    LogDetectiveRunGroup,
    ProjectEvent,
)
from tests.shared_db.factories import make_copr_build, make_pr_event, make_project
from tests.shared_db.factories_bodhi_ld_osh import (
    SUBMITTED,
    make_anitya_event,
    make_log_detective_run,
    make_pipeline,
)
from tests.sqlcount import count_statements


def analyses(session: Session, count: int) -> tuple[ProjectEvent, list[LogDetectiveRun]]:
    """A PR event and ``count`` analyses of its failed Copr builds, oldest first."""
    event = make_pr_event(session, make_project(session), pr_id=7)
    made = []
    for _ in range(count):
        build = make_copr_build(session, event, status=BuildStatus.failure)
        made.append(make_log_detective_run(session, event, build=build))
    return event, made


def test_list_item_has_no_project_info(legacy_client: FlaskClient, session: Session) -> None:
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
            "log_detective_response": {"explanation": "A test needs network."},
            "error_msg": None,
            "target_build": "1234567",
            "run_ids": sorted([second.id, first.id]),
            "submitted_time": int(SUBMITTED.timestamp()),
        }
    ]


def test_a_failed_analysis(legacy_client: FlaskClient, session: Session) -> None:
    make_log_detective_run(session, make_anitya_event(session), status=LogDetectiveResult.error)
    (item,) = legacy_client.get("log-detective").get_json()
    assert (item["status"], item["error_msg"]) == ("error", "Log Detective timed out")
    assert item["log_detective_response"] is None
    assert (item["commit_sha"], item["target_build"], item["run_ids"]) == (None, None, [])


def test_newest_first_and_pages_follow_content_range(
    legacy_client: FlaskClient, session: Session
) -> None:
    _, made = analyses(session, 5)
    newest_first = [run.id for run in reversed(made)]
    page = legacy_client.get("log-detective?page=2&per_page=2")
    assert page.status_code == 206
    assert page.headers["Content-Range"] == "log-detective-results 3-4/*"
    assert [item["packit_id"] for item in page.get_json()] == newest_first[2:4]
    last = legacy_client.get("log-detective?page=3&per_page=2")
    assert [item["packit_id"] for item in last.get_json()] == newest_first[4:]
    below_one = legacy_client.get("log-detective?page=-1&per_page=10")
    assert below_one.headers["Content-Range"] == "log-detective-results 1-10/*"
    assert [item["packit_id"] for item in below_one.get_json()] == newest_first


@pytest.mark.parametrize(("query", "field"), [("per_page=0", "per_page"), ("page=2.5", "page")])
def test_bad_pagination_is_a_400(legacy_client: FlaskClient, query: str, field: str) -> None:
    response = legacy_client.get(f"log-detective?{query}")
    assert response.status_code == 400
    assert set(response.get_json()["errors"]) == {field}


def test_detail_adds_project_info(legacy_client: FlaskClient, session: Session) -> None:
    event, (run,) = analyses(session, 1)
    pipeline = make_pipeline(session, event, log_detective_run_group_id=run.group_id)
    response = legacy_client.get(f"log-detective/{run.id}")
    assert response.status_code == 200
    body = response.get_json()
    listed = legacy_client.get("log-detective").get_json()[0]
    assert {key: body[key] for key in listed} == listed
    assert body["run_ids"] == [pipeline.id]
    assert {key: body[key] for key in set(body) - set(listed)} == {
        "pr_id": 7,
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


def test_detail_of_a_release_monitoring_analysis(
    legacy_client: FlaskClient, session: Session
) -> None:
    run = make_log_detective_run(session, make_anitya_event(session, version="1.2"))
    body = legacy_client.get(f"log-detective/{run.id}").get_json()
    assert (body["non_git_upstream"], body["anitya_version"]) == (True, "1.2")
    assert body["repo_name"] is None


def test_group_lists_its_analyses_and_runs(legacy_client: FlaskClient, session: Session) -> None:
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


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("log-detective/424242", "No info about Log Detective run stored in DB"),
        ("log-detective/groups/424242", "No info about group stored in DB"),
    ],
)
def test_unknown_ids_are_404(legacy_client: FlaskClient, path: str, message: str) -> None:
    response = legacy_client.get(path)
    assert (response.status_code, response.get_json()) == (404, {"error": message})


def test_non_integer_id_is_a_router_404(legacy_client: FlaskClient) -> None:
    assert legacy_client.get("log-detective/groups/x").status_code == 404


def test_list_statements_do_not_grow_with_per_page(
    legacy_client: FlaskClient, session: Session, engine: Engine
) -> None:
    event, made = analyses(session, 60)
    for run in made:
        make_pipeline(session, event, log_detective_run_group_id=run.group_id)
    counts = {}
    for per_page in (2, 50):
        with count_statements(engine) as statements:
            response = legacy_client.get(f"log-detective?per_page={per_page}")
        assert len(response.get_json()) == per_page
        counts[per_page] = len(statements)
    assert counts[2] == counts[50]
