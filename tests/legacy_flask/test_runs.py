"""runs: merged runs (the runs of one SRPM build as one), single runs, pagination, cost."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from shared_db.models import (
    BodhiUpdateStatus,
    CoprBuildTarget,
    KojiBuildTarget,
    ProjectEvent,
    SyncReleaseJobType,
    SyncReleaseTargetStatus,
    TFTTestRunTarget,
)
from tests.legacy_client import LegacyClient
from tests.shared_db.factories import (
    make_anitya_event,
    make_pipeline,
    make_pr_event,
    make_project,
)
from tests.shared_db.factories_sync_runs import (
    SUBMITTED,
    at,
    build_run,
    make_bodhi_group,
    make_sync_release,
    make_vm_image,
    targets_of,
)
from tests.sqlcount import count_statements

NOT_FOUND = {"error": "No run has been found in DB"}
JOB_KINDS = (
    "copr",
    "koji",
    "test_run",
    "propose_downstream",
    "pull_from_upstream",
    "bodhi_update",
    "vm_image_build",
)


def epoch(minutes: int = 0) -> int:
    return int(at(minutes).timestamp())


def ids_of(
    session: Session, model: type[CoprBuildTarget | KojiBuildTarget | TFTTestRunTarget]
) -> list[int]:
    return list(session.scalars(select(model.id).order_by(model.id)))


def pr_event(session: Session) -> ProjectEvent:
    return make_pr_event(session, make_project(session), pr_id=42)


def test_the_runs_of_one_srpm_build_are_one_merged_run(
    legacy_client: LegacyClient, session: Session
) -> None:
    first, _ = build_run(session, pr_event(session))
    copr_41, copr_42, _ = ids_of(session, CoprBuildTarget)
    response = legacy_client.get("runs")
    assert response.status_code == 206
    assert response.headers["Content-Range"] == "runs 1-10/*"
    (item,) = response.get_json()
    assert item["merged_run_id"] == first.id
    assert item["srpm"] == {"packit_id": first.srpm_build_id, "status": "success"}
    assert item["copr"] == [
        {"packit_id": copr_41, "target": "fedora-41-x86_64", "status": "success"},
        {"packit_id": copr_42, "target": "fedora-42-x86_64", "status": "failure"},
    ]
    (koji,) = ids_of(session, KojiBuildTarget)
    assert item["koji"] == [{"packit_id": koji, "target": "rawhide", "status": "running"}]
    (test,) = ids_of(session, TFTTestRunTarget)
    assert item["test_run"] == [
        {"packit_id": test, "target": "fedora-41-x86_64", "status": "passed"}
    ]
    for kind in ("propose_downstream", "pull_from_upstream", "bodhi_update", "vm_image_build"):
        assert item[kind] == []
    assert item["time_submitted"] == epoch(1)  # the SRPM build's
    assert item["trigger"]["pr_id"] == 42
    assert item["trigger"]["repo_namespace"] == "packit"
    assert item["trigger"]["non_git_upstream"] is False


def test_runs_without_srpm_build_stay_apart_and_are_dated_by_their_jobs(
    legacy_client: LegacyClient, session: Session
) -> None:
    event = pr_event(session)
    bodhi = make_bodhi_group(session, event, {"f41": BodhiUpdateStatus.error})
    with_bodhi = make_pipeline(session, event, bodhi_update_group_id=bodhi.id, created=SUBMITTED)
    with_vm = make_pipeline(
        session,
        event,
        vm_image_build_id=make_vm_image(session, event, submitted=at(3)).id,
        created=SUBMITTED,
    )
    bare = make_pipeline(session, event, created=at(30))
    items = legacy_client.get("runs").get_json()
    assert [i["merged_run_id"] for i in items] == [bare.id, with_vm.id, with_bodhi.id]
    bare_item, vm_item, bodhi_item = items
    assert all(bare_item[kind] == [] for kind in JOB_KINDS)
    assert (bare_item["srpm"], bare_item["time_submitted"]) == (None, epoch(30))
    assert bare_item["trigger"]["pr_id"] == 42
    assert vm_item["vm_image_build"] == [
        {"packit_id": with_vm.vm_image_build_id, "target": "fedora-41-x86_64", "status": "building"}
    ]
    assert vm_item["time_submitted"] == epoch(3)
    assert bodhi_item["bodhi_update"][0]["status"] == "error"
    assert bodhi_item["time_submitted"] == epoch(9)


@pytest.mark.parametrize("job_type", list(SyncReleaseJobType))
def test_a_release_sync_lists_its_branches_under_its_job_type(
    legacy_client: LegacyClient, session: Session, job_type: SyncReleaseJobType
) -> None:
    event = make_anitya_event(
        session, project_id=7878, name="specfile", package="specfile", version="2.0.1"
    )
    sync = make_sync_release(
        session,
        event,
        job_type,
        {"rawhide": SyncReleaseTargetStatus.running, "f41": SyncReleaseTargetStatus.queued},
        submitted=at(4),
    )
    run = make_pipeline(session, event, sync_release_run_id=sync.id, created=SUBMITTED)
    rawhide, f41 = targets_of(session, sync)
    (item,) = legacy_client.get("runs").get_json()
    assert item["merged_run_id"] == run.id
    assert item[job_type.value] == [
        {"packit_id": rawhide.id, "target": "rawhide", "status": "running"},
        {"packit_id": f41.id, "target": "f41", "status": "queued"},
    ]
    assert all(item[kind] == [] for kind in JOB_KINDS if kind != job_type.value)
    assert item["time_submitted"] == epoch(4)
    assert item["trigger"]["non_git_upstream"] is True
    assert item["trigger"]["anitya_version"] == "2.0.1"


def test_newest_merged_run_first_and_pages_follow_content_range(
    legacy_client: LegacyClient, session: Session
) -> None:
    event = pr_event(session)
    heads = []
    for _ in range(3):
        first, _ = build_run(session, event)  # two runs, one merged run
        heads.append(first.id)
        heads.append(make_pipeline(session, event, created=SUBMITTED).id)  # a merged run of its own
    newest_first = heads[::-1]
    page = legacy_client.get("runs?page=2&per_page=2")
    assert page.headers["Content-Range"] == "runs 3-4/*"
    assert [item["merged_run_id"] for item in page.get_json()] == newest_first[2:4]
    last = legacy_client.get("runs?page=3&per_page=2").get_json()
    assert [item["merged_run_id"] for item in last] == newest_first[4:]
    beyond = legacy_client.get("runs?page=4&per_page=2")
    assert (beyond.status_code, beyond.get_json()) == (206, [])


@pytest.mark.parametrize("query", ["per_page=3", "page=one"])
def test_bad_pagination_is_a_400(legacy_client: LegacyClient, query: str) -> None:
    assert legacy_client.get(f"runs?{query}").status_code == 400


def test_merged_run_by_its_id_or_by_any_of_its_runs(
    legacy_client: LegacyClient, session: Session
) -> None:
    first, second = build_run(session, pr_event(session))
    listed = legacy_client.get("runs").get_json()
    by_head = legacy_client.get(f"runs/merged/{first.id}")
    assert by_head.status_code == 200
    assert [by_head.get_json()] == listed
    assert legacy_client.get(f"runs/merged/{second.id}").get_json() == listed[0]


def test_unknown_merged_run_is_a_404(legacy_client: LegacyClient, session: Session) -> None:
    run = make_pipeline(session, pr_event(session), created=SUBMITTED)
    response = legacy_client.get(f"runs/merged/{run.id + 1}")
    assert (response.status_code, response.get_json()) == (404, NOT_FOUND)
    assert legacy_client.get("runs/merged/abc").status_code == 404


def test_run_detail(legacy_client: LegacyClient, session: Session) -> None:
    first, second = build_run(session, pr_event(session))
    body = legacy_client.get(f"runs/{first.id}").get_json()
    assert body == {
        "run_id": first.id,
        "trigger": body["trigger"],
        "srpm_build_id": first.srpm_build_id,
        "copr_build_group_id": first.copr_build_group_id,
        "koji_build_group_id": None,
        "test_run_group_id": first.test_run_group_id,
        "bodhi_update_group_id": None,
    }
    assert body["trigger"]["pr_id"] == 42
    assert body["trigger"]["project_url"] == "https://github.com/packit/ogr"
    other = legacy_client.get(f"runs/{second.id}").get_json()
    assert other["koji_build_group_id"] == second.koji_build_group_id
    assert other["copr_build_group_id"] is None


def test_unknown_run_is_a_404(legacy_client: LegacyClient) -> None:
    response = legacy_client.get("runs/123456")
    assert (response.status_code, response.get_json()) == (404, NOT_FOUND)
    assert legacy_client.get("runs/abc").status_code == 404


def test_list_statements_do_not_grow_with_per_page(
    legacy_client: LegacyClient, session: Session, engine: Engine
) -> None:
    event = pr_event(session)
    for _ in range(50):
        build_run(session, event)
        bodhi = make_bodhi_group(session, event, {"f41": BodhiUpdateStatus.success})
        sync = make_sync_release(
            session,
            event,
            SyncReleaseJobType.propose_downstream,
            {"f41": SyncReleaseTargetStatus.submitted},
        )
        make_pipeline(
            session,
            event,
            bodhi_update_group_id=bodhi.id,
            sync_release_run_id=sync.id,
            vm_image_build_id=make_vm_image(session, event).id,
            created=SUBMITTED,
        )
    counts = {}
    for per_page in (2, 50):
        with count_statements(engine) as statements:
            response = legacy_client.get(f"runs?per_page={per_page}")
        assert len(response.get_json()) == per_page
        counts[per_page] = len(statements)
        # The page's head ids, the heads (with SRPM build and trigger), then every job of
        # their runs: Copr, Koji, tests, Bodhi, release syncs and VM images in one UNION
        # (over a CTE of the runs: it starts with WITH).
        assert sum(statement.startswith(("SELECT", "WITH")) for statement in statements) == 3
    assert counts[2] == counts[50]
