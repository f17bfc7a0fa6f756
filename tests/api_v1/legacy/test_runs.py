"""runs (legacy view): what the legacy route tests pin, answered as Flask answers it."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from gateway.settings import Settings
from shared_db.engine import Database
from shared_db.models import (
    BodhiUpdateStatus,
    ProjectEvent,
    SyncReleaseJobType,
    SyncReleaseTargetStatus,
)
from tests.api_v1.legacy.side_by_side import SideBySide, json_of
from tests.shared_db.factories import make_anitya_event, make_pipeline, make_pr_event, make_project
from tests.shared_db.factories_sync_runs import (
    SUBMITTED,
    at,
    build_run,
    make_bodhi_group,
    make_sync_release,
    make_vm_image,
)

pytestmark = pytest.mark.flask  # compares the stacks: both must be there


@pytest.fixture
def both(connection: Connection, database: Database, settings: Settings) -> SideBySide:
    return SideBySide(connection, database, settings)


def pr_event(session: Session) -> ProjectEvent:
    return make_pr_event(session, make_project(session), pr_id=42)


async def test_the_runs_of_one_srpm_build_are_one_merged_run(
    both: SideBySide, session: Session
) -> None:
    first, second = build_run(session, pr_event(session))

    (item,) = json_of(await both.same("/runs"))
    merged = await both.same(f"/runs/merged/{second.id}")

    assert item["merged_run_id"] == first.id
    assert json_of(merged) == item


async def test_runs_without_srpm_build_and_release_syncs(
    both: SideBySide, session: Session
) -> None:
    event = pr_event(session)
    bodhi = make_bodhi_group(session, event, {"f41": BodhiUpdateStatus.error})
    make_pipeline(session, event, bodhi_update_group_id=bodhi.id, created=SUBMITTED)
    vm = make_vm_image(session, event, submitted=at(3))
    make_pipeline(session, event, vm_image_build_id=vm.id, created=SUBMITTED)
    make_pipeline(session, event, created=at(30))
    anitya = make_anitya_event(
        session, project_id=7878, name="specfile", package="specfile", version="2.0.1"
    )
    for job_type in SyncReleaseJobType:
        branches = {"rawhide": SyncReleaseTargetStatus.running}
        sync = make_sync_release(session, anitya, job_type, branches, submitted=at(4))
        make_pipeline(session, anitya, sync_release_run_id=sync.id, created=SUBMITTED)

    answer = await both.same("/runs")

    assert len(json_of(answer)) == 5


@pytest.mark.parametrize(
    "query", ["page=2&per_page=2", "page=3&per_page=2", "page=4&per_page=2", "page=0"]
)
async def test_pages(both: SideBySide, session: Session, query: str) -> None:
    event = pr_event(session)
    for _ in range(3):
        build_run(session, event)
        make_pipeline(session, event, created=SUBMITTED)

    assert (await both.same(f"/runs?{query}")).status == 206


@pytest.mark.parametrize("query", ["per_page=3", "page=one", "per_page=", "page=2.5"])
async def test_bad_pagination_is_restx_400(both: SideBySide, query: str) -> None:
    assert (await both.same(f"/runs?{query}")).status == 400


async def test_run_detail_of_each_run(both: SideBySide, session: Session) -> None:
    first, second = build_run(session, pr_event(session))

    for run in (first, second):
        assert json_of(await both.same(f"/runs/{run.id}"))["run_id"] == run.id


@pytest.mark.parametrize("route", ["runs", "runs/merged"])
@pytest.mark.parametrize("unknown", ["{next}", "0", "abc", "2147483648", "-1"])
async def test_unknown_runs(both: SideBySide, session: Session, route: str, unknown: str) -> None:
    run = make_pipeline(session, pr_event(session), created=SUBMITTED)

    answer = await both.same(f"/{route}/{unknown.format(next=run.id + 1)}")

    assert answer.status == 404
