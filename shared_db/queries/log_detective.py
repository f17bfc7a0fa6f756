"""Log Detective runs: the list of analyses, one analysis, one group."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from shared_db.errors import NotFound
from shared_db.models import LogDetectiveRun, LogDetectiveRunGroup, Pipeline, ProjectEvent
from shared_db.queries.events import with_trigger
from shared_db.queries.pages import Window, in_page_order, page_ids

RUN_NOT_FOUND = "No info about Log Detective run stored in DB"
GROUP_NOT_FOUND = "No info about group stored in DB"

# The runs (pipelines) of an analysis' group: only their ids are shown.
_GROUP_RUN_IDS = (
    joinedload(LogDetectiveRun.group)
    .selectinload(LogDetectiveRunGroup.pipelines)
    .load_only(Pipeline.id)
)


def list_log_detective_runs(session: Session, window: Window) -> list[LogDetectiveRun]:
    """One page of analyses, newest first, with their event's commit and their group's
    run ids. Three statements."""
    ids = page_ids(session, LogDetectiveRun.id.expression, window)
    if not ids:
        return []
    runs = session.scalars(
        select(LogDetectiveRun)
        .where(LogDetectiveRun.id.in_(ids))
        .options(
            joinedload(LogDetectiveRun.group)
            .joinedload(LogDetectiveRunGroup.project_event)
            .load_only(ProjectEvent.commit_sha),
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
