"""Bodhi updates: the list of update targets, one target, one group."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session, joinedload, selectinload

from shared_db.errors import NotFound
from shared_db.models import BodhiUpdateGroup, BodhiUpdateTarget, Pipeline
from shared_db.queries.events import TRIGGER_COLUMNS, join_trigger, with_trigger
from shared_db.queries.filters import WorkFilters, work_conditions
from shared_db.queries.pages import Keyset, Window, fetch_page, in_page_order, page_ids, where_all

UPDATE_NOT_FOUND = "No info about update stored in DB"
GROUP_NOT_FOUND = "No info about group stored in DB"


def list_bodhi_updates(session: Session, window: Window) -> list[BodhiUpdateTarget]:
    """One page of update targets, newest first, each with its trigger. Two statements."""
    ids = page_ids(session, BodhiUpdateTarget.id.expression, window)
    if not ids:
        return []
    updates = session.scalars(
        select(BodhiUpdateTarget)
        .where(BodhiUpdateTarget.id.in_(ids))
        .options(
            with_trigger(
                joinedload(BodhiUpdateTarget.group).joinedload(BodhiUpdateGroup.project_event)
            )
        )
    ).all()
    page: list[BodhiUpdateTarget] = in_page_order(list(updates), ids)
    return page


def get_bodhi_update(session: Session, update_id: int) -> BodhiUpdateTarget:
    """One update target with its trigger and the ids of its group's runs."""
    update = session.scalar(
        select(BodhiUpdateTarget)
        .where(BodhiUpdateTarget.id == update_id)
        .options(
            with_trigger(
                joinedload(BodhiUpdateTarget.group).joinedload(BodhiUpdateGroup.project_event)
            ),
            joinedload(BodhiUpdateTarget.group)
            .selectinload(BodhiUpdateGroup.pipelines)
            .load_only(Pipeline.id),
        )
    )
    if update is None:
        raise NotFound(UPDATE_NOT_FOUND)
    return update


def get_bodhi_update_group(session: Session, group_id: int) -> BodhiUpdateGroup:
    """One update group with its trigger, run ids and target ids."""
    group = session.scalar(
        select(BodhiUpdateGroup)
        .where(BodhiUpdateGroup.id == group_id)
        .options(
            with_trigger(joinedload(BodhiUpdateGroup.project_event)),
            selectinload(BodhiUpdateGroup.pipelines).load_only(Pipeline.id),
            selectinload(BodhiUpdateGroup.targets).load_only(BodhiUpdateTarget.id),
        )
    )
    if group is None:
        raise NotFound(GROUP_NOT_FOUND)
    return group


# --- Core rows for the v1 list: one statement per page, no ORM objects.

_UPDATE_ROWS = join_trigger(
    select(
        BodhiUpdateTarget.id,
        BodhiUpdateTarget.group_id,
        BodhiUpdateTarget.status,
        BodhiUpdateTarget.target,
        BodhiUpdateTarget.web_url,
        BodhiUpdateTarget.koji_nvrs,
        BodhiUpdateTarget.alias,
        BodhiUpdateTarget.submitted_time,
        BodhiUpdateTarget.update_creation_time,
        *TRIGGER_COLUMNS,
    ).join(BodhiUpdateGroup, BodhiUpdateGroup.id == BodhiUpdateTarget.group_id),
    BodhiUpdateGroup.project_event_id,
)


def bodhi_update_rows(
    session: Session, keyset: Keyset, filters: WorkFilters
) -> tuple[list[Row[Any]], int | None]:
    """One keyset page of update targets with their triggers, in one statement.

    ``filters.target`` is the dist-git branch. Rows carry the target's columns and
    :data:`TRIGGER_COLUMNS`; the second value is the id to continue after, None on the
    last page.
    """
    statement = where_all(
        _UPDATE_ROWS,
        work_conditions(
            filters,
            status=BodhiUpdateTarget.status,
            target=BodhiUpdateTarget.target,
            submitted=BodhiUpdateTarget.submitted_time,
        ),
    )
    return fetch_page(session, keyset, statement, BodhiUpdateTarget.id)
