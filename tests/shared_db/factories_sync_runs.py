"""Factories for release syncs and runs (pipelines) with every kind of job they tie."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from shared_db.models import (
    BodhiUpdateGroup,
    BodhiUpdateStatus,
    BodhiUpdateTarget,
    BuildStatus,
    CoprBuildGroup,
    CoprBuildTarget,
    GitProject,
    KojiBuildState,
    Pipeline,
    ProjectEvent,
    ProjectEventType,
    SyncReleaseJobType,
    SyncReleasePullRequest,
    SyncReleaseRun,
    SyncReleaseStatus,
    SyncReleaseTarget,
    SyncReleaseTargetStatus,
    TestingFarmResult,
    VMImageBuildStatus,
    VMImageBuildTarget,
    sync_release_target_pull_requests,
)
from tests.shared_db.factories import make_pipeline, make_project, make_srpm_build
from tests.shared_db.factories_koji import make_koji_build, make_koji_group
from tests.shared_db.factories_projects import make_release
from tests.shared_db.factories_testing_farm import make_test_run, make_test_run_group

SUBMITTED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
BRANCHES = {"rawhide": SyncReleaseTargetStatus.submitted, "f41": SyncReleaseTargetStatus.error}


def at(minutes: int) -> datetime:
    """``minutes`` after :data:`SUBMITTED`."""
    return SUBMITTED + timedelta(minutes=minutes)


def make_release_event(
    session: Session, project: GitProject, *, tag: str = "1.0.0"
) -> ProjectEvent:
    release = make_release(session, project, tag=tag, commit="c" * 40)
    event = ProjectEvent(
        type=ProjectEventType.release,
        project_id=project.id,
        release_id=release.id,
        commit_sha="c" * 40,
    )
    session.add(event)
    session.flush()
    return event


def make_sync_release(
    session: Session,
    event: ProjectEvent,
    job_type: SyncReleaseJobType,
    branches: dict[str, SyncReleaseTargetStatus],
    *,
    status: SyncReleaseStatus = SyncReleaseStatus.finished,
    submitted: datetime = SUBMITTED,
) -> SyncReleaseRun:
    """A sync of ``job_type`` with one target per branch (in the order given)."""
    run = SyncReleaseRun(
        project_event_id=event.id, job_type=job_type, status=status, submitted_time=submitted
    )
    session.add(run)
    session.flush()
    for branch, target_status in branches.items():
        session.add(
            SyncReleaseTarget(
                sync_release_run_id=run.id,
                branch=branch,
                status=target_status,
                submitted_time=submitted,
            )
        )
        session.flush()
    return run


def targets_of(session: Session, run: SyncReleaseRun) -> list[SyncReleaseTarget]:
    return list(
        session.scalars(
            select(SyncReleaseTarget)
            .where(SyncReleaseTarget.sync_release_run_id == run.id)
            .order_by(SyncReleaseTarget.id)
        )
    )


def syncs(session: Session, job_type: SyncReleaseJobType, count: int) -> list[SyncReleaseRun]:
    """``count`` syncs of a release of packit/ogr, oldest first."""
    event = make_release_event(session, make_project(session), tag="1.2.3")
    return [
        make_sync_release(session, event, job_type, BRANCHES, submitted=at(n)) for n in range(count)
    ]


def make_downstream_pr(
    session: Session,
    target: SyncReleaseTarget,
    project: GitProject,
    *,
    pr_id: int,
    fast_forward: bool = False,
) -> SyncReleasePullRequest:
    pull_request = SyncReleasePullRequest(
        pr_id=pr_id,
        target_branch=target.branch,
        is_fast_forward=fast_forward,
        url=f"{project.project_url}/pull-request/{pr_id}",
        project_id=project.id,
    )
    session.add(pull_request)
    session.flush()
    session.execute(
        insert(sync_release_target_pull_requests).values(
            sync_release_target_id=target.id, sync_release_pull_request_id=pull_request.id
        )
    )
    return pull_request


def make_copr_group(
    session: Session,
    event: ProjectEvent,
    chroots: dict[str, BuildStatus] | None = None,
    *,
    submitted: datetime | None = SUBMITTED,
) -> CoprBuildGroup:
    """A Copr build group of ``event`` (submitted now when ``submitted`` is None) with one
    build per chroot given."""
    group = CoprBuildGroup(project_event_id=event.id)
    if submitted is not None:
        group.submitted_time = submitted
    session.add(group)
    session.flush()
    for chroot, status in (chroots or {}).items():
        session.add(
            CoprBuildTarget(
                group_id=group.id,
                build_id=f"55{group.id}",
                project_name="packit-ogr",
                owner="packit",
                target=chroot,
                status=status,
                submitted_time=SUBMITTED,
            )
        )
        session.flush()
    return group


def make_bodhi_group(
    session: Session, event: ProjectEvent, branches: dict[str, BodhiUpdateStatus]
) -> BodhiUpdateGroup:
    group = BodhiUpdateGroup(project_event_id=event.id, submitted_time=SUBMITTED)
    session.add(group)
    session.flush()
    for branch, status in branches.items():
        session.add(
            BodhiUpdateTarget(group_id=group.id, target=branch, status=status, submitted_time=at(9))
        )
        session.flush()
    return group


def make_vm_image(
    session: Session, event: ProjectEvent, *, submitted: datetime = SUBMITTED
) -> VMImageBuildTarget:
    build = VMImageBuildTarget(
        project_event_id=event.id,
        project_name="packit-ogr",
        owner="packit",
        target="fedora-41-x86_64",
        status=VMImageBuildStatus.building,
        submitted_time=submitted,
    )
    session.add(build)
    session.flush()
    return build


def build_run(session: Session, event: ProjectEvent) -> tuple[Pipeline, Pipeline]:
    """An SRPM build, then Copr builds and tests in one run and Koji builds in another."""
    srpm = make_srpm_build(session, event, submitted=at(1))
    copr = make_copr_group(
        session,
        event,
        {
            "fedora-41-x86_64": BuildStatus.success,
            "fedora-42-x86_64": BuildStatus.failure,
            "epel-9-x86_64": BuildStatus.waiting_for_srpm,
        },
    )
    tests = make_test_run_group(session, event, submitted=SUBMITTED)
    make_test_run(
        session, tests, status=TestingFarmResult.passed, chroot="fedora-41-x86_64", submitted=at(7)
    )
    first = make_pipeline(
        session,
        event,
        srpm_build_id=srpm.id,
        copr_build_group_id=copr.id,
        test_run_group_id=tests.id,
        created=SUBMITTED,
    )
    koji = make_koji_group(session, event)
    make_koji_build(session, koji, status=KojiBuildState.running, target="rawhide", submitted=at(5))
    second = make_pipeline(
        session, event, srpm_build_id=srpm.id, koji_build_group_id=koji.id, created=SUBMITTED
    )
    return first, second
