"""srpm-builds: the list (newest first, dashboard links, project keys) and one build."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shared_db.models import (
    AnityaProject,
    AnityaVersion,
    BuildStatus,
    Pipeline,
    ProjectEvent,
    ProjectEventType,
    SRPMBuild,
)
from tests.shared_db.factories import make_pr_event, make_project
from tests.sqlcount import count_statements

SUBMITTED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def make_srpm_build(
    session: Session, event: ProjectEvent, *, status: BuildStatus = BuildStatus.success
) -> SRPMBuild:
    build = SRPMBuild(
        project_event_id=event.id,
        status=status,
        submitted_time=SUBMITTED,
        build_start_time=datetime(2026, 3, 1, 12, 1, tzinfo=UTC),
        logs="Wrote SRPM\n",
        logs_url="https://logs.example.org/srpm/1/builder-live.log",
        url="https://download.example.org/srpm/1/ogr.src.rpm",
        copr_build_id="7000001",
        copr_web_url="https://copr.fedorainfracloud.org/coprs/build/7000001/",
    )
    session.add(build)
    session.flush()
    return build


def make_anitya_event(session: Session) -> ProjectEvent:
    project = AnityaProject(project_id=4321, project_name="ogr", package="python-ogr")
    session.add(project)
    session.flush()
    version = AnityaVersion(version="1.2.3", anitya_project_id=project.id)
    session.add(version)
    session.flush()
    event = ProjectEvent(
        type=ProjectEventType.anitya_version,
        anitya_project_id=project.id,
        anitya_version_id=version.id,
    )
    session.add(event)
    session.flush()
    return event


def srpm_builds(session: Session, count: int) -> list[SRPMBuild]:
    """``count`` SRPM builds of one PR, oldest first."""
    event = make_pr_event(session, make_project(session), pr_id=42)
    return [make_srpm_build(session, event) for _ in range(count)]


def test_list_item_of_a_pr_build(legacy_client: FlaskClient, session: Session) -> None:
    (build,) = srpm_builds(session, 1)
    response = legacy_client.get("srpm-builds")
    assert response.status_code == 206
    assert response.headers["Content-Range"] == "srpm-builds 1-10/*"
    assert response.get_json() == [
        {
            "srpm_build_id": build.id,
            "status": "success",
            "log_url": f"/jobs/srpm/{build.id}",
            "build_submitted_time": int(SUBMITTED.timestamp()),
            "repo_namespace": "packit",
            "repo_name": "ogr",
            "project_url": "https://github.com/packit/ogr",
            "pr_id": 42,
            "branch_name": None,
        }
    ]


def test_log_url_points_at_the_configured_dashboard(
    legacy_app: Flask, legacy_client: FlaskClient, session: Session
) -> None:
    (build,) = srpm_builds(session, 1)
    legacy_app.config["DASHBOARD_URL"] = "https://dashboard.example.org/"
    (item,) = legacy_client.get("srpm-builds").get_json()
    assert item["log_url"] == f"https://dashboard.example.org/jobs/srpm/{build.id}"


def test_release_monitoring_project_has_no_repo(
    legacy_client: FlaskClient, session: Session
) -> None:
    make_srpm_build(session, make_anitya_event(session), status=BuildStatus.failure)
    (item,) = legacy_client.get("srpm-builds").get_json()
    assert item["status"] == "failure"
    assert (item["repo_namespace"], item["repo_name"], item["pr_id"]) == (None, None, None)
    assert item["project_url"] == "https://release-monitoring.org/project/4321"


def test_newest_first_and_pages_follow_content_range(
    legacy_client: FlaskClient, session: Session
) -> None:
    newest_first = [b.id for b in reversed(srpm_builds(session, 5))]
    first = legacy_client.get("srpm-builds?per_page=2")
    assert [item["srpm_build_id"] for item in first.get_json()] == newest_first[:2]
    page = legacy_client.get("srpm-builds?page=2&per_page=2")
    assert page.headers["Content-Range"] == "srpm-builds 3-4/*"
    assert [item["srpm_build_id"] for item in page.get_json()] == newest_first[2:4]
    last = legacy_client.get("srpm-builds?page=3&per_page=2")
    assert [item["srpm_build_id"] for item in last.get_json()] == newest_first[4:]
    beyond = legacy_client.get("srpm-builds?page=9&per_page=2")
    assert (beyond.status_code, beyond.get_json()) == (206, [])
    assert beyond.headers["Content-Range"] == "srpm-builds 17-18/*"


def test_a_page_below_one_is_page_one(legacy_client: FlaskClient, session: Session) -> None:
    (build,) = srpm_builds(session, 1)
    response = legacy_client.get("srpm-builds?page=0")
    assert response.headers["Content-Range"] == "srpm-builds 1-10/*"
    assert [item["srpm_build_id"] for item in response.get_json()] == [build.id]


@pytest.mark.parametrize(("query", "field"), [("per_page=7", "per_page"), ("page=abc", "page")])
def test_bad_pagination_is_a_400(legacy_client: FlaskClient, query: str, field: str) -> None:
    response = legacy_client.get(f"srpm-builds?{query}")
    assert response.status_code == 400
    assert set(response.get_json()["errors"]) == {field}


def test_detail_carries_runs_and_project(legacy_client: FlaskClient, session: Session) -> None:
    (build,) = srpm_builds(session, 1)
    runs = [
        Pipeline(project_event_id=build.project_event_id, srpm_build_id=build.id) for _ in range(2)
    ]
    session.add_all(runs)
    session.flush()
    body = legacy_client.get(f"srpm-builds/{build.id}").get_json()
    assert body == {
        "status": "success",
        "build_submitted_time": int(SUBMITTED.timestamp()),
        "build_start_time": int(datetime(2026, 3, 1, 12, 1, tzinfo=UTC).timestamp()),
        "build_finished_time": None,
        "url": "https://download.example.org/srpm/1/ogr.src.rpm",
        "logs": "Wrote SRPM\n",
        "logs_url": "https://logs.example.org/srpm/1/builder-live.log",
        "copr_build_id": "7000001",
        "copr_web_url": "https://copr.fedorainfracloud.org/coprs/build/7000001/",
        "run_ids": sorted(run.id for run in runs),
        "pr_id": 42,
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


def test_detail_of_a_release_monitoring_build(legacy_client: FlaskClient, session: Session) -> None:
    build = make_srpm_build(session, make_anitya_event(session))
    body = legacy_client.get(f"srpm-builds/{build.id}").get_json()
    assert body["non_git_upstream"] is True
    assert (body["anitya_version"], body["anitya_package"]) == ("1.2.3", "python-ogr")
    assert body["run_ids"] == []


def test_unknown_build_is_a_legacy_404(legacy_client: FlaskClient) -> None:
    response = legacy_client.get("srpm-builds/123456")
    assert response.status_code == 404
    assert response.get_json() == {"error": "No info about build stored in DB"}


def test_non_integer_id_is_a_router_404(legacy_client: FlaskClient) -> None:
    assert legacy_client.get("srpm-builds/abc").status_code == 404


def test_list_statements_do_not_grow_with_per_page(
    legacy_client: FlaskClient, session: Session, engine: Engine
) -> None:
    srpm_builds(session, 60)
    counts = {}
    for per_page in (2, 50):
        with count_statements(engine) as statements:
            response = legacy_client.get(f"srpm-builds?per_page={per_page}")
        assert len(response.get_json()) == per_page
        counts[per_page] = len(statements)
    assert counts[2] == counts[50]
