"""Pipelines ("runs"): what one event caused, tied together."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared_db.base import Base, utcnow
from shared_db.models.builds import (
    CoprBuildGroup,
    KojiBuildGroup,
    KojiTagRequestGroup,
    SRPMBuild,
    VMImageBuildTarget,
)
from shared_db.models.projects import ProjectEvent
from shared_db.models.releases import BodhiUpdateGroup, SyncReleaseRun
from shared_db.models.tests import LogDetectiveRunGroup, TFTTestRunGroup


class Pipeline(Base):
    """One run: an event, its SRPM build and the groups of jobs that followed.

    The runs that share one SRPM build form a "merged run" in the legacy API.
    """

    __tablename__ = "pipelines"
    __table_args__ = (Index(None, "merged_head", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    package_name: Mapped[str | None] = mapped_column(String(255))
    project_event_id: Mapped[int] = mapped_column(ForeignKey("project_events.id"), index=True)
    srpm_build_id: Mapped[int | None] = mapped_column(ForeignKey("srpm_builds.id"), index=True)
    copr_build_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("copr_build_groups.id"), index=True
    )
    koji_build_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("koji_build_groups.id"), index=True
    )
    koji_tag_request_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("koji_tag_request_groups.id"), index=True
    )
    test_run_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("tft_test_run_groups.id"), index=True
    )
    sync_release_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("sync_release_runs.id"), index=True
    )
    bodhi_update_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("bodhi_update_groups.id"), index=True
    )
    log_detective_run_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("log_detective_run_groups.id"), index=True
    )
    vm_image_build_id: Mapped[int | None] = mapped_column(
        ForeignKey("vm_image_build_targets.id"), index=True
    )
    # True on the head of its merged run (no run with a lower id shares its SRPM build;
    # always true without one), kept by database triggers on every write (migration 0007),
    # so a page of the legacy runs list is a walk of the (merged_head, id) index. Written
    # by the database only: an object loaded before a write to its SRPM build's runs can
    # hold a stale value.
    merged_head: Mapped[bool] = mapped_column(server_default=true())

    project_event: Mapped[ProjectEvent] = relationship(back_populates="pipelines", lazy="raise")
    srpm_build: Mapped[SRPMBuild | None] = relationship(back_populates="pipelines", lazy="raise")
    copr_build_group: Mapped[CoprBuildGroup | None] = relationship(
        back_populates="pipelines", lazy="raise"
    )
    koji_build_group: Mapped[KojiBuildGroup | None] = relationship(
        back_populates="pipelines", lazy="raise"
    )
    koji_tag_request_group: Mapped[KojiTagRequestGroup | None] = relationship(
        back_populates="pipelines", lazy="raise"
    )
    test_run_group: Mapped[TFTTestRunGroup | None] = relationship(
        back_populates="pipelines", lazy="raise"
    )
    sync_release_run: Mapped[SyncReleaseRun | None] = relationship(
        back_populates="pipelines", lazy="raise"
    )
    bodhi_update_group: Mapped[BodhiUpdateGroup | None] = relationship(
        back_populates="pipelines", lazy="raise"
    )
    log_detective_run_group: Mapped[LogDetectiveRunGroup | None] = relationship(
        back_populates="pipelines", lazy="raise"
    )
    vm_image_build: Mapped[VMImageBuildTarget | None] = relationship(
        back_populates="pipelines", lazy="raise"
    )
