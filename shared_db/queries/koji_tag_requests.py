"""Koji tag requests (tagging a build into a sidetag): the list, one target, one group."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from shared_db.errors import NotFound
from shared_db.models import KojiTagRequestGroup, KojiTagRequestTarget, Pipeline
from shared_db.queries.events import TRIGGER_COLUMNS, join_trigger, with_trigger
from shared_db.queries.filters import WorkFilters, text_is, work_conditions
from shared_db.queries.pages import Keyset, Window, fetch_page, in_page_order, page_ids, where_all

TAG_REQUEST_NOT_FOUND = "No info about tagging request stored in DB"
GROUP_NOT_FOUND = "No info about group stored in DB"


def _trigger_of_target() -> _AbstractLoad:
    """A target's group, its event and all the event points at (one joined statement)."""
    return with_trigger(
        joinedload(KojiTagRequestTarget.group).joinedload(KojiTagRequestGroup.project_event)
    )


def list_koji_tag_requests(session: Session, window: Window) -> list[KojiTagRequestTarget]:
    """One page of tag request targets, newest first, each with its trigger. Two statements."""
    ids = page_ids(session, KojiTagRequestTarget.id.expression, window)
    if not ids:
        return []
    tag_requests = session.scalars(
        select(KojiTagRequestTarget)
        .where(KojiTagRequestTarget.id.in_(ids))
        .options(_trigger_of_target())
    ).all()
    return in_page_order(list(tag_requests), ids)


def get_koji_tag_request(session: Session, tag_request_id: int) -> KojiTagRequestTarget:
    """One tag request target with its trigger and runs."""
    tag_request = session.scalar(
        select(KojiTagRequestTarget)
        .where(KojiTagRequestTarget.id == tag_request_id)
        .options(
            _trigger_of_target(),
            joinedload(KojiTagRequestTarget.group)
            .selectinload(KojiTagRequestGroup.pipelines)
            .load_only(Pipeline.id),
        )
    )
    if tag_request is None:
        raise NotFound(TAG_REQUEST_NOT_FOUND)
    return tag_request


def get_koji_tag_request_group(session: Session, group_id: int) -> KojiTagRequestGroup:
    """One tag request group with its trigger, runs and target ids."""
    group = session.scalar(
        select(KojiTagRequestGroup)
        .where(KojiTagRequestGroup.id == group_id)
        .options(
            with_trigger(joinedload(KojiTagRequestGroup.project_event)),
            selectinload(KojiTagRequestGroup.pipelines).load_only(Pipeline.id),
            selectinload(KojiTagRequestGroup.targets).load_only(KojiTagRequestTarget.id),
        )
    )
    if group is None:
        raise NotFound(GROUP_NOT_FOUND)
    return group


# --- Core rows for the v1 list: one statement per page, no ORM objects.

_TAG_REQUEST_ROWS = join_trigger(
    select(
        KojiTagRequestTarget.id,
        KojiTagRequestTarget.group_id,
        KojiTagRequestTarget.task_id,
        KojiTagRequestTarget.target,
        KojiTagRequestTarget.sidetag,
        KojiTagRequestTarget.nvr,
        KojiTagRequestTarget.web_url,
        KojiTagRequestTarget.submitted_time,
        *TRIGGER_COLUMNS,
    ).join(KojiTagRequestGroup, KojiTagRequestGroup.id == KojiTagRequestTarget.group_id),
    KojiTagRequestGroup.project_event_id,
)


def koji_tag_request_rows(
    session: Session, keyset: Keyset, filters: WorkFilters, *, sidetag: str | None = None
) -> tuple[list[Row[Any]], int | None]:
    """One keyset page of tag request targets with their triggers, in one statement.

    ``filters.target`` is the Koji target (dist-git branch); ``sidetag`` keeps the requests
    into that sidetag only. Rows carry the target's columns and :data:`TRIGGER_COLUMNS`;
    the second value is the id to continue after, None on the last page.
    """
    conditions = work_conditions(
        filters,
        target=KojiTagRequestTarget.target,
        submitted=KojiTagRequestTarget.submitted_time,
    )
    if sidetag is not None:
        conditions.append(text_is(KojiTagRequestTarget.sidetag, sidetag))
    statement = where_all(_TAG_REQUEST_ROWS, conditions)
    return fetch_page(session, keyset, statement, KojiTagRequestTarget.id)
