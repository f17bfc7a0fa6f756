"""Reading the feed of status changes (``status_events``), and pruning its tail.

Both the live fan-out and a client's catch-up read the table the same way: events after an
id, oldest first, each with its project's forge, namespace and repository. A
:class:`EventFilter` is applied in SQL when reading and in Python to live events, with the
same meaning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from shared_db.models import GitProject, StatusEvent


class EventKind(StrEnum):
    """The kinds of targets the triggers of revision 0004 write events for."""

    srpm_build = "srpm_build"
    copr_build = "copr_build"
    koji_build = "koji_build"
    koji_tag_request = "koji_tag_request"  # no status: one event, on creation
    testing_farm = "testing_farm"
    sync_release_run = "sync_release_run"
    sync_release_target = "sync_release_target"
    bodhi_update = "bodhi_update"
    log_detective = "log_detective"
    scan = "scan"
    vm_image_build = "vm_image_build"


@dataclass(frozen=True, slots=True)
class EventProject:
    forge: str
    namespace: str
    repo_name: str


@dataclass(frozen=True, slots=True)
class FeedEvent:
    """One status change as clients receive it."""

    id: int
    kind: str
    target_id: int
    group_id: int | None
    run_id: int | None
    project: EventProject | None
    old_status: str | None
    new_status: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events a client wants; an empty field matches every event."""

    kinds: frozenset[str] = frozenset()
    target_id: int | None = None
    run_id: int | None = None
    forge: str | None = None
    namespace: str | None = None
    repo_name: str | None = None

    def matches(self, event: FeedEvent) -> bool:
        if self.kinds and event.kind not in self.kinds:
            return False
        if self.target_id is not None and event.target_id != self.target_id:
            return False
        if self.run_id is not None and event.run_id != self.run_id:
            return False
        wanted = (self.forge, self.namespace, self.repo_name)
        if wanted == (None, None, None):
            return True
        project = event.project
        if project is None:
            return False
        have = (project.forge, project.namespace, project.repo_name)
        return all(want is None or want == got for want, got in zip(wanted, have, strict=True))

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.kinds:
            conditions.append(StatusEvent.kind.in_(sorted(self.kinds)))
        if self.target_id is not None:
            conditions.append(StatusEvent.target_id == self.target_id)
        if self.run_id is not None:
            conditions.append(StatusEvent.run_id == self.run_id)
        for column, value in (
            (GitProject.instance_url, self.forge),
            (GitProject.namespace, self.namespace),
            (GitProject.repo_name, self.repo_name),
        ):
            if value is not None:
                conditions.append(column == value)
        return conditions


EVERYTHING = EventFilter()


def events_after(
    session: Session, after: int, limit: int, wanted: EventFilter = EVERYTHING
) -> list[FeedEvent]:
    """The first ``limit`` events with an id above ``after`` that ``wanted`` matches."""
    rows = session.execute(
        select(
            StatusEvent.id,
            StatusEvent.kind,
            StatusEvent.target_id,
            StatusEvent.group_id,
            StatusEvent.run_id,
            StatusEvent.old_status,
            StatusEvent.new_status,
            StatusEvent.at,
            GitProject.instance_url,
            GitProject.namespace,
            GitProject.repo_name,
        )
        .outerjoin(GitProject, GitProject.id == StatusEvent.project_id)
        .where(StatusEvent.id > after, *wanted.conditions())
        .order_by(StatusEvent.id)
        .limit(limit)
    )
    return [
        FeedEvent(
            id=row.id,
            kind=row.kind,
            target_id=row.target_id,
            group_id=row.group_id,
            run_id=row.run_id,
            project=None
            if row.instance_url is None
            else EventProject(row.instance_url, row.namespace, row.repo_name),
            old_status=row.old_status,
            new_status=row.new_status,
            at=row.at,
        )
        for row in rows
    ]


def latest_event_id(session: Session) -> int:
    """The newest event's id, 0 for an empty feed."""
    return session.scalar(select(func.coalesce(func.max(StatusEvent.id), 0))) or 0


def prune_events(session: Session, before: datetime) -> int:
    """Delete the events older than ``before``; how many went. Flushes only."""
    result = session.execute(delete(StatusEvent).where(StatusEvent.at < before))
    deleted: int = getattr(result, "rowcount", 0)
    return deleted


def events_since(
    session: Session, after: int, limit: int, wanted: EventFilter = EVERYTHING
) -> tuple[list[FeedEvent], int]:
    """:func:`events_after`, and the newest id read first: every event up to that id is
    committed (or rolled back for good), so a reader that got fewer than ``limit`` events
    has seen all it wanted up to it."""
    head = latest_event_id(session)
    return events_after(session, after, limit, wanted), head
