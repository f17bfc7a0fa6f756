"""Builders for the v1 usage tests: activity at a fixed time, and one pipeline just now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared_db.base import utcnow
from shared_db.models import GitProject
from tests.shared_db.factories import make_branch_event, make_pr_event, make_project
from tests.shared_db.factories_sync_runs import make_copr_group
from tests.shared_db.factories_usage import run

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
OGR = "https://github.com/packit/ogr"
SPECFILE = "https://github.com/packit/specfile"


def usage_activity(session: Session) -> dict[str, GitProject]:
    """ogr: PR 1 (two events, one shared Copr group), PR 2, a push; specfile: PR 7; an idle
    project on gitlab.com. All at T0 + minutes."""
    ogr = make_project(session)
    specfile = make_project(session, repo="specfile")
    idle = make_project(session, forge="gitlab.com", repo="idle")
    first = make_pr_event(session, ogr, pr_id=1)
    second = make_pr_event(session, ogr, pull_request_id=first.pull_request_id)
    shared = make_copr_group(session, first, submitted=None)
    run(session, first, T0, shared)
    run(session, second, T0 + timedelta(minutes=1), shared)
    run(session, make_pr_event(session, ogr, pr_id=2), T0 + timedelta(minutes=2))
    run(session, make_branch_event(session, ogr), T0 + timedelta(minutes=3))
    run(session, make_pr_event(session, specfile, pr_id=7), T0 + timedelta(minutes=4))
    return {"ogr": ogr, "specfile": specfile, "idle": idle}


def recent_run(session: Session) -> datetime:
    """A PR pipeline of ogr half an hour before the current whole hour; that hour."""
    hour = utcnow().replace(minute=0, second=0, microsecond=0)
    ogr = session.scalar(select(GitProject).where(GitProject.project_url == OGR))
    project = ogr or make_project(session)
    run(session, make_pr_event(session, project, pr_id=11), hour - timedelta(minutes=30))
    return hour
