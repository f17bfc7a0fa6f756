"""SRPM, Copr, Koji and VM image builds, and Koji tag requests.

Work comes in groups (one per event and job) of targets (one per chroot or branch).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared_db.base import Base, JSONDocument, utcnow
from shared_db.models.enums import BuildStatus, KojiBuildState, VMImageBuildStatus, enum_column

if TYPE_CHECKING:
    from shared_db.models.pipelines import Pipeline
    from shared_db.models.projects import ProjectEvent
    from shared_db.models.tests import LogDetectiveRun, OSHScan


class EventOwned:
    """Columns of everything that one project event caused directly."""

    id: Mapped[int] = mapped_column(primary_key=True)
    project_event_id: Mapped[int] = mapped_column(ForeignKey("project_events.id"), index=True)
    submitted_time: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class SRPMBuild(EventOwned, Base):
    __tablename__ = "srpm_builds"
    # SQLite only: the legacy list's offset walk over ids reads this narrow index instead of
    # the table's own rows (logs included); PostgreSQL's primary key index is narrow already
    # (migration 0009).
    __table_args__ = (Index(None, "id").ddl_if(dialect="sqlite"),)

    status: Mapped[BuildStatus] = mapped_column(enum_column(BuildStatus, "build_status"))
    build_start_time: Mapped[datetime | None]
    build_finished_time: Mapped[datetime | None]
    logs: Mapped[str | None] = mapped_column(Text)
    logs_url: Mapped[str | None] = mapped_column(String(512))
    url: Mapped[str | None] = mapped_column(String(512))  # where the built SRPM is
    copr_build_id: Mapped[str | None] = mapped_column(String(64), index=True)
    copr_web_url: Mapped[str | None] = mapped_column(String(512))

    project_event: Mapped[ProjectEvent] = relationship(lazy="raise")
    pipelines: Mapped[list[Pipeline]] = relationship(back_populates="srpm_build", lazy="raise")


class CoprBuildGroup(EventOwned, Base):
    __tablename__ = "copr_build_groups"

    project_event: Mapped[ProjectEvent] = relationship(lazy="raise")
    targets: Mapped[list[CoprBuildTarget]] = relationship(back_populates="group", lazy="raise")
    pipelines: Mapped[list[Pipeline]] = relationship(
        back_populates="copr_build_group", lazy="raise"
    )


class CoprBuildTarget(Base):
    """One chroot of a Copr build; one Copr build id spans several of these."""

    __tablename__ = "copr_build_targets"
    __table_args__ = (Index(None, "build_id", "target"), Index(None, "listed_head", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("copr_build_groups.id"), index=True)
    build_id: Mapped[str] = mapped_column(String(64))  # Copr's own build id
    project_name: Mapped[str] = mapped_column(String(255))  # Copr project
    owner: Mapped[str] = mapped_column(String(255))  # Copr owner
    target: Mapped[str] = mapped_column(String(128), index=True)  # chroot
    status: Mapped[BuildStatus] = mapped_column(
        enum_column(BuildStatus, "build_status"), index=True
    )
    web_url: Mapped[str | None] = mapped_column(String(512))
    build_logs_url: Mapped[str | None] = mapped_column(String(512))
    submitted_time: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    build_start_time: Mapped[datetime | None]
    build_finished_time: Mapped[datetime | None]
    built_packages: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONDocument)
    # True on the lowest listed target of its Copr build (the merged list's item), kept
    # by database triggers on every write (migration 0006), so a page of the merged list
    # is a walk of the (listed_head, id) index. Written by the database only: an object
    # loaded before a write to its build can hold a stale value.
    listed_head: Mapped[bool] = mapped_column(server_default=false())

    group: Mapped[CoprBuildGroup] = relationship(back_populates="targets", lazy="raise")
    scan: Mapped[OSHScan | None] = relationship(back_populates="copr_build_target", lazy="raise")
    log_detective_runs: Mapped[list[LogDetectiveRun]] = relationship(
        back_populates="copr_build_target", lazy="raise", order_by="LogDetectiveRun.id"
    )


class KojiBuildGroup(EventOwned, Base):
    __tablename__ = "koji_build_groups"

    project_event: Mapped[ProjectEvent] = relationship(lazy="raise")
    targets: Mapped[list[KojiBuildTarget]] = relationship(back_populates="group", lazy="raise")
    pipelines: Mapped[list[Pipeline]] = relationship(
        back_populates="koji_build_group", lazy="raise"
    )


class KojiBuildTarget(Base):
    __tablename__ = "koji_build_targets"
    # The legacy list filters on scratch and pages by id.
    __table_args__ = (Index(None, "scratch", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("koji_build_groups.id"), index=True)
    task_id: Mapped[str | None] = mapped_column(String(64), index=True)
    scratch: Mapped[bool]
    target: Mapped[str] = mapped_column(String(128), index=True)  # dist-git branch or tag
    status: Mapped[KojiBuildState] = mapped_column(
        enum_column(KojiBuildState, "koji_build_state"), index=True
    )
    web_url: Mapped[str | None] = mapped_column(String(512))
    build_logs_urls: Mapped[dict[str, str] | None] = mapped_column(JSONDocument)
    build_submission_stdout: Mapped[str | None] = mapped_column(Text)
    error_message: Mapped[str | None] = mapped_column(Text)
    sidetag: Mapped[str | None] = mapped_column(String(255))
    nvr: Mapped[str | None] = mapped_column(String(255))
    submitted_time: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    build_start_time: Mapped[datetime | None]
    build_finished_time: Mapped[datetime | None]

    group: Mapped[KojiBuildGroup] = relationship(back_populates="targets", lazy="raise")
    log_detective_runs: Mapped[list[LogDetectiveRun]] = relationship(
        back_populates="koji_build_target", lazy="raise", order_by="LogDetectiveRun.id"
    )


class KojiTagRequestGroup(EventOwned, Base):
    __tablename__ = "koji_tag_request_groups"

    project_event: Mapped[ProjectEvent] = relationship(lazy="raise")
    targets: Mapped[list[KojiTagRequestTarget]] = relationship(back_populates="group", lazy="raise")
    pipelines: Mapped[list[Pipeline]] = relationship(
        back_populates="koji_tag_request_group", lazy="raise"
    )


class KojiTagRequestTarget(Base):
    __tablename__ = "koji_tag_request_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("koji_tag_request_groups.id"), index=True)
    task_id: Mapped[str | None] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(String(128))
    sidetag: Mapped[str | None] = mapped_column(String(255))
    nvr: Mapped[str | None] = mapped_column(String(255))
    web_url: Mapped[str | None] = mapped_column(String(512))
    submitted_time: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    group: Mapped[KojiTagRequestGroup] = relationship(back_populates="targets", lazy="raise")


class VMImageBuildTarget(EventOwned, Base):
    __tablename__ = "vm_image_build_targets"

    build_id: Mapped[str | None] = mapped_column(String(64), index=True)
    project_name: Mapped[str] = mapped_column(String(255))
    owner: Mapped[str] = mapped_column(String(255))
    project_url: Mapped[str | None] = mapped_column(String(512))
    target: Mapped[str] = mapped_column(String(128))
    status: Mapped[VMImageBuildStatus] = mapped_column(
        enum_column(VMImageBuildStatus, "vm_image_build_status")
    )
    build_start_time: Mapped[datetime | None]
    build_finished_time: Mapped[datetime | None]

    project_event: Mapped[ProjectEvent] = relationship(lazy="raise")
    pipelines: Mapped[list[Pipeline]] = relationship(back_populates="vm_image_build", lazy="raise")
