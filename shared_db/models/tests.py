"""Testing Farm runs, Log Detective analyses and OpenScanHub scans."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared_db.base import Base, JSONDocument, utcnow
from shared_db.models.builds import EventOwned
from shared_db.models.enums import (
    BuildSystem,
    LogDetectiveResult,
    OSHScanStatus,
    TestingFarmResult,
    enum_column,
)

if TYPE_CHECKING:
    from shared_db.models.builds import CoprBuildTarget, KojiBuildTarget
    from shared_db.models.pipelines import Pipeline
    from shared_db.models.projects import ProjectEvent

# Which builds a test run tested (a run may test several, a build may be tested often).
tft_copr_builds = Table(
    "tft_test_run_copr_builds",
    Base.metadata,
    Column("tft_test_run_target_id", ForeignKey("tft_test_run_targets.id"), primary_key=True),
    Column(
        "copr_build_target_id", ForeignKey("copr_build_targets.id"), primary_key=True, index=True
    ),
)
tft_koji_builds = Table(
    "tft_test_run_koji_builds",
    Base.metadata,
    Column("tft_test_run_target_id", ForeignKey("tft_test_run_targets.id"), primary_key=True),
    Column(
        "koji_build_target_id", ForeignKey("koji_build_targets.id"), primary_key=True, index=True
    ),
)


class TFTTestRunGroup(EventOwned, Base):
    __tablename__ = "tft_test_run_groups"

    ranch: Mapped[str | None] = mapped_column(String(32))  # public or redhat

    project_event: Mapped[ProjectEvent] = relationship(lazy="raise")
    targets: Mapped[list[TFTTestRunTarget]] = relationship(back_populates="group", lazy="raise")
    pipelines: Mapped[list[Pipeline]] = relationship(back_populates="test_run_group", lazy="raise")


class TFTTestRunTarget(Base):
    __tablename__ = "tft_test_run_targets"
    # SQLite only, as SRPMBuild's: the legacy list's offset walk over ids (migration 0009).
    __table_args__ = (Index(None, "id").ddl_if(dialect="sqlite"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("tft_test_run_groups.id"), index=True)
    pipeline_id: Mapped[str | None] = mapped_column(String(64), index=True)  # Testing Farm id
    identifier: Mapped[str | None] = mapped_column(String(255))
    target: Mapped[str] = mapped_column(String(128), index=True)  # chroot
    status: Mapped[TestingFarmResult] = mapped_column(
        enum_column(TestingFarmResult, "testing_farm_result"), index=True
    )
    web_url: Mapped[str | None] = mapped_column(String(512))
    submitted_time: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    group: Mapped[TFTTestRunGroup] = relationship(back_populates="targets", lazy="raise")
    copr_builds: Mapped[list[CoprBuildTarget]] = relationship(
        secondary=tft_copr_builds, lazy="raise"
    )
    koji_builds: Mapped[list[KojiBuildTarget]] = relationship(
        secondary=tft_koji_builds, lazy="raise"
    )


class LogDetectiveRunGroup(EventOwned, Base):
    __tablename__ = "log_detective_run_groups"

    project_event: Mapped[ProjectEvent] = relationship(lazy="raise")
    targets: Mapped[list[LogDetectiveRun]] = relationship(back_populates="group", lazy="raise")
    pipelines: Mapped[list[Pipeline]] = relationship(
        back_populates="log_detective_run_group", lazy="raise"
    )


class LogDetectiveRun(Base):
    """An analysis of a failed build's logs."""

    __tablename__ = "log_detective_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("log_detective_run_groups.id"), index=True)
    analysis_id: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[LogDetectiveResult] = mapped_column(
        enum_column(LogDetectiveResult, "log_detective_result"), index=True
    )
    target: Mapped[str] = mapped_column(String(128))  # chroot of the analysed build
    target_build: Mapped[str | None] = mapped_column(String(64))  # build system's id
    build_system: Mapped[BuildSystem] = mapped_column(enum_column(BuildSystem, "build_system"))
    log_detective_response: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    error_msg: Mapped[str | None] = mapped_column(Text)
    submitted_time: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    copr_build_target_id: Mapped[int | None] = mapped_column(
        ForeignKey("copr_build_targets.id"), index=True
    )
    koji_build_target_id: Mapped[int | None] = mapped_column(
        ForeignKey("koji_build_targets.id"), index=True
    )

    group: Mapped[LogDetectiveRunGroup] = relationship(back_populates="targets", lazy="raise")
    copr_build_target: Mapped[CoprBuildTarget | None] = relationship(
        back_populates="log_detective_runs", lazy="raise"
    )
    koji_build_target: Mapped[KojiBuildTarget | None] = relationship(
        back_populates="log_detective_runs", lazy="raise"
    )


class OSHScan(Base):
    """An OpenScanHub differential scan of one Copr build."""

    __tablename__ = "osh_scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int | None] = mapped_column(unique=True)
    status: Mapped[OSHScanStatus] = mapped_column(enum_column(OSHScanStatus, "osh_scan_status"))
    url: Mapped[str | None] = mapped_column(String(512))
    issues_added_count: Mapped[int | None]
    issues_added_url: Mapped[str | None] = mapped_column(String(512))
    issues_fixed_url: Mapped[str | None] = mapped_column(String(512))
    scan_results_url: Mapped[str | None] = mapped_column(String(512))
    submitted_time: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    copr_build_target_id: Mapped[int] = mapped_column(
        ForeignKey("copr_build_targets.id"), unique=True
    )

    copr_build_target: Mapped[CoprBuildTarget] = relationship(back_populates="scan", lazy="raise")
