"""Filters the list queries share: what, where, when, and on which project and trigger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute

from shared_db.models import GitProject, ProjectEvent, ProjectEventType

Column = ColumnElement[Any] | InstrumentedAttribute[Any]


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
        conditions.append(GitProject.instance_url == filters.forge)
    if filters.namespace is not None:
        conditions.append(GitProject.namespace == filters.namespace)
    if filters.repo_name is not None:
        conditions.append(GitProject.repo_name == filters.repo_name)
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
        conditions.append(target == filters.target)
    if submitted is not None and filters.submitted_after is not None:
        conditions.append(submitted >= filters.submitted_after)
    if submitted is not None and filters.submitted_before is not None:
        conditions.append(submitted < filters.submitted_before)
    return conditions
