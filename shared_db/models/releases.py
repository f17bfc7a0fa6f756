"""Downstream syncs of releases (propose downstream, pull from upstream) and Bodhi updates."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared_db.base import Base, utcnow
from shared_db.models.builds import EventOwned
from shared_db.models.enums import (
    BodhiUpdateStatus,
    SyncReleaseJobType,
    SyncReleaseStatus,
    SyncReleaseTargetStatus,
    enum_column,
)

if TYPE_CHECKING:
    from shared_db.models.pipelines import Pipeline
    from shared_db.models.projects import GitProject, ProjectEvent

sync_release_target_pull_requests = Table(
    "sync_release_target_pull_requests",
    Base.metadata,
    Column("sync_release_target_id", ForeignKey("sync_release_targets.id"), primary_key=True),
    Column(
        "sync_release_pull_request_id",
        ForeignKey("sync_release_pull_requests.id"),
        primary_key=True,
        index=True,
    ),
)


class SyncReleaseRun(EventOwned, Base):
    """A release synced to dist-git, across all its branches."""

    __tablename__ = "sync_release_runs"
    # The two legacy lists (propose-downstream, pull-from-upstream) page by id per job type.
    __table_args__ = (Index(None, "job_type", "id"),)

    status: Mapped[SyncReleaseStatus] = mapped_column(
        enum_column(SyncReleaseStatus, "sync_release_status")
    )
    job_type: Mapped[SyncReleaseJobType] = mapped_column(
        enum_column(SyncReleaseJobType, "sync_release_job_type")
    )

    project_event: Mapped[ProjectEvent] = relationship(lazy="raise")
    targets: Mapped[list[SyncReleaseTarget]] = relationship(
        back_populates="sync_release_run", lazy="raise"
    )
    pipelines: Mapped[list[Pipeline]] = relationship(
        back_populates="sync_release_run", lazy="raise"
    )


class SyncReleaseTarget(Base):
    """One dist-git branch of a sync."""

    __tablename__ = "sync_release_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    sync_release_run_id: Mapped[int] = mapped_column(ForeignKey("sync_release_runs.id"), index=True)
    branch: Mapped[str] = mapped_column(String(128))
    status: Mapped[SyncReleaseTargetStatus] = mapped_column(
        enum_column(SyncReleaseTargetStatus, "sync_release_target_status")
    )
    submitted_time: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    start_time: Mapped[datetime | None]
    finished_time: Mapped[datetime | None]
    logs: Mapped[str | None] = mapped_column(Text)

    sync_release_run: Mapped[SyncReleaseRun] = relationship(back_populates="targets", lazy="raise")
    pull_requests: Mapped[list[SyncReleasePullRequest]] = relationship(
        secondary=sync_release_target_pull_requests, lazy="raise"
    )


class SyncReleasePullRequest(Base):
    """A pull request opened in the downstream (dist-git) project."""

    __tablename__ = "sync_release_pull_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    pr_id: Mapped[int]
    target_branch: Mapped[str] = mapped_column(String(128))
    is_fast_forward: Mapped[bool] = mapped_column(default=False)
    url: Mapped[str | None] = mapped_column(String(512))
    project_id: Mapped[int] = mapped_column(ForeignKey("git_projects.id"), index=True)

    project: Mapped[GitProject] = relationship(lazy="raise")


class BodhiUpdateGroup(EventOwned, Base):
    __tablename__ = "bodhi_update_groups"

    project_event: Mapped[ProjectEvent] = relationship(lazy="raise")
    targets: Mapped[list[BodhiUpdateTarget]] = relationship(back_populates="group", lazy="raise")
    pipelines: Mapped[list[Pipeline]] = relationship(
        back_populates="bodhi_update_group", lazy="raise"
    )


class BodhiUpdateTarget(Base):
    __tablename__ = "bodhi_update_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("bodhi_update_groups.id"), index=True)
    status: Mapped[BodhiUpdateStatus] = mapped_column(
        enum_column(BodhiUpdateStatus, "bodhi_update_status"), index=True
    )
    target: Mapped[str] = mapped_column(String(128))  # dist-git branch
    web_url: Mapped[str | None] = mapped_column(String(512))
    koji_nvrs: Mapped[str | None] = mapped_column(String(1024))
    sidetag: Mapped[str | None] = mapped_column(String(255))
    alias: Mapped[str | None] = mapped_column(String(64))
    submitted_time: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    update_creation_time: Mapped[datetime | None]
    error_message: Mapped[str | None] = mapped_column(Text)

    group: Mapped[BodhiUpdateGroup] = relationship(back_populates="targets", lazy="raise")
