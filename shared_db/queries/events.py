"""What triggered a piece of work: its event, the project and the PR/branch/release/….

Every route shows this, so every query gets it the same way, as a plain :class:`Trigger`
both stacks render (the legacy "project info" block, v1's nested objects):

- ORM queries add :func:`with_trigger` below their event relationship and read the loaded
  event with :func:`trigger_of`;
- Core queries (the fast v1 lists) select :data:`TRIGGER_COLUMNS` after
  :func:`join_trigger` and read each row with :func:`trigger_from_row`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, RowMapping
from sqlalchemy.orm import InstrumentedAttribute, joinedload, undefer
from sqlalchemy.orm.strategy_options import _AbstractLoad

from shared_db.models import AnityaProject, GitProject, ProjectEvent, ProjectEventType
from shared_db.queries.types import AnySelect

# The trigger's values, read with the event (see ProjectEvent.trigger_pr_id).
TRIGGER_VALUES = (
    ProjectEvent.trigger_pr_id,
    ProjectEvent.trigger_issue_id,
    ProjectEvent.trigger_branch_name,
    ProjectEvent.trigger_release_tag,
    ProjectEvent.trigger_anitya_version,
)

RELEASE_MONITORING_URL = "https://release-monitoring.org/project/{}"


@dataclass(frozen=True, slots=True)
class ProjectRef:
    """A git project, as work items show it."""

    instance_url: str  # the forge
    namespace: str
    repo_name: str
    project_url: str


@dataclass(frozen=True, slots=True)
class AnityaRef:
    """A release-monitoring project, as work items show it."""

    project_id: int
    project_name: str
    package: str

    @property
    def project_url(self) -> str:
        return RELEASE_MONITORING_URL.format(self.project_id)


@dataclass(frozen=True, slots=True)
class Trigger:
    """The event behind some work and the project it happened on."""

    event_id: int
    event_type: ProjectEventType
    commit_sha: str | None
    project: ProjectRef | None
    anitya_project: AnityaRef | None
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
            return self.anitya_project.project_url
        return None


def with_trigger(event_loader: _AbstractLoad) -> _AbstractLoad:
    """Eager-load, below a loader that reaches a ``ProjectEvent``, all a Trigger reads.

    Two LEFT JOINs (the git or release-monitoring project) and the trigger's values as
    scalar subqueries, in the same statement: a fixed cost per query.
    """
    return event_loader.options(
        joinedload(ProjectEvent.project),
        joinedload(ProjectEvent.anitya_project),
        *(undefer(value) for value in TRIGGER_VALUES),
    )


def trigger_of(event: ProjectEvent) -> Trigger:
    git, anitya = event.project, event.anitya_project
    return Trigger(
        event_id=event.id,
        event_type=event.type,
        commit_sha=event.commit_sha,
        project=(
            ProjectRef(git.instance_url, git.namespace, git.repo_name, git.project_url)
            if git
            else None
        ),
        anitya_project=(
            AnityaRef(anitya.project_id, anitya.project_name, anitya.package) if anitya else None
        ),
        pr_id=event.trigger_pr_id,
        issue_id=event.trigger_issue_id,
        branch_name=event.trigger_branch_name,
        release=event.trigger_release_tag,
        anitya_version=event.trigger_anitya_version,
    )


# Core: the columns a row needs to become a Trigger, prefixed to stay clear of the work
# item's own columns.
TRIGGER_COLUMNS: tuple[ColumnElement[Any], ...] = (
    ProjectEvent.id.label("ev_id"),
    ProjectEvent.type.label("ev_type"),
    ProjectEvent.commit_sha.label("ev_commit_sha"),
    GitProject.instance_url.label("ev_forge"),
    GitProject.namespace.label("ev_namespace"),
    GitProject.repo_name.label("ev_repo_name"),
    GitProject.project_url.label("ev_project_url"),
    AnityaProject.project_id.label("ev_anitya_project_id"),
    AnityaProject.project_name.label("ev_anitya_project_name"),
    AnityaProject.package.label("ev_anitya_package"),
    ProjectEvent.trigger_pr_id.label("ev_pr_id"),
    ProjectEvent.trigger_issue_id.label("ev_issue_id"),
    ProjectEvent.trigger_branch_name.label("ev_branch_name"),
    ProjectEvent.trigger_release_tag.label("ev_release"),
    ProjectEvent.trigger_anitya_version.label("ev_anitya_version"),
)


def join_trigger(
    statement: AnySelect, event_id: InstrumentedAttribute[int] | ColumnElement[int]
) -> AnySelect:
    """Join, from a column holding a project event id, everything TRIGGER_COLUMNS reads.

    The event is an inner join (all work has one); its git or release-monitoring project
    an outer join (one of the two is set); the trigger's values are scalar subqueries of
    the event (TRIGGER_VALUES), so they need no join.
    """
    return (
        statement.join(ProjectEvent, ProjectEvent.id == event_id)
        .outerjoin(GitProject, GitProject.id == ProjectEvent.project_id)
        .outerjoin(AnityaProject, AnityaProject.id == ProjectEvent.anitya_project_id)
    )


def trigger_from_row(r: RowMapping) -> Trigger:
    """A Trigger from a row that selected TRIGGER_COLUMNS, read through its mapping
    (``row._mapping``): a Row's attribute access costs a few times as much per column, and
    a list page reads fifteen columns per row."""
    return Trigger(
        event_id=r["ev_id"],
        event_type=r["ev_type"],
        commit_sha=r["ev_commit_sha"],
        project=(
            ProjectRef(r["ev_forge"], r["ev_namespace"], r["ev_repo_name"], r["ev_project_url"])
            if r["ev_forge"] is not None
            else None
        ),
        anitya_project=(
            AnityaRef(
                r["ev_anitya_project_id"], r["ev_anitya_project_name"], r["ev_anitya_package"]
            )
            if r["ev_anitya_project_id"] is not None
            else None
        ),
        pr_id=r["ev_pr_id"],
        issue_id=r["ev_issue_id"],
        branch_name=r["ev_branch_name"],
        release=r["ev_release"],
        anitya_version=r["ev_anitya_version"],
    )
