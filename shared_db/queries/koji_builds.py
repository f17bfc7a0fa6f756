"""Koji builds: the list (optionally scratch builds only, or none), one target, one group."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Row, select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from shared_db.errors import NotFound
from shared_db.models import KojiBuildGroup, KojiBuildTarget, LogDetectiveRun, Pipeline
from shared_db.queries.events import TRIGGER_COLUMNS, join_trigger, with_trigger
from shared_db.queries.filters import WorkFilters, work_conditions
from shared_db.queries.pages import Keyset, Window, fetch_page, in_page_order, page_ids, where_all

BUILD_NOT_FOUND = "No info about build stored in DB"
GROUP_NOT_FOUND = "No info about group stored in DB"


def _trigger_of_target() -> _AbstractLoad:
    """A target's group, its event and all the event points at (one joined statement)."""
    return with_trigger(joinedload(KojiBuildTarget.group).joinedload(KojiBuildGroup.project_event))


def list_koji_builds(
    session: Session, window: Window, *, scratch: bool | None = None
) -> list[KojiBuildTarget]:
    """One page of Koji build targets, newest first, each with its trigger. Two statements.

    ``scratch`` keeps only scratch (``True``) or only production (``False``) builds; the
    page's ids then come from the ``(scratch, id)`` index.
    """
    where: list[ColumnElement[bool]] = []
    if scratch is not None:
        where.append(KojiBuildTarget.scratch == scratch)
    ids = page_ids(session, KojiBuildTarget.id.expression, window, *where)
    if not ids:
        return []
    builds = session.scalars(
        select(KojiBuildTarget).where(KojiBuildTarget.id.in_(ids)).options(_trigger_of_target())
    ).all()
    return in_page_order(list(builds), ids)


def get_koji_build(session: Session, build_id: int) -> KojiBuildTarget:
    """One Koji build target with its trigger, runs and Log Detective runs."""
    build = session.scalar(
        select(KojiBuildTarget)
        .where(KojiBuildTarget.id == build_id)
        .options(
            _trigger_of_target(),
            joinedload(KojiBuildTarget.group)
            .selectinload(KojiBuildGroup.pipelines)
            .load_only(Pipeline.id, Pipeline.srpm_build_id),
            selectinload(KojiBuildTarget.log_detective_runs).load_only(LogDetectiveRun.id),
        )
    )
    if build is None:
        raise NotFound(BUILD_NOT_FOUND)
    return build


def get_koji_build_group(session: Session, group_id: int) -> KojiBuildGroup:
    """One Koji build group with its trigger, runs and target ids."""
    group = session.scalar(
        select(KojiBuildGroup)
        .where(KojiBuildGroup.id == group_id)
        .options(
            with_trigger(joinedload(KojiBuildGroup.project_event)),
            selectinload(KojiBuildGroup.pipelines).load_only(Pipeline.id),
            selectinload(KojiBuildGroup.targets).load_only(KojiBuildTarget.id),
        )
    )
    if group is None:
        raise NotFound(GROUP_NOT_FOUND)
    return group


# --- Core rows for the v1 list: one statement per page, no ORM objects.

_BUILD_ROWS = join_trigger(
    select(
        KojiBuildTarget.id,
        KojiBuildTarget.group_id,
        KojiBuildTarget.task_id,
        KojiBuildTarget.scratch,
        KojiBuildTarget.target,
        KojiBuildTarget.status,
        KojiBuildTarget.web_url,
        KojiBuildTarget.build_logs_urls,
        KojiBuildTarget.submitted_time,
        KojiBuildTarget.build_start_time,
        KojiBuildTarget.build_finished_time,
        *TRIGGER_COLUMNS,
    ).join(KojiBuildGroup, KojiBuildGroup.id == KojiBuildTarget.group_id),
    KojiBuildGroup.project_event_id,
)


def koji_build_rows(
    session: Session, keyset: Keyset, filters: WorkFilters, *, scratch: bool | None = None
) -> tuple[list[Row[Any]], int | None]:
    """One keyset page of Koji build targets with their triggers, in one statement.

    ``filters.target`` is the Koji target (dist-git branch or tag); ``scratch`` keeps only
    scratch (``True``) or only production (``False``) builds. Rows carry the target's
    columns and :data:`TRIGGER_COLUMNS`; the second value is the id to continue after,
    None on the last page.
    """
    conditions = work_conditions(
        filters,
        status=KojiBuildTarget.status,
        target=KojiBuildTarget.target,
        submitted=KojiBuildTarget.submitted_time,
    )
    if scratch is not None:
        conditions.append(KojiBuildTarget.scratch == scratch)
    return fetch_page(session, keyset, where_all(_BUILD_ROWS, conditions), KojiBuildTarget.id)
