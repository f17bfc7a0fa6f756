"""srpm-builds: the list (newest first, dashboard links, project keys) and one build."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shared_db.models import (
    BuildStatus,
    Pipeline,
    SRPMBuild,
)
from tests.legacy_client import LegacyClient
from tests.legacy_flask.checks import (
    assert_pages_newest_first,
    assert_statements_do_not_grow,
    packit_ogr,
)
from tests.shared_db.factories import (
    make_anitya_event,
    make_pr_event,
    make_project,
    make_srpm_build,
)

SUBMITTED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def srpm_builds(session: Session, count: int) -> list[SRPMBuild]:
    """``count`` SRPM builds of one PR, oldest first."""
    event = make_pr_event(session, make_project(session), pr_id=42)
    return [
        make_srpm_build(session, event, submitted=SUBMITTED, detailed=True) for _ in range(count)
    ]


def test_list_item_of_a_pr_build(legacy_client: LegacyClient, session: Session) -> None:
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


@pytest.mark.settings(dashboard_url="https://dashboard.example.org/")
def test_log_url_points_at_the_configured_dashboard(
    legacy_client: LegacyClient, session: Session
) -> None:
    (build,) = srpm_builds(session, 1)
    (item,) = legacy_client.get("srpm-builds").get_json()
    assert item["log_url"] == f"https://dashboard.example.org/jobs/srpm/{build.id}"


def test_release_monitoring_project_has_no_repo(
    legacy_client: LegacyClient, session: Session
) -> None:
    make_srpm_build(
        session,
        make_anitya_event(session, project_id=4321, version="1.2.3"),
        status=BuildStatus.failure,
        submitted=SUBMITTED,
        detailed=True,
    )
    (item,) = legacy_client.get("srpm-builds").get_json()
    assert item["status"] == "failure"
    assert (item["repo_namespace"], item["repo_name"], item["pr_id"]) == (None, None, None)
    assert item["project_url"] == "https://release-monitoring.org/project/4321"


def test_newest_first_and_pages_follow_content_range(
    legacy_client: LegacyClient, session: Session
) -> None:
    newest_first = [b.id for b in reversed(srpm_builds(session, 5))]
    assert_pages_newest_first(
        legacy_client, "srpm-builds", "srpm-builds", newest_first, id_key="srpm_build_id"
    )


def test_detail_carries_runs_and_project(legacy_client: LegacyClient, session: Session) -> None:
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
        **packit_ogr(pr_id=42),
    }


def test_detail_of_a_release_monitoring_build(
    legacy_client: LegacyClient, session: Session
) -> None:
    build = make_srpm_build(
        session,
        make_anitya_event(session, project_id=4321, version="1.2.3"),
        submitted=SUBMITTED,
        detailed=True,
    )
    body = legacy_client.get(f"srpm-builds/{build.id}").get_json()
    assert body["non_git_upstream"] is True
    assert (body["anitya_version"], body["anitya_package"]) == ("1.2.3", "python-ogr")
    assert body["run_ids"] == []


def test_list_statements_do_not_grow_with_per_page(
    legacy_client: LegacyClient, session: Session, engine: Engine
) -> None:
    srpm_builds(session, 60)
    assert_statements_do_not_grow(legacy_client, engine, "srpm-builds")
