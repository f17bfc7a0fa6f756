"""Factories for the usage tests: events, pipelines and downstream (onboarding) data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from shared_db.models import (
    BodhiUpdateGroup,
    BodhiUpdateStatus,
    BodhiUpdateTarget,
    CoprBuildGroup,
    GitProject,
    KojiBuildGroup,
    KojiBuildState,
    KojiBuildTarget,
    Pipeline,
    ProjectEvent,
    SyncReleaseJobType,
    SyncReleasePullRequest,
    SyncReleaseRun,
    SyncReleaseStatus,
    SyncReleaseTarget,
    SyncReleaseTargetStatus,
)
from tests.shared_db.factories import make_branch_event, make_pipeline, make_project
from tests.shared_db.factories_sync_runs import make_copr_group


def run(
    session: Session, event: ProjectEvent, at: datetime, group: CoprBuildGroup | None = None
) -> Pipeline:
    """A pipeline of ``event`` at ``at``, with a Copr build group (a new one by default)."""
    group = group or make_copr_group(session, event, submitted=None)
    return make_pipeline(session, event, created=at, copr_build_group_id=group.id)


def downstream(
    session: Session, name: str, *, bodhi: bool = False, koji: bool | None = None
) -> GitProject:
    """A dist-git project with, optionally, a successful Bodhi update and a successful
    Koji build (``koji=True`` scratch, ``False`` a real one)."""
    project = make_project(session, forge="src.fedoraproject.org", namespace="rpms", repo=name)
    event = make_branch_event(session, project, branch="rawhide")
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
        project_event_id=make_branch_event(session, upstream).id,
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
