"""Factories for the projects routes: triggers (branches, releases, issues) and the
Koji builds, SRPM builds and test runs an event causes. Each adds its rows and flushes."""

from __future__ import annotations

from sqlalchemy.orm import Session

from shared_db.models import (
    BuildStatus,
    GitProject,
    KojiBuildGroup,
    KojiBuildState,
    KojiBuildTarget,
    ProjectEvent,
    ProjectIssue,
    ProjectRelease,
    SRPMBuild,
    TestingFarmResult,
    TFTTestRunGroup,
    TFTTestRunTarget,
)
from tests.shared_db.factories import make_branch_event as make_branch_event


def make_release(
    session: Session, project: GitProject, *, tag: str = "v1.0.0", commit: str | None = None
) -> ProjectRelease:
    release = ProjectRelease(tag_name=tag, commit_hash=commit, project_id=project.id)
    session.add(release)
    session.flush()
    return release


def make_issue(session: Session, project: GitProject, *, issue_id: int = 1) -> ProjectIssue:
    issue = ProjectIssue(issue_id=issue_id, project_id=project.id)
    session.add(issue)
    session.flush()
    return issue


def make_koji_build(
    session: Session,
    event: ProjectEvent,
    *,
    task_id: str = "123456",
    chroot: str = "rawhide",
    status: KojiBuildState = KojiBuildState.success,
) -> KojiBuildTarget:
    group = KojiBuildGroup(project_event_id=event.id)
    session.add(group)
    session.flush()
    build = KojiBuildTarget(
        group_id=group.id,
        task_id=task_id,
        scratch=True,
        target=chroot,
        status=status,
        web_url=f"https://koji.example.org/taskinfo?taskID={task_id}",
    )
    session.add(build)
    session.flush()
    return build


def make_srpm_build(
    session: Session, event: ProjectEvent, *, status: BuildStatus = BuildStatus.success
) -> SRPMBuild:
    build = SRPMBuild(project_event_id=event.id, status=status)
    session.add(build)
    session.flush()
    return build


def make_test_run(
    session: Session,
    event: ProjectEvent,
    *,
    pipeline_id: str = "tf-1",
    chroot: str = "fedora-rawhide-x86_64",
    status: TestingFarmResult = TestingFarmResult.passed,
) -> TFTTestRunTarget:
    group = TFTTestRunGroup(project_event_id=event.id)
    session.add(group)
    session.flush()
    run = TFTTestRunTarget(
        group_id=group.id,
        pipeline_id=pipeline_id,
        target=chroot,
        status=status,
        web_url=f"https://artifacts.example.org/{pipeline_id}",
    )
    session.add(run)
    session.flush()
    return run
