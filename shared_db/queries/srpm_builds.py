"""SRPM builds: the list (newest first) and one build with its runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session, joinedload, selectinload

from shared_db.errors import NotFound
from shared_db.models import Pipeline, SRPMBuild
from shared_db.queries.events import (
    TRIGGER_COLUMNS,
    Trigger,
    join_trigger,
    trigger_of,
    with_trigger,
)
from shared_db.queries.filters import WorkFilters, work_conditions
from shared_db.queries.pages import Keyset, Window, fetch_page, in_page_order, page_ids, where_all

BUILD_NOT_FOUND = "No info about build stored in DB"


@dataclass(frozen=True, slots=True)
class ListedSRPMBuild:
    build: SRPMBuild
    trigger: Trigger


def list_srpm_builds(session: Session, window: Window) -> list[ListedSRPMBuild]:
    """One page of SRPM builds, newest first, with what triggered them. Two statements."""
    ids = page_ids(session, SRPMBuild.id.expression, window)
    if not ids:
        return []
    builds = session.scalars(
        select(SRPMBuild)
        .where(SRPMBuild.id.in_(ids))
        .options(with_trigger(joinedload(SRPMBuild.project_event)))
    ).all()
    return [
        ListedSRPMBuild(build=build, trigger=trigger_of(build.project_event))
        for build in in_page_order(list(builds), ids)
    ]


def get_srpm_build(session: Session, build_id: int) -> SRPMBuild:
    """One SRPM build with its trigger and the ids of its runs."""
    build = session.scalar(
        select(SRPMBuild)
        .where(SRPMBuild.id == build_id)
        .options(
            with_trigger(joinedload(SRPMBuild.project_event)),
            selectinload(SRPMBuild.pipelines).load_only(Pipeline.id),
        )
    )
    if build is None:
        raise NotFound(BUILD_NOT_FOUND)
    return build


# --- Core rows for the v1 list: one statement per page, no ORM objects.

_BUILD_ROWS = join_trigger(
    select(
        SRPMBuild.id,
        SRPMBuild.status,
        SRPMBuild.submitted_time,
        SRPMBuild.build_start_time,
        SRPMBuild.build_finished_time,
        SRPMBuild.url,
        SRPMBuild.logs_url,
        SRPMBuild.copr_build_id,
        SRPMBuild.copr_web_url,
        *TRIGGER_COLUMNS,
    ),
    SRPMBuild.project_event_id,
)


def srpm_build_rows(
    session: Session, keyset: Keyset, filters: WorkFilters
) -> tuple[list[Row[Any]], int | None]:
    """One keyset page of SRPM builds with their triggers, in one statement.

    Rows carry the build's columns (not its ``logs`` text) and :data:`TRIGGER_COLUMNS`;
    the second value is the id to continue after, None on the last page. ``filters.target``
    does not apply (an SRPM build has no chroot).
    """
    statement = where_all(
        _BUILD_ROWS,
        work_conditions(filters, status=SRPMBuild.status, submitted=SRPMBuild.submitted_time),
    )
    return fetch_page(session, keyset, statement, SRPMBuild.id)
