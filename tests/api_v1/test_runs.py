"""v1 runs: merged runs (list and detail), single runs, and what the legacy twin shows."""

from __future__ import annotations

from typing import Any

import httpx
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
)
from tests.api_v1.legacy_shapes import epoch, iso, project_info
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

JOB_KINDS = (
    "copr",
    "koji",
    "test_run",
    "propose_downstream",
    "pull_from_upstream",
    "bodhi_update",
    "vm_image_build",
)


def legacy_merged_run(item: dict[str, Any]) -> dict[str, Any]:
    """The legacy merged-run item, rebuilt from a v1 one."""
    srpm = item["srpm"]
    return {
        "merged_run_id": item["id"],
        "srpm": srpm and {"packit_id": srpm["id"], "status": srpm["status"]},
        **{
            kind: [
                {"packit_id": j["id"], "target": j["target"], "status": j["status"]} for j in jobs
            ]
            for kind, jobs in item["jobs"].items()
        },
        "time_submitted": epoch(item["submitted_time"]),
        "trigger": project_info(item["trigger"]),
    }


def pr_event(session: Session) -> ProjectEvent:
    return make_pr_event(session, make_project(session), pr_id=42)


async def test_the_runs_of_one_srpm_build_are_one_merged_run(
    client: httpx.AsyncClient, session: Session
) -> None:
    first, second = build_run(session, pr_event(session))
    copr_41, copr_42, _waiting = session.scalars(
        select(CoprBuildTarget.id).order_by(CoprBuildTarget.id)
    )
    koji = session.scalar(select(KojiBuildTarget.id))
    response = await client.get("/api/v1/runs")
    assert response.status_code == 200
    body = response.json()
    assert body["next_cursor"] is None
    (item,) = body["items"]
    assert item["id"] == first.id
    assert item["srpm"] == {"id": first.srpm_build_id, "status": "success"}
    assert item["submitted_time"] == iso(at(1))  # the SRPM build's
    jobs = item["jobs"]
    assert jobs["copr"] == [
        {"id": copr_41, "target": "fedora-41-x86_64", "status": "success"},
        {"id": copr_42, "target": "fedora-42-x86_64", "status": "failure"},
    ]
    assert jobs["koji"] == [{"id": koji, "target": "rawhide", "status": "running"}]
    assert [job["status"] for job in jobs["test_run"]] == ["passed"]
    assert all(jobs[kind] == [] for kind in JOB_KINDS[3:])
    assert item["trigger"]["pr_id"] == 42
    assert item["trigger"]["project"]["forge"] == "github.com"
    # The detail answers the same, by the head's id or by any run of the group.
    for run in (first, second):
        detail = await client.get(f"/api/v1/runs/merged/{run.id}")
        assert (detail.status_code, detail.json()) == (200, item)


