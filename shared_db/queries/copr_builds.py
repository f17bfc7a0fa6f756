"""Copr builds: the merged list (one item per Copr build id), one target, one group."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, bindparam, or_, select, true
from sqlalchemy.orm import Session, joinedload, selectinload

from shared_db.errors import NotFound
from shared_db.models import (
    BuildStatus,
    CoprBuildGroup,
    CoprBuildTarget,
    LogDetectiveRun,
    Pipeline,
)
from shared_db.queries.events import (
    TRIGGER_COLUMNS,
    Trigger,
    join_trigger,
    trigger_from_row,
    with_trigger,
)
from shared_db.queries.filters import WorkFilters, work_conditions
from shared_db.queries.pages import Keyset, Window, core_connection, fetch_page, where_all

BUILD_NOT_FOUND = "No info about build stored in DB"
GROUP_NOT_FOUND = "No info about group stored in DB"


@dataclass(frozen=True, slots=True)
class ChrootState:
    target_id: int
    chroot: str
    status: BuildStatus


@dataclass(frozen=True, slots=True)
class MergedCoprBuild:
    """All chroots of one Copr build id; its head (its lowest listed target) speaks for the
    build: ``packit_id`` and the columns below are the head's."""

    packit_id: int
    build_id: str
    project_name: str
    submitted_time: datetime
    web_url: str | None
    trigger: Trigger
    chroots: list[ChrootState]


def _listed(target: type[CoprBuildTarget]) -> ColumnElement[bool]:
    """Targets that are real Copr builds: not waiting for their SRPM, not an SRPM failure."""
    return and_(
        target.status != BuildStatus.waiting_for_srpm,
        or_(
            target.status != BuildStatus.failure,
            target.build_start_time.is_not(None),
            target.build_logs_url.is_not(None),
        ),
    )


# The statements of the list are built once: on the hot path, building and cache-keying a
# statement with a correlated subquery costs more than SQLite takes to run it.
_HEADS_PAGE = (
    # A head: the lowest listed target of its Copr build, marked by the database on every
    # write (CoprBuildTarget.listed_head), so the page is a walk of one index.
    select(CoprBuildTarget.id)
    .where(CoprBuildTarget.listed_head == true())
    .order_by(CoprBuildTarget.id.desc())
    .offset(bindparam("offset"))
    .limit(bindparam("limit"))
)
# The page's heads with their triggers, in Core rows: the page's 20 ids come from the
# index walk above, then each head is read by primary key.
_HEAD_ROWS = join_trigger(
    select(
        CoprBuildTarget.id,
        CoprBuildTarget.build_id,
        CoprBuildTarget.project_name,
        CoprBuildTarget.submitted_time,
        CoprBuildTarget.web_url,
        *TRIGGER_COLUMNS,
    )
    .join(CoprBuildGroup, CoprBuildGroup.id == CoprBuildTarget.group_id)
    .where(CoprBuildTarget.id.in_(_HEADS_PAGE.scalar_subquery()))
    .order_by(CoprBuildTarget.id.desc()),
    CoprBuildGroup.project_event_id,
)
_CHROOTS = (
    select(
        CoprBuildTarget.id,
        CoprBuildTarget.build_id,
        CoprBuildTarget.target,
        CoprBuildTarget.status,
    )
    .where(
        CoprBuildTarget.build_id.in_(bindparam("build_ids", expanding=True)),
        _listed(CoprBuildTarget),
    )
    .order_by(CoprBuildTarget.id)
)


