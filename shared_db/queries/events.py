"""What triggered a piece of work: its event, the project and the PR/branch/release/….

Every detail route shows this, so every query loads it the same way: :func:`with_trigger`
adds the eager loads below an event relationship, and :func:`trigger_of` reads the loaded
event into a plain :class:`Trigger` both stacks render (the legacy "project info" block,
v1's nested objects).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import joinedload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from shared_db.models import AnityaProject, GitProject, ProjectEvent, ProjectEventType

TRIGGER_RELATIONSHIPS = (
    ProjectEvent.project,
    ProjectEvent.anitya_project,
    ProjectEvent.pull_request,
    ProjectEvent.branch,
    ProjectEvent.release,
    ProjectEvent.issue,
    ProjectEvent.anitya_version,
)

RELEASE_MONITORING_URL = "https://release-monitoring.org/project/{}"


def with_trigger(event_loader: _AbstractLoad) -> _AbstractLoad:
    """Eager-load, below a loader that reaches a ``ProjectEvent``, all it points at.

    One LEFT JOIN per relationship, in the same statement: a fixed cost per query.
    """
    return event_loader.options(*(joinedload(rel) for rel in TRIGGER_RELATIONSHIPS))


@dataclass(frozen=True, slots=True)
class Trigger:
    """The event behind some work, read from a ``ProjectEvent`` loaded by :func:`with_trigger`."""

    event_type: ProjectEventType
    commit_sha: str | None
    project: GitProject | None
    anitya_project: AnityaProject | None
    pr_id: int | None
    issue_id: int | None
    branch_name: str | None
    release: str | None
    anitya_version: str | None

    @property
    def project_url(self) -> str | None:
        if self.project is not None:
            return self.project.project_url
        if self.anitya_project is not None:
            return RELEASE_MONITORING_URL.format(self.anitya_project.project_id)
        return None


def trigger_of(event: ProjectEvent) -> Trigger:
    return Trigger(
        event_type=event.type,
        commit_sha=event.commit_sha,
        project=event.project,
        anitya_project=event.anitya_project,
        pr_id=event.pull_request.pr_id if event.pull_request else None,
        issue_id=event.issue.issue_id if event.issue else None,
        branch_name=event.branch.name if event.branch else None,
        release=event.release.tag_name if event.release else None,
        anitya_version=event.anitya_version.version if event.anitya_version else None,
    )
