"""Factories for Testing Farm runs: a group of an event and the runs in it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from shared_db.models import ProjectEvent, TFTTestRunGroup, TFTTestRunTarget
from shared_db.models import TestingFarmResult as Result  # not a test class
from tests.shared_db.factories import make_pr_event, make_project

SUBMITTED = datetime(2026, 3, 1, 13, 0, tzinfo=UTC)


def make_test_run_group(
    session: Session, event: ProjectEvent, *, submitted: datetime = SUBMITTED
) -> TFTTestRunGroup:
    group = TFTTestRunGroup(project_event_id=event.id, submitted_time=submitted, ranch="public")
    session.add(group)
    session.flush()
    return group


def make_test_run(
    session: Session,
    group: TFTTestRunGroup,
    *,
    pipeline_id: str | None = None,
    status: Result = Result.running,
    chroot: str = "fedora-rawhide-x86_64",
    submitted: datetime = SUBMITTED,
) -> TFTTestRunTarget:
    """A run in ``group``; with a ``pipeline_id`` it also has its artifacts page."""
    run = TFTTestRunTarget(
        group_id=group.id,
        pipeline_id=pipeline_id,
        target=chroot,
        status=status,
        web_url=f"https://artifacts.example.org/{pipeline_id}" if pipeline_id else None,
        submitted_time=submitted,
    )
    session.add(run)
    session.flush()
    return run


def pr_test_run_group(session: Session) -> TFTTestRunGroup:
    """A group of runs of PR 7 of packit/ogr."""
    return make_test_run_group(session, make_pr_event(session, make_project(session), pr_id=7))