def list_merged_copr_builds(session: Session, window: Window) -> list[MergedCoprBuild]:
    """One page of Copr builds, newest first, chroots merged. Two statements, Core rows.

    A build's head is its lowest listed target id, marked ``listed_head`` by the database;
    the page is found by walking the ``(listed_head, id)`` index downwards, one narrow
    entry per build above it, never a GROUP BY over the whole table. Then the chroots of
    the page's builds, at once.
    """
    connection = core_connection(session)
    window_values = {"offset": window.offset, "limit": window.limit}
    heads = [row._mapping for row in connection.execute(_HEAD_ROWS, window_values).all()]
    if not heads:
        return []
    chroots: dict[str, list[ChrootState]] = {}
    build_ids = sorted({head["build_id"] for head in heads})
    for target_id, build_id, chroot, status in connection.execute(
        _CHROOTS, {"build_ids": build_ids}
    ).all():
        chroots.setdefault(build_id, []).append(ChrootState(target_id, chroot, status))
    return [
        MergedCoprBuild(
            packit_id=head["id"],
            build_id=head["build_id"],
            project_name=head["project_name"],
            submitted_time=head["submitted_time"],
            web_url=head["web_url"],
            trigger=trigger_from_row(head),
            chroots=chroots.get(head["build_id"], []),
        )
        for head in heads
    ]


def get_copr_build(session: Session, build_id: int) -> CoprBuildTarget:
    """One Copr build target with its trigger, runs and Log Detective runs."""
    build = session.scalar(
        select(CoprBuildTarget)
        .where(CoprBuildTarget.id == build_id)
        .options(
            with_trigger(
                joinedload(CoprBuildTarget.group).joinedload(CoprBuildGroup.project_event)
            ),
            joinedload(CoprBuildTarget.group)
            .selectinload(CoprBuildGroup.pipelines)
            .load_only(Pipeline.id, Pipeline.srpm_build_id),
            selectinload(CoprBuildTarget.log_detective_runs).load_only(LogDetectiveRun.id),
        )
    )
    if build is None:
        raise NotFound(BUILD_NOT_FOUND)
    return build


def get_copr_build_group(session: Session, group_id: int) -> CoprBuildGroup:
    """One Copr build group with its trigger, runs and target ids."""
    group = session.scalar(
        select(CoprBuildGroup)
        .where(CoprBuildGroup.id == group_id)
        .options(
            with_trigger(joinedload(CoprBuildGroup.project_event)),
            selectinload(CoprBuildGroup.pipelines).load_only(Pipeline.id),
            selectinload(CoprBuildGroup.targets).load_only(CoprBuildTarget.id),
        )
    )
    if group is None:
        raise NotFound(GROUP_NOT_FOUND)
    return group


def srpm_build_id_of(pipelines: list[Pipeline]) -> int | None:
    """The SRPM build behind a group's runs (they all share one, when there is one)."""
    return next((p.srpm_build_id for p in pipelines if p.srpm_build_id is not None), None)


# --- Core rows for the v1 list: one statement per page, no ORM objects.

_TARGET_ROWS = join_trigger(
    select(
        CoprBuildTarget.id,
        CoprBuildTarget.group_id,
        CoprBuildTarget.build_id,
        CoprBuildTarget.project_name,
        CoprBuildTarget.owner,
        CoprBuildTarget.target,
        CoprBuildTarget.status,
        CoprBuildTarget.web_url,
        CoprBuildTarget.build_logs_url,
        CoprBuildTarget.submitted_time,
        CoprBuildTarget.build_start_time,
        CoprBuildTarget.build_finished_time,
        *TRIGGER_COLUMNS,
    ).join(CoprBuildGroup, CoprBuildGroup.id == CoprBuildTarget.group_id),
    CoprBuildGroup.project_event_id,
)


def copr_build_rows(
    session: Session, keyset: Keyset, filters: WorkFilters
) -> tuple[list[Row[Any]], int | None]:
    """One keyset page of Copr build targets with their triggers, in one statement.

    Rows carry the target's columns and :data:`TRIGGER_COLUMNS`; the second value is the
    id to continue after, None on the last page.
    """
    statement = where_all(
        _TARGET_ROWS,
        work_conditions(
            filters,
            status=CoprBuildTarget.status,
            target=CoprBuildTarget.target,
            submitted=CoprBuildTarget.submitted_time,
        ),
    )
    return fetch_page(session, keyset, statement, CoprBuildTarget.id)
