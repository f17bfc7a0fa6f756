"""propose-downstream and pull-from-upstream: one implementation, split by job type."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shared_db.models import (
    ProjectEventType,
    SyncReleaseJobType,
    SyncReleaseRun,
    SyncReleaseStatus,
)
from shared_db.queries.events import Trigger
from shared_db.queries.sync_releases import SyncReleaseSummary
from tests.legacy_client import LegacyClient
from tests.legacy_flask.checks import (
    assert_pages_newest_first,
    assert_statements_do_not_grow,
    packit_ogr,
)
from tests.shared_db.factories import make_anitya_event, make_project
from tests.shared_db.factories_sync_runs import (
    BRANCHES,
    SUBMITTED,
    at,
    make_downstream_pr,
    make_sync_release,
    syncs,
    targets_of,
)

SUBMITTED_EPOCH = int(SUBMITTED.timestamp())


@dataclass(frozen=True)
class Flavour:
    path: str
    resource: str
    job_type: SyncReleaseJobType
    other: SyncReleaseJobType
    not_found: str


PROPOSE = Flavour(
    "propose-downstream",
    "propose-downstreams",
    SyncReleaseJobType.propose_downstream,
    SyncReleaseJobType.pull_from_upstream,
    "No info about propose downstream target stored in DB",
)
PULL = Flavour(
    "pull-from-upstream",
    "pull-from-upstreams",
    SyncReleaseJobType.pull_from_upstream,
    SyncReleaseJobType.propose_downstream,
    "No info about pull from upstream target stored in DB",
)
both = pytest.mark.parametrize("flavour", [PROPOSE, PULL], ids=lambda f: f.path)


@both
def test_list_item_merges_branches_and_project(
    flavour: Flavour, legacy_client: LegacyClient, session: Session
) -> None:
    (run,) = syncs(session, flavour.job_type, 1)
    rawhide, f41 = targets_of(session, run)
    response = legacy_client.get(flavour.path)
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"{flavour.resource} 1-10/*"
    (item,) = response.get_json()
    project_keys = packit_ogr(release="1.2.3")
    del project_keys["branch_name"]  # corrected 2026-12-01: not a key of these rows
    assert item == {
        "packit_id": run.id,
        "status": "finished",
        "submitted_time": SUBMITTED_EPOCH,
        "status_per_downstream_pr": {"rawhide": "submitted", "f41": "error"},
        "packit_id_per_downstream_pr": {"rawhide": rawhide.id, "f41": f41.id},
        **project_keys,
    }


@pytest.mark.flask
def test_list_item_of_a_sync_without_a_project_has_the_seven_project_keys_as_nulls() -> None:
    """The schema ties every event to a project, so this is Flask's row function alone."""
    from legacy_flask.propose_downstream import list_item

    run = SyncReleaseRun(
        id=5,
        job_type=SyncReleaseJobType.propose_downstream,
        status=SyncReleaseStatus.running,
        submitted_time=SUBMITTED,
    )
    trigger = Trigger(
        event_id=1,
        event_type=ProjectEventType.release,
        commit_sha=None,
        project=None,
        anitya_project=None,
        pr_id=None,
        issue_id=None,
        branch_name=None,
        release="1.0",
        anitya_version=None,
    )

    item = list_item(SyncReleaseSummary(run=run, trigger=trigger, targets=[]))

    assert item == {
        "packit_id": 5,
        "status": "running",
        "submitted_time": SUBMITTED_EPOCH,
        "status_per_downstream_pr": {},
        "packit_id_per_downstream_pr": {},
        "pr_id": None,
        "issue_id": None,
        "release": "1.0",
        "anitya_version": None,
        "repo_namespace": None,
        "repo_name": None,
        "project_url": None,
        "anitya_project_id": None,
        "anitya_project_name": None,
        "anitya_package": None,
        "non_git_upstream": False,
    }


@both
def test_list_shows_only_its_job_type_newest_first(
    flavour: Flavour, legacy_client: LegacyClient, session: Session
) -> None:
    mine = syncs(session, flavour.job_type, 5)
    event = make_anitya_event(
        session, project_id=7878, name="specfile", package="specfile", version="2.0.1"
    )
    make_sync_release(session, event, flavour.other, BRANCHES)
    newest_first = [run.id for run in reversed(mine)]
    assert_pages_newest_first(legacy_client, flavour.path, flavour.resource, newest_first)


