"""Builders for the v1 usage tests: activity at a fixed time, and one pipeline just now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared_db.base import utcnow
from shared_db.models import GitProject
from tests.shared_db.factories import make_project
from tests.shared_db.factories_usage import copr_group, pr_event, push_event, run

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
OGR = "https://github.com/packit/ogr"
SPECFILE = "https://github.com/packit/specfile"


def usage_activity(session: Session) -> dict[str, GitProject]:
    """ogr: PR 1 (two events, one shared Copr group), PR 2, a push; specfile: PR 7; an idle
    project on gitlab.com. All at T0 + minutes."""
    ogr = make_project(session)
    specfile = make_project(session, repo="specfile")
    idle = make_project(session, forge="gitlab.com", repo="idle")
    first, second = pr_event(session, ogr, 1), pr_event(session, ogr, 1)
    shared = copr_group(session, first)
    run(session, first, T0, shared)
    run(session, second, T0 + timedelta(minutes=1), shared)
    run(session, pr_event(session, ogr, 2), T0 + timedelta(minutes=2))
    run(session, push_event(session, ogr), T0 + timedelta(minutes=3))
    run(session, pr_event(session, specfile, 7), T0 + timedelta(minutes=4))
    return {"ogr": ogr, "specfile": specfile, "idle": idle}


def recent_run(session: Session) -> datetime:
    """A PR pipeline of ogr half an hour before the current whole hour; that hour."""
    hour = utcnow().replace(minute=0, second=0, microsecond=0)
    ogr = session.scalar(select(GitProject).where(GitProject.project_url == OGR))
    project = ogr or make_project(session)
    run(session, pr_event(session, project, 11), hour - timedelta(minutes=30))
    return hour
