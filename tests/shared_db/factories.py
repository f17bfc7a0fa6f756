"""Plain factory functions for tests: each adds one related row and flushes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from shared_db.models import (
    BuildStatus,
    CoprBuildGroup,
    CoprBuildTarget,
    GitProject,
    ProjectEvent,
    ProjectEventType,
    PullRequest,
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


def make_pr_event(session: Session, project: GitProject, *, pr_id: int = 1) -> ProjectEvent:
    pull_request = PullRequest(pr_id=pr_id, project_id=project.id)
    session.add(pull_request)
    session.flush()
    event = ProjectEvent(
        type=ProjectEventType.pull_request,
        project_id=project.id,
        pull_request_id=pull_request.id,
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