@both
def test_a_release_monitoring_upstream(
    flavour: Flavour, legacy_client: LegacyClient, session: Session
) -> None:
    event = make_anitya_event(
        session, project_id=7878, name="specfile", package="specfile", version="2.0.1"
    )
    make_sync_release(session, event, flavour.job_type, {}, status=SyncReleaseStatus.running)
    (item,) = legacy_client.get(flavour.path).get_json()
    assert item["status"] == "running"
    assert item["status_per_downstream_pr"] == item["packit_id_per_downstream_pr"] == {}
    assert item["anitya_version"] == "2.0.1"
    assert item["non_git_upstream"] is True
    assert item["project_url"] == "https://release-monitoring.org/project/7878"
    assert (item["repo_namespace"], item["repo_name"]) == (None, None)
    assert (item["anitya_project_id"], item["anitya_package"]) == (7878, "specfile")


@both
def test_target_detail_with_downstream_prs(
    flavour: Flavour, legacy_client: LegacyClient, session: Session
) -> None:
    (run,) = syncs(session, flavour.job_type, 1)
    rawhide, _ = targets_of(session, run)
    rawhide.start_time, rawhide.finished_time, rawhide.logs = at(1), at(2), "synced"
    dist_git = make_project(session, forge="src.fedoraproject.org", namespace="rpms", repo="ogr")
    make_downstream_pr(session, rawhide, dist_git, pr_id=11, fast_forward=True)
    make_downstream_pr(session, rawhide, dist_git, pr_id=12)
    response = legacy_client.get(f"{flavour.path}/{rawhide.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["downstream_prs"] == [
        {
            "pr_id": 11,
            "branch": "rawhide",
            "is_fast_forward": True,
            "url": "https://src.fedoraproject.org/rpms/ogr/pull-request/11",
        },
        {
            "pr_id": 12,
            "branch": "rawhide",
            "is_fast_forward": False,
            "url": "https://src.fedoraproject.org/rpms/ogr/pull-request/12",
        },
    ]
    assert body["downstream_pr_project"] == "https://src.fedoraproject.org/rpms/ogr"
    assert (body["status"], body["branch"], body["logs"]) == ("submitted", "rawhide", "synced")
    assert body["submitted_time"] == SUBMITTED_EPOCH
    assert (body["start_time"], body["finished_time"]) == (
        SUBMITTED_EPOCH + 60,
        SUBMITTED_EPOCH + 120,
    )
    assert (body["release"], body["repo_name"], body["non_git_upstream"]) == ("1.2.3", "ogr", False)


@both
def test_target_without_prs(
    flavour: Flavour, legacy_client: LegacyClient, session: Session
) -> None:
    (run,) = syncs(session, flavour.job_type, 1)
    _, f41 = targets_of(session, run)
    body = legacy_client.get(f"{flavour.path}/{f41.id}").get_json()
    assert (body["downstream_prs"], body["downstream_pr_project"]) == ([], None)
    assert (body["start_time"], body["finished_time"], body["logs"]) == (None, None, None)
    assert body["status"] == "error"


@both
def test_a_target_of_the_other_job_type_is_unknown(
    flavour: Flavour, legacy_client: LegacyClient, session: Session
) -> None:
    (run,) = syncs(session, flavour.other, 1)
    target, _ = targets_of(session, run)
    for path in (f"{flavour.path}/{target.id}", f"{flavour.path}/987654"):
        response = legacy_client.get(path)
        assert response.status_code == 404
        assert response.get_json() == {"error": flavour.not_found}
    assert legacy_client.get(f"{flavour.path}/abc").status_code == 404


@both
def test_list_statements_do_not_grow_with_per_page(
    flavour: Flavour, legacy_client: LegacyClient, session: Session, engine: Engine
) -> None:
    syncs(session, flavour.job_type, 60)
    by_size = assert_statements_do_not_grow(legacy_client, engine, flavour.path)
    for statements in by_size.values():
        # The page's ids, the runs with their triggers, the runs' targets.
        assert sum(statement.startswith("SELECT") for statement in statements) == 3
