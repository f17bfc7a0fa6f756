"""propose-downstream and pull-from-upstream (legacy views): one builder, two job types,
answered as Flask answers them."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from gateway.settings import Settings
from shared_db.engine import Database
from shared_db.models import (
    SyncReleaseJobType,
    SyncReleaseStatus,
    SyncReleaseTarget,
    SyncReleaseTargetStatus,
)
from tests.api_v1.legacy.side_by_side import SideBySide, json_of
from tests.shared_db.factories import make_anitya_event, make_project
from tests.shared_db.factories_sync_runs import (
    BRANCHES,
    at,
    make_downstream_pr,
    make_sync_release,
    syncs,
    targets_of,
)

PATHS = {
    SyncReleaseJobType.propose_downstream: "/propose-downstream",
    SyncReleaseJobType.pull_from_upstream: "/pull-from-upstream",
}
both_types = pytest.mark.parametrize("job_type", list(SyncReleaseJobType), ids=str)

pytestmark = pytest.mark.flask  # compares the stacks: both must be there


@pytest.fixture
def both(connection: Connection, database: Database, settings: Settings) -> SideBySide:
    return SideBySide(connection, database, settings)


def other_than(job_type: SyncReleaseJobType) -> SyncReleaseJobType:
    return next(t for t in SyncReleaseJobType if t is not job_type)


@both_types
@pytest.mark.parametrize(
    "query", ["", "?per_page=2", "?page=2&per_page=2", "?page=3&per_page=2", "?page=-1"]
)
async def test_list_of_one_job_type_newest_first(
    both: SideBySide, session: Session, job_type: SyncReleaseJobType, query: str
) -> None:
    syncs(session, job_type, 5)
    event = make_anitya_event(
        session, project_id=7878, name="specfile", package="specfile", version="2.0.1"
    )
    make_sync_release(session, event, other_than(job_type), BRANCHES)

    assert (await both.same(f"{PATHS[job_type]}{query}")).status == 206


@both_types
async def test_a_release_monitoring_upstream_without_branches(
    both: SideBySide, session: Session, job_type: SyncReleaseJobType
) -> None:
    event = make_anitya_event(
        session, project_id=7878, name="specfile", package="specfile", version="2.0.1"
    )
    make_sync_release(session, event, job_type, {}, status=SyncReleaseStatus.running)

    (item,) = json_of(await both.same(PATHS[job_type]))

    assert item["non_git_upstream"] is True


@both_types
async def test_one_branch_twice_in_a_sync_is_keyed_by_its_newest_target(
    both: SideBySide, session: Session, job_type: SyncReleaseJobType
) -> None:
    (run,) = syncs(session, job_type, 1)
    again = SyncReleaseTarget(
        sync_release_run_id=run.id,
        branch="rawhide",
        status=SyncReleaseTargetStatus.queued,
        submitted_time=at(3),
    )
    session.add(again)
    session.flush()

    (item,) = json_of(await both.same(PATHS[job_type]))

    assert item["packit_id_per_downstream_pr"]["rawhide"] == again.id


@both_types
async def test_target_with_and_without_downstream_prs(
    both: SideBySide, session: Session, job_type: SyncReleaseJobType
) -> None:
    (run,) = syncs(session, job_type, 1)
    rawhide, f41 = targets_of(session, run)
    rawhide.start_time, rawhide.finished_time, rawhide.logs = at(1), at(2), "synced"
    dist_git = make_project(session, forge="src.fedoraproject.org", namespace="rpms", repo="ogr")
    make_downstream_pr(session, rawhide, dist_git, pr_id=11, fast_forward=True)
    make_downstream_pr(session, rawhide, dist_git, pr_id=12)
    session.flush()

    with_prs = json_of(await both.same(f"{PATHS[job_type]}/{rawhide.id}"))
    without = json_of(await both.same(f"{PATHS[job_type]}/{f41.id}"))

    assert [pr["pr_id"] for pr in with_prs["downstream_prs"]] == [11, 12]
    assert without["downstream_pr_project"] is None


@both_types
async def test_a_target_of_the_other_job_type_or_none_is_unknown(
    both: SideBySide, session: Session, job_type: SyncReleaseJobType
) -> None:
    (run,) = syncs(session, other_than(job_type), 1)
    target, _ = targets_of(session, run)

    for unknown in (str(target.id), "987654", "0", "abc"):
        answer = await both.same(f"{PATHS[job_type]}/{unknown}")
        assert answer.status == 404
