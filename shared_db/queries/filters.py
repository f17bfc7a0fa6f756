"""Filters the list queries share: what, where, when, and on which project and trigger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, false
from sqlalchemy.orm import InstrumentedAttribute

from shared_db.models import GitProject, ProjectEvent, ProjectEventType

Column = ColumnElement[Any] | InstrumentedAttribute[Any]

NUL = "\x00"


def storable(text: str) -> bool:
    """Whether ``text`` could be stored at all: PostgreSQL's text types cannot hold a NUL
    character (and refuse even to compare with one), so nothing this service stores has
    one, on either database."""
    return NUL not in text


def text_is(column: Column, text: str) -> ColumnElement[bool]:
    """``column = text``, or FALSE for a text no row can hold (see :func:`storable`): a
    name with a NUL character names nothing, so every lookup by name answers "not found"
    (or an empty page) for it instead of a database error."""
    return column == text if storable(text) else false()


@dataclass(frozen=True, slots=True)
class WorkFilters:
    """Every field is optional; set fields are ANDed."""

    status: str | None = None
    target: str | None = None  # chroot, dist-git branch, …
    forge: str | None = None
    namespace: str | None = None
    repo_name: str | None = None
    trigger: ProjectEventType | None = None
    submitted_after: datetime | None = None  # inclusive
    submitted_before: datetime | None = None  # exclusive


def trigger_conditions(filters: WorkFilters) -> list[ColumnElement[bool]]:
    """Conditions on the project and the event; the statement must join both
    (:func:`shared_db.queries.events.join_trigger` does)."""
    conditions: list[ColumnElement[bool]] = []
    if filters.forge is not None:
        conditions.append(text_is(GitProject.instance_url, filters.forge))
    if filters.namespace is not None:
        conditions.append(text_is(GitProject.namespace, filters.namespace))
    if filters.repo_name is not None:
        conditions.append(text_is(GitProject.repo_name, filters.repo_name))
    if filters.trigger is not None:
        conditions.append(ProjectEvent.type == filters.trigger)
    return conditions


def work_conditions(
    filters: WorkFilters,
    *,
    status: Column | None = None,
    target: Column | None = None,
    submitted: Column | None = None,
) -> list[ColumnElement[bool]]:
    """Conditions on the work item's own columns, plus :func:`trigger_conditions`.

    A filter whose column the work item does not have (``None`` here) is ignored; the v1
    routes only offer the filters that apply.
    """
    conditions = trigger_conditions(filters)
    if status is not None and filters.status is not None:
        conditions.append(status == filters.status)
    if target is not None and filters.target is not None:
        conditions.append(text_is(target, filters.target))
    if submitted is not None and filters.submitted_after is not None:
        conditions.append(submitted >= filters.submitted_after)
    if submitted is not None and filters.submitted_before is not None:
        conditions.append(submitted < filters.submitted_before)
    return conditions
