"""Factories for the usage tests: events, pipelines and downstream (onboarding) data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared_db.models import (
    BodhiUpdateGroup,
    BodhiUpdateStatus,
    BodhiUpdateTarget,
    CoprBuildGroup,
    GitBranch,
    GitProject,
    KojiBuildGroup,
    KojiBuildState,
    KojiBuildTarget,
    Pipeline,
    ProjectEvent,
    ProjectEventType,
    PullRequest,
    SyncReleaseJobType,
    SyncReleasePullRequest,
    SyncReleaseRun,
    SyncReleaseStatus,
    SyncReleaseTarget,
    SyncReleaseTargetStatus,
)
from tests.shared_db.factories import make_project


def pr_event(session: Session, project: GitProject, pr_id: int) -> ProjectEvent:
    """An event on PR ``pr_id`` of ``project`` (the PR row is reused when it exists)."""
    pr = session.scalar(
        select(PullRequest).where(PullRequest.project_id == project.id, PullRequest.pr_id == pr_id)
    )
    if pr is None:
        pr = PullRequest(pr_id=pr_id, project_id=project.id)
        session.add(pr)
        session.flush()
    event = ProjectEvent(
        type=ProjectEventType.pull_request, project_id=project.id, pull_request_id=pr.id
    )
    session.add(event)
    session.flush()
    return event


def push_event(session: Session, project: GitProject, branch: str = "main") -> ProjectEvent:
    row = GitBranch(name=branch, project_id=project.id)
    session.add(row)
    session.flush()
    event = ProjectEvent(type=ProjectEventType.branch_push, project_id=project.id, branch_id=row.id)
    session.add(event)
    session.flush()
    return event


def copr_group(session: Session, event: ProjectEvent) -> CoprBuildGroup:
    group = CoprBuildGroup(project_event_id=event.id)
    session.add(group)
    session.flush()
    return group


def run(
    session: Session, event: ProjectEvent, at: datetime, group: CoprBuildGroup | None = None
) -> Pipeline:
    """A pipeline of ``event`` at ``at``, with a Copr build group (a new one by default)."""
    pipeline = Pipeline(
        project_event_id=event.id,
        created_at=at,
        copr_build_group_id=(group or copr_group(session, event)).id,
    )
    session.add(pipeline)
    session.flush()
    return pipeline


def downstream(
    session: Session, name: str, *, bodhi: bool = False, koji: bool | None = None
) -> GitProject:
    """A dist-git project with, optionally, a successful Bodhi update and a successful
    Koji build (``koji=True`` scratch, ``False`` a real one)."""
    project = make_project(session, forge="src.fedoraproject.org", namespace="rpms", repo=name)
    event = push_event(session, project, "rawhide")
    if bodhi:
        group = BodhiUpdateGroup(project_event_id=event.id)
        session.add(group)
        session.flush()
        status = BodhiUpdateStatus.success
        session.add(BodhiUpdateTarget(group_id=group.id, status=status, target="f41"))
    if koji is not None:
        koji_group = KojiBuildGroup(project_event_id=event.id)
        session.add(koji_group)
        session.flush()
        state = KojiBuildState.success
        session.add(
            KojiBuildTarget(group_id=koji_group.id, scratch=koji, target="f41", status=state)
        )
    session.flush()
    return project


def downstream_pr(session: Session, project: GitProject, status: SyncReleaseTargetStatus) -> None:
    upstream = make_project(session, repo=f"upstream-{project.repo_name}-{status.value}")
    sync = SyncReleaseRun(
        project_event_id=push_event(session, upstream).id,
        status=SyncReleaseStatus.finished,
        job_type=SyncReleaseJobType.propose_downstream,
    )
    session.add(sync)
    session.flush()
    target = SyncReleaseTarget(sync_release_run_id=sync.id, branch="rawhide", status=status)
    pr = SyncReleasePullRequest(pr_id=5, target_branch="rawhide", project_id=project.id)
    target.pull_requests.append(pr)
    session.add(target)
    session.flush()
