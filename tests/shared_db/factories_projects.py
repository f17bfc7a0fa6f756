"""Factories for the projects routes: triggers (branches, releases, issues) and the
Koji builds, SRPM builds and test runs an event causes. Each adds its rows and flushes."""

from __future__ import annotations

from sqlalchemy.orm import Session

from shared_db.models import (
    GitProject,
    ProjectIssue,
    ProjectRelease,
)
from tests.shared_db.factories import make_branch_event as make_branch_event
from tests.shared_db.factories import make_pr_event, make_project


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


def busy_project(session: Session, *, issue: bool = True, **name: str) -> GitProject:
    """A project with 2 PRs, 1 branch, 3 releases and (unless ``issue=False``) issue 7."""
    project = make_project(session, **name)
    make_pr_event(session, project, pr_id=1)
    make_pr_event(session, project, pr_id=2)
    make_branch_event(session, project)
    for number in range(3):
        make_release(session, project, tag=f"v{number}")
    if issue:
        make_issue(session, project, issue_id=7)
    return project