async def test_runs_without_srpm_build_stay_apart_and_are_dated_by_their_jobs(
    client: httpx.AsyncClient, session: Session
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
    items = (await client.get("/api/v1/runs")).json()["items"]
    assert [item["id"] for item in items] == [bare.id, with_vm.id, with_bodhi.id]
    bare_item, vm_item, bodhi_item = items
    assert all(jobs == [] for jobs in bare_item["jobs"].values())
    assert (bare_item["srpm"], bare_item["submitted_time"]) == (None, iso(at(30)))
    assert vm_item["jobs"]["vm_image_build"] == [
        {"id": with_vm.vm_image_build_id, "target": "fedora-41-x86_64", "status": "building"}
    ]
    assert vm_item["submitted_time"] == iso(at(3))
    assert bodhi_item["jobs"]["bodhi_update"][0]["status"] == "error"
    assert bodhi_item["submitted_time"] == iso(at(9))


@pytest.mark.parametrize("job_type", list(SyncReleaseJobType))
async def test_a_release_sync_shows_under_its_job_type(
    client: httpx.AsyncClient, session: Session, job_type: SyncReleaseJobType
) -> None:
    event = make_anitya_event(
        session, project_id=7878, name="specfile", package="specfile", version="2.0.1"
    )
    branches = {"rawhide": SyncReleaseTargetStatus.running, "f41": SyncReleaseTargetStatus.queued}
    sync = make_sync_release(session, event, job_type, branches, submitted=at(4))
    run = make_pipeline(session, event, sync_release_run_id=sync.id, created=SUBMITTED)
    rawhide, f41 = targets_of(session, sync)
    (item,) = (await client.get("/api/v1/runs")).json()["items"]
    assert item["id"] == run.id
    assert item["jobs"][job_type.value] == [
        {"id": rawhide.id, "target": "rawhide", "status": "running"},
        {"id": f41.id, "target": "f41", "status": "queued"},
    ]
    assert all(item["jobs"][kind] == [] for kind in JOB_KINDS if kind != job_type.value)
    assert item["submitted_time"] == iso(at(4))
    assert item["trigger"]["project"] is None
    assert item["trigger"]["anitya_project"]["id"] == 7878


async def test_cursor_pages_and_filters_by_first_run(
    client: httpx.AsyncClient, session: Session
) -> None:
    event = pr_event(session)
    heads = []
    for n in range(3):
        first, _ = build_run(session, event)  # two runs, one merged run
        heads += [first.id, make_pipeline(session, event, created=at(60 * n)).id]
    version = make_pipeline(
        session,
        make_anitya_event(
            session, project_id=7878, name="specfile", package="specfile", version="2.0.1"
        ),
        created=at(200),
    )
    newest_first = [version.id, *heads[::-1]]
    page = await client.get("/api/v1/runs", params={"limit": 4})
    assert [item["id"] for item in page.json()["items"]] == newest_first[:4]
    rest = await client.get("/api/v1/runs", params={"cursor": page.json()["next_cursor"]})
    assert [item["id"] for item in rest.json()["items"]] == newest_first[4:]
    by_trigger = await client.get("/api/v1/runs", params={"trigger": "anitya_version"})
    assert [item["id"] for item in by_trigger.json()["items"]] == [version.id]
    by_repo = await client.get("/api/v1/runs", params={"namespace": "packit", "repo_name": "ogr"})
    assert [item["id"] for item in by_repo.json()["items"]] == heads[::-1]
    since = iso(at(60))
    recent = await client.get("/api/v1/runs", params={"submitted_after": since})
    assert [item["id"] for item in recent.json()["items"]] == [version.id, heads[5], heads[3]]


async def test_a_page_costs_two_statements_whatever_it_holds(
    client: httpx.AsyncClient, session: Session, engine: Engine
) -> None:
    event = pr_event(session)
    counts = []
    for make in (
        lambda: make_pipeline(session, event, created=SUBMITTED),  # no job at all
        lambda: build_run(session, event),  # Copr, Koji and tests
    ):
        make()
        with count_statements(engine) as statements:
            response = await client.get("/api/v1/runs", params={"limit": 1})
        assert response.status_code == 200
        counts.append(sum(statement.startswith(("SELECT", "WITH")) for statement in statements))
    assert counts == [2, 2]


async def test_run_detail(client: httpx.AsyncClient, session: Session) -> None:
    first, second = build_run(session, pr_event(session))
    body = (await client.get(f"/api/v1/runs/{first.id}")).json()
    assert body == {
        "id": first.id,
        "srpm_build_id": first.srpm_build_id,
        "copr_build_group_id": first.copr_build_group_id,
        "koji_build_group_id": None,
        "test_run_group_id": first.test_run_group_id,
        "bodhi_update_group_id": None,
        "trigger": body["trigger"],
    }
    assert body["trigger"]["type"] == "pull_request"
    assert body["trigger"]["pr_id"] == 42
    other = (await client.get(f"/api/v1/runs/{second.id}")).json()
    assert (other["koji_build_group_id"], other["copr_build_group_id"]) == (
        second.koji_build_group_id,
        None,
    )


async def test_the_legacy_list_can_be_rebuilt_from_v1(
    seeded_client: httpx.AsyncClient, seeded_legacy_client: LegacyClient
) -> None:
    v1: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 100}
    while True:
        body = (await seeded_client.get("/api/v1/runs", params=params)).json()
        v1 += body["items"]
        if body["next_cursor"] is None:
            break
        params["cursor"] = body["next_cursor"]
    legacy: list[dict[str, Any]] = []
    for page in range(1, len(v1) // 50 + 2):
        legacy += seeded_legacy_client.get(f"runs?per_page=50&page={page}").get_json()
    assert [legacy_merged_run(item) for item in v1] == legacy
