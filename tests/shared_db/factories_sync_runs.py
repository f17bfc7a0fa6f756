"""Factories for release syncs and runs (pipelines) with every kind of job they tie."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from shared_db.models import (
    AnityaProject,
    AnityaVersion,
    BodhiUpdateGroup,
    BodhiUpdateStatus,
    BodhiUpdateTarget,
    BuildStatus,
    CoprBuildGroup,
    CoprBuildTarget,
    GitProject,
    KojiBuildGroup,
    KojiBuildState,
    KojiBuildTarget,
    Pipeline,
    ProjectEvent,
    ProjectEventType,
    ProjectRelease,
    SRPMBuild,
    SyncReleaseJobType,
    SyncReleasePullRequest,
    SyncReleaseRun,
    SyncReleaseStatus,
    SyncReleaseTarget,
    SyncReleaseTargetStatus,
    TestingFarmResult,
    TFTTestRunGroup,
    TFTTestRunTarget,
    VMImageBuildStatus,
    VMImageBuildTarget,
    sync_release_target_pull_requests,
)

SUBMITTED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    """``minutes`` after :data:`SUBMITTED`."""
    return SUBMITTED + timedelta(minutes=minutes)


def make_release_event(
    session: Session, project: GitProject, *, tag: str = "1.0.0"
) -> ProjectEvent:
    release = ProjectRelease(tag_name=tag, commit_hash="c" * 40, project_id=project.id)
    session.add(release)
    session.flush()
    event = ProjectEvent(
        type=ProjectEventType.release,
        project_id=project.id,
        release_id=release.id,
        commit_sha="c" * 40,
    )
    session.add(event)
    session.flush()
    return event


def make_version_event(
    session: Session, *, project_id: int = 7878, version: str = "2.0.1"
) -> ProjectEvent:
    project = AnityaProject(project_id=project_id, project_name="specfile", package="specfile")
    session.add(project)
    session.flush()
    anitya_version = AnityaVersion(version=version, anitya_project_id=project.id)
    session.add(anitya_version)
    session.flush()
    event = ProjectEvent(
        type=ProjectEventType.anitya_version,
        anitya_project_id=project.id,
        anitya_version_id=anitya_version.id,
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


def make_srpm(
    session: Session,
    event: ProjectEvent,
    *,
    status: BuildStatus = BuildStatus.success,
    submitted: datetime = SUBMITTED,
) -> SRPMBuild:
    srpm = SRPMBuild(project_event_id=event.id, status=status, submitted_time=submitted)
    session.add(srpm)
    session.flush()
    return srpm


def make_copr_group(
    session: Session, event: ProjectEvent, chroots: dict[str, BuildStatus]
) -> CoprBuildGroup:
    group = CoprBuildGroup(project_event_id=event.id, submitted_time=SUBMITTED)
    session.add(group)
    session.flush()
    for chroot, status in chroots.items():
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


def make_koji_group(
    session: Session, event: ProjectEvent, branches: dict[str, KojiBuildState]
) -> KojiBuildGroup:
    group = KojiBuildGroup(project_event_id=event.id, submitted_time=SUBMITTED)
    session.add(group)
    session.flush()
    for branch, status in branches.items():
        session.add(
            KojiBuildTarget(
                group_id=group.id, scratch=True, target=branch, status=status, submitted_time=at(5)
            )
        )
        session.flush()
    return group


def make_test_group(
    session: Session, event: ProjectEvent, chroots: dict[str, TestingFarmResult]
) -> TFTTestRunGroup:
    group = TFTTestRunGroup(project_event_id=event.id, submitted_time=SUBMITTED)
    session.add(group)
    session.flush()
    for chroot, status in chroots.items():
        session.add(
            TFTTestRunTarget(group_id=group.id, target=chroot, status=status, submitted_time=at(7))
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


def make_pipeline(
    session: Session,
    event: ProjectEvent,
    *,
    created: datetime = SUBMITTED,
    srpm: SRPMBuild | None = None,
    copr: CoprBuildGroup | None = None,
    koji: KojiBuildGroup | None = None,
    tests: TFTTestRunGroup | None = None,
    bodhi: BodhiUpdateGroup | None = None,
    sync: SyncReleaseRun | None = None,
    vm_image: VMImageBuildTarget | None = None,
) -> Pipeline:
    pipeline = Pipeline(
        project_event_id=event.id,
        created_at=created,
        srpm_build_id=srpm.id if srpm else None,
        copr_build_group_id=copr.id if copr else None,
        koji_build_group_id=koji.id if koji else None,
        test_run_group_id=tests.id if tests else None,
        bodhi_update_group_id=bodhi.id if bodhi else None,
        sync_release_run_id=sync.id if sync else None,
        vm_image_build_id=vm_image.id if vm_image else None,
    )
    session.add(pipeline)
    session.flush()
    return pipeline
