"""Plain factory functions for tests: each adds one related row and flushes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from shared_db.models import (
    AnityaProject,
    AnityaVersion,
    BuildStatus,
    CoprBuildGroup,
    CoprBuildTarget,
    GitBranch,
    GitProject,
    Pipeline,
    ProjectEvent,
    ProjectEventType,
    PullRequest,
    SRPMBuild,
)


def make_project(
    session: Session, *, forge: str = "github.com", namespace: str = "packit", repo: str = "ogr"
) -> GitProject:
    project = GitProject(
        instance_url=forge,
        namespace=namespace,
        repo_name=repo,
        project_url=f"https://{forge}/{namespace}/{repo}",
    )
    session.add(project)
    session.flush()
    return project


def make_pr_event(
    session: Session, project: GitProject, *, pr_id: int = 1, pull_request_id: int | None = None
) -> ProjectEvent:
    """An event on a new PR ``pr_id`` of ``project``, or on the PR row ``pull_request_id``."""
    if pull_request_id is None:
        pull_request = PullRequest(pr_id=pr_id, project_id=project.id)
        session.add(pull_request)
        session.flush()
        pull_request_id = pull_request.id
    event = ProjectEvent(
        type=ProjectEventType.pull_request,
        project_id=project.id,
        pull_request_id=pull_request_id,
        commit_sha="a" * 40,
    )
    session.add(event)
    session.flush()
    return event


def make_copr_build(
    session: Session,
    event: ProjectEvent,
    *,
    status: BuildStatus = BuildStatus.success,
    chroot: str = "fedora-rawhide-x86_64",
    submitted: datetime | None = None,
) -> CoprBuildTarget:
    group = CoprBuildGroup(project_event_id=event.id)
    session.add(group)
    session.flush()
    build = CoprBuildTarget(
        group_id=group.id,
        build_id="1234567",
        project_name="packit-ogr-1",
        owner="packit",
        target=chroot,
        status=status,
        submitted_time=submitted or datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
    )
    session.add(build)
    session.flush()
    return build


def make_srpm_build(
    session: Session,
    event: ProjectEvent,
    *,
    status: BuildStatus = BuildStatus.success,
    submitted: datetime | None = None,
    detailed: bool = False,
) -> SRPMBuild:
    """An SRPM build of ``event``, submitted at ``submitted`` (now when not given);
    ``detailed`` adds a start time, logs, the SRPM's URL and the Copr build that made it."""
    build = SRPMBuild(project_event_id=event.id, status=status)
    if submitted is not None:
        build.submitted_time = submitted
    if detailed:
        build.build_start_time = datetime(2026, 3, 1, 12, 1, tzinfo=UTC)
        build.logs = "Wrote SRPM\n"
        build.logs_url = "https://logs.example.org/srpm/1/builder-live.log"
        build.url = "https://download.example.org/srpm/1/ogr.src.rpm"
        build.copr_build_id = "7000001"
        build.copr_web_url = "https://copr.fedorainfracloud.org/coprs/build/7000001/"
    session.add(build)
    session.flush()
    return build


def make_branch_event(
    session: Session, project: GitProject, *, branch: str = "main"
) -> ProjectEvent:
    git_branch = GitBranch(name=branch, project_id=project.id)
    session.add(git_branch)
    session.flush()
    event = ProjectEvent(
        type=ProjectEventType.branch_push,
        project_id=project.id,
        branch_id=git_branch.id,
        commit_sha="b" * 40,
    )
    session.add(event)
    session.flush()
    return event


def make_anitya_event(
    session: Session,
    *,
    project_id: int = 7205,
    name: str = "ogr",
    package: str = "python-ogr",
    version: str = "0.50",
) -> ProjectEvent:
    """A new upstream version of a project watched on release-monitoring."""
    anitya = AnityaProject(project_id=project_id, project_name=name, package=package)
    session.add(anitya)
    session.flush()
    anitya_version = AnityaVersion(version=version, anitya_project_id=anitya.id)
    session.add(anitya_version)
    session.flush()
    event = ProjectEvent(
        type=ProjectEventType.anitya_version,
        anitya_project_id=anitya.id,
        anitya_version_id=anitya_version.id,
    )
    session.add(event)
    session.flush()
    return event


def make_pipeline(
    session: Session, event: ProjectEvent, *, created: datetime | None = None, **groups: int | None
) -> Pipeline:
    """A run of ``event`` created at ``created`` (now when not given), tied to the jobs given
    as ``<kind>_group_id=…`` (or ``srpm_build_id=…``, ``sync_release_run_id=…``,
    ``vm_image_build_id=…``)."""
    run = Pipeline(project_event_id=event.id, **groups)
    if created is not None:
        run.created_at = created
    session.add(run)
    session.flush()
    return run
