"""Log Detective runs: the list of analyses, one analysis, one group."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session, joinedload, selectinload

from shared_db.errors import NotFound
from shared_db.models import (
    BuildSystem,
    LogDetectiveRun,
    LogDetectiveRunGroup,
    Pipeline,
)
from shared_db.queries.events import TRIGGER_COLUMNS, join_trigger, with_trigger
from shared_db.queries.filters import WorkFilters, work_conditions
from shared_db.queries.pages import Keyset, Window, fetch_page, in_page_order, page_ids, where_all

RUN_NOT_FOUND = "No info about Log Detective run stored in DB"
GROUP_NOT_FOUND = "No info about group stored in DB"

# The runs (pipelines) of an analysis' group: only their ids are shown.
_GROUP_RUN_IDS = (
    joinedload(LogDetectiveRun.group)
    .selectinload(LogDetectiveRunGroup.pipelines)
    .load_only(Pipeline.id)
)


def list_log_detective_runs(session: Session, window: Window) -> list[LogDetectiveRun]:
    """One page of analyses, newest first, with their trigger (each row carries the
    project info block) and their group's run ids. Three statements."""
    ids = page_ids(session, LogDetectiveRun.id.expression, window)
    if not ids:
        return []
    runs = session.scalars(
        select(LogDetectiveRun)
        .where(LogDetectiveRun.id.in_(ids))
        .options(
            with_trigger(
                joinedload(LogDetectiveRun.group).joinedload(LogDetectiveRunGroup.project_event)
            ),
            _GROUP_RUN_IDS,
        )
    ).all()
    page: list[LogDetectiveRun] = in_page_order(list(runs), ids)
    return page


def get_log_detective_run(session: Session, run_id: int) -> LogDetectiveRun:
    """One analysis with its trigger and its group's run ids."""
    run = session.scalar(
        select(LogDetectiveRun)
        .where(LogDetectiveRun.id == run_id)
        .options(
            with_trigger(
                joinedload(LogDetectiveRun.group).joinedload(LogDetectiveRunGroup.project_event)
            ),
            _GROUP_RUN_IDS,
        )
    )
    if run is None:
        raise NotFound(RUN_NOT_FOUND)
    return run


def get_log_detective_group(session: Session, group_id: int) -> LogDetectiveRunGroup:
    """One group of analyses with its trigger, run ids and analysis ids."""
    group = session.scalar(
        select(LogDetectiveRunGroup)
        .where(LogDetectiveRunGroup.id == group_id)
        .options(
            with_trigger(joinedload(LogDetectiveRunGroup.project_event)),
            selectinload(LogDetectiveRunGroup.pipelines).load_only(Pipeline.id),
            selectinload(LogDetectiveRunGroup.targets).load_only(LogDetectiveRun.id),
        )
    )
    if group is None:
        raise NotFound(GROUP_NOT_FOUND)
    return group


# --- Core rows for the v1 list: two statements per page (the analyses, their run ids).

_RUN_ROWS = join_trigger(
    select(
        LogDetectiveRun.id,
        LogDetectiveRun.group_id,
        LogDetectiveRun.analysis_id,
        LogDetectiveRun.status,
        LogDetectiveRun.target,
        LogDetectiveRun.build_system,
        LogDetectiveRun.target_build,
        LogDetectiveRun.copr_build_target_id,
        LogDetectiveRun.koji_build_target_id,
        LogDetectiveRun.log_detective_response,
        LogDetectiveRun.error_msg,
        LogDetectiveRun.submitted_time,
        *TRIGGER_COLUMNS,
    ).join(LogDetectiveRunGroup, LogDetectiveRunGroup.id == LogDetectiveRun.group_id),
    LogDetectiveRunGroup.project_event_id,
)
_GROUP_RUNS = (
    select(Pipeline.log_detective_run_group_id.label("group_id"), Pipeline.id)
    .where(Pipeline.log_detective_run_group_id.in_(bindparam("group_ids", expanding=True)))
    .order_by(Pipeline.id)
)


def log_detective_rows(
    session: Session,
    keyset: Keyset,
    filters: WorkFilters,
    build_system: BuildSystem | None = None,
) -> tuple[list[Row[Any]], dict[int, list[int]], int | None]:
    """One keyset page of analyses with their triggers, and their groups' run ids.

    ``filters.target`` is the analysed chroot. Two statements: the rows (the analysis'
    columns and :data:`TRIGGER_COLUMNS`), then the run ids of the page's groups at once,
    as ``{group_id: [run ids, ascending]}``. The last value is the id to continue after,
    None on the last page.
    """
    statement = where_all(
        _RUN_ROWS,
        work_conditions(
            filters,
            status=LogDetectiveRun.status,
            target=LogDetectiveRun.target,
            submitted=LogDetectiveRun.submitted_time,
        ),
    )
    if build_system is not None:
        statement = statement.where(LogDetectiveRun.build_system == build_system)
    rows, next_after = fetch_page(session, keyset, statement, LogDetectiveRun.id)
    run_ids: dict[int, list[int]] = {}
    if rows:
        group_ids = sorted({row.group_id for row in rows})
        for run in session.execute(_GROUP_RUNS, {"group_ids": group_ids}):
            run_ids.setdefault(run.group_id, []).append(run.id)
    return rows, run_ids, next_after
