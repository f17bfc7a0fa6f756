"""Upstream projects and the events on them that trigger work."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from shared_db.base import Base, utcnow
from shared_db.models.enums import ProjectEventType, enum_column

if TYPE_CHECKING:
    from shared_db.models.pipelines import Pipeline


class GitProject(Base):
    """A repository on a forge instance (``github.com``, ``gitlab.com``, a Pagure …)."""

    __tablename__ = "git_projects"
    __table_args__ = (
        UniqueConstraint("instance_url", "namespace", "repo_name"),
        # The legacy lists' order: a deep page walks it instead of sorting every project.
        Index(None, "namespace", "repo_name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The forge's host name, as the legacy routes take it: /projects/<forge>/...
    instance_url: Mapped[str] = mapped_column(String(255))
    namespace: Mapped[str] = mapped_column(String(255))
    repo_name: Mapped[str] = mapped_column(String(255))
    project_url: Mapped[str] = mapped_column(String(512))

    pull_requests: Mapped[list[PullRequest]] = relationship(back_populates="project", lazy="raise")
    branches: Mapped[list[GitBranch]] = relationship(back_populates="project", lazy="raise")
    releases: Mapped[list[ProjectRelease]] = relationship(back_populates="project", lazy="raise")
    issues: Mapped[list[ProjectIssue]] = relationship(back_populates="project", lazy="raise")


class AnityaProject(Base):
    """A project watched on release-monitoring instead of a git forge."""

    __tablename__ = "anitya_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(unique=True)
    project_name: Mapped[str] = mapped_column(String(255))
    package: Mapped[str] = mapped_column(String(255))

    versions: Mapped[list[AnityaVersion]] = relationship(back_populates="project", lazy="raise")


class PullRequest(Base):
    __tablename__ = "pull_requests"
    __table_args__ = (UniqueConstraint("project_id", "pr_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pr_id: Mapped[int]
    project_id: Mapped[int] = mapped_column(ForeignKey("git_projects.id"))

    project: Mapped[GitProject] = relationship(back_populates="pull_requests", lazy="raise")


class GitBranch(Base):
    __tablename__ = "git_branches"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    project_id: Mapped[int] = mapped_column(ForeignKey("git_projects.id"))

    project: Mapped[GitProject] = relationship(back_populates="branches", lazy="raise")


class ProjectRelease(Base):
    __tablename__ = "project_releases"
    __table_args__ = (UniqueConstraint("project_id", "tag_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tag_name: Mapped[str] = mapped_column(String(255))
    commit_hash: Mapped[str | None] = mapped_column(String(64))
    project_id: Mapped[int] = mapped_column(ForeignKey("git_projects.id"))

    project: Mapped[GitProject] = relationship(back_populates="releases", lazy="raise")


class ProjectIssue(Base):
    __tablename__ = "project_issues"
    __table_args__ = (UniqueConstraint("project_id", "issue_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int]
    project_id: Mapped[int] = mapped_column(ForeignKey("git_projects.id"))

    project: Mapped[GitProject] = relationship(back_populates="issues", lazy="raise")


class AnityaVersion(Base):
    __tablename__ = "anitya_versions"
    __table_args__ = (UniqueConstraint("anitya_project_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(128))
    anitya_project_id: Mapped[int] = mapped_column(ForeignKey("anitya_projects.id"))

    project: Mapped[AnityaProject] = relationship(back_populates="versions", lazy="raise")


class ProjectEvent(Base):
    """One upstream event (a PR update, a push, a release, an issue comment, a new version).

    Exactly one trigger reference is set, the one matching ``type``. The owning project is
    kept on the event too (``project_id`` for git, ``anitya_project_id`` for
    release-monitoring), so that every list page reaches its project in one join; the
    trigger row always belongs to that same project.
    """

    __tablename__ = "project_events"
    __table_args__ = (
        CheckConstraint("(project_id IS NULL) <> (anitya_project_id IS NULL)", name="one_project"),
        CheckConstraint(
            "(type = 'pull_request') = (pull_request_id IS NOT NULL)"
            " AND (type = 'branch_push') = (branch_id IS NOT NULL)"
            " AND (type = 'release') = (release_id IS NOT NULL)"
            " AND (type = 'issue') = (issue_id IS NOT NULL)"
            " AND (type = 'anitya_version') = (anitya_version_id IS NOT NULL)",
            name="trigger_matches_type",
        ),
        Index(None, "type", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[ProjectEventType] = mapped_column(
        enum_column(ProjectEventType, "project_event_type")
    )
    commit_sha: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project_id: Mapped[int | None] = mapped_column(ForeignKey("git_projects.id"), index=True)
    anitya_project_id: Mapped[int | None] = mapped_column(
        ForeignKey("anitya_projects.id"), index=True
    )
    pull_request_id: Mapped[int | None] = mapped_column(ForeignKey("pull_requests.id"), index=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("git_branches.id"), index=True)
    release_id: Mapped[int | None] = mapped_column(ForeignKey("project_releases.id"), index=True)
    issue_id: Mapped[int | None] = mapped_column(ForeignKey("project_issues.id"), index=True)
    anitya_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("anitya_versions.id"), index=True
    )

    # The trigger's own value (PR number, branch name, …) as a correlated scalar subquery,
    # read in the event's own SELECT when undeferred: PostgreSQL plans five subqueries in
    # a fraction of the time it spends ordering five more outer joins (measured: ~3 ms
    # against ~100 ms of planning for a list page), and the statement count stays the same.
    trigger_pr_id: Mapped[int | None] = column_property(
        select(PullRequest.pr_id).where(PullRequest.id == pull_request_id).scalar_subquery(),
        deferred=True,
        raiseload=True,
    )
    trigger_issue_id: Mapped[int | None] = column_property(
        select(ProjectIssue.issue_id).where(ProjectIssue.id == issue_id).scalar_subquery(),
        deferred=True,
        raiseload=True,
    )
    trigger_branch_name: Mapped[str | None] = column_property(
        select(GitBranch.name).where(GitBranch.id == branch_id).scalar_subquery(),
        deferred=True,
        raiseload=True,
    )
    trigger_release_tag: Mapped[str | None] = column_property(
        select(ProjectRelease.tag_name).where(ProjectRelease.id == release_id).scalar_subquery(),
        deferred=True,
        raiseload=True,
    )
    trigger_anitya_version: Mapped[str | None] = column_property(
        select(AnityaVersion.version)
        .where(AnityaVersion.id == anitya_version_id)
        .scalar_subquery(),
        deferred=True,
        raiseload=True,
    )

    project: Mapped[GitProject | None] = relationship(lazy="raise")
    anitya_project: Mapped[AnityaProject | None] = relationship(lazy="raise")
    pull_request: Mapped[PullRequest | None] = relationship(lazy="raise")
    branch: Mapped[GitBranch | None] = relationship(lazy="raise")
    release: Mapped[ProjectRelease | None] = relationship(lazy="raise")
    issue: Mapped[ProjectIssue | None] = relationship(lazy="raise")
    anitya_version: Mapped[AnityaVersion | None] = relationship(lazy="raise")
    pipelines: Mapped[list[Pipeline]] = relationship(back_populates="project_event", lazy="raise")
