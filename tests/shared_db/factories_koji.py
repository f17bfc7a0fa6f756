"""Factories for Koji builds and Koji tag requests (and the events they hang off)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from shared_db.models import (
    BuildStatus,
    BuildSystem,
    KojiBuildGroup,
    KojiBuildState,
    KojiBuildTarget,
    KojiTagRequestGroup,
    KojiTagRequestTarget,
    LogDetectiveResult,
    LogDetectiveRun,
    LogDetectiveRunGroup,
    ProjectEvent,
    SRPMBuild,
)
from tests.shared_db.factories import make_anitya_event as make_anitya_event
from tests.shared_db.factories import make_branch_event as make_branch_event
from tests.shared_db.factories import make_pipeline as make_pipeline

SUBMITTED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def make_koji_group(session: Session, event: ProjectEvent) -> KojiBuildGroup:
    group = KojiBuildGroup(project_event_id=event.id, submitted_time=SUBMITTED)
    session.add(group)
    session.flush()
    return group


def make_koji_build(
    session: Session,
    group: KojiBuildGroup,
    *,
    scratch: bool = True,
    status: KojiBuildState = KojiBuildState.success,
    target: str = "rawhide",
    submitted: datetime = SUBMITTED,
) -> KojiBuildTarget:
    build = KojiBuildTarget(
        group_id=group.id,
        task_id="120000001",
        scratch=scratch,
        target=target,
        status=status,
        web_url="https://koji.example.org/koji/taskinfo?taskID=120000001",
        build_logs_urls={"x86_64": "https://kojipkgs.example.org/build.log"},
        submitted_time=submitted,
    )
    session.add(build)
    session.flush()
    return build


def make_srpm_build(session: Session, event: ProjectEvent) -> SRPMBuild:
    srpm = SRPMBuild(project_event_id=event.id, status=BuildStatus.success)
    session.add(srpm)
    session.flush()
    return srpm


def make_koji_log_detective_run(
    session: Session, event: ProjectEvent, build: KojiBuildTarget, *, analysis: str
) -> LogDetectiveRun:
    group = LogDetectiveRunGroup(project_event_id=event.id)
    session.add(group)
    session.flush()
    run = LogDetectiveRun(
        group_id=group.id,
        analysis_id=analysis,
        status=LogDetectiveResult.complete,
        target=build.target,
        build_system=BuildSystem.koji,
        koji_build_target_id=build.id,
    )
    session.add(run)
    session.flush()
    return run


def make_tag_request_group(session: Session, event: ProjectEvent) -> KojiTagRequestGroup:
    group = KojiTagRequestGroup(project_event_id=event.id, submitted_time=SUBMITTED)
    session.add(group)
    session.flush()
    return group


def make_tag_request(
    session: Session,
    group: KojiTagRequestGroup,
    *,
    target: str = "f41",
    submitted: datetime = SUBMITTED,
) -> KojiTagRequestTarget:
    tag_request = KojiTagRequestTarget(
        group_id=group.id,
        task_id="120000002",
        target=target,
        sidetag="f41-build-side-12345",
        nvr="ogr-1.0-1.fc41",
        web_url="https://koji.example.org/koji/taskinfo?taskID=120000002",
        submitted_time=submitted,
    )
    session.add(tag_request)
    session.flush()
    return tag_request
