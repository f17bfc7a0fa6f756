"""Factories for Koji builds and Koji tag requests (and the events they hang off)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from shared_db.models import (
    KojiBuildGroup,
    KojiBuildState,
    KojiBuildTarget,
    KojiTagRequestGroup,
    KojiTagRequestTarget,
    ProjectEvent,
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
    task_id: str = "120000001",
    scratch: bool = True,
    status: KojiBuildState = KojiBuildState.success,
    target: str = "rawhide",
    submitted: datetime = SUBMITTED,
    web_url: str | None = None,
) -> KojiBuildTarget:
    """A build in ``group``; ``web_url`` defaults to the Koji task page of ``task_id``."""
    build = KojiBuildTarget(
        group_id=group.id,
        task_id=task_id,
        scratch=scratch,
        target=target,
        status=status,
        web_url=web_url or f"https://koji.example.org/koji/taskinfo?taskID={task_id}",
        build_logs_urls={"x86_64": "https://kojipkgs.example.org/build.log"},
        submitted_time=submitted,
    )
    session.add(build)
    session.flush()
    return build


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
