"""The group every job's work items belong to: what one event's job made."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol, Self

from pydantic import Field

from api_v1.schemas.base import Schema
from api_v1.schemas.common import Timestamp, TriggerRead
from shared_db.models import ProjectEvent
from shared_db.queries.events import trigger_of


class _HasId(Protocol):
    @property
    def id(self) -> int: ...


class JobGroup(Protocol):
    """What every ``*Group`` model has, loaded with its runs, targets and event."""

    @property
    def id(self) -> int: ...
    @property
    def submitted_time(self) -> datetime: ...
    @property
    def pipelines(self) -> Sequence[_HasId]: ...
    @property
    def targets(self) -> Sequence[_HasId]: ...
    @property
    def project_event(self) -> ProjectEvent: ...


class GroupRead(Schema):
    """The work items one event's job made. Subclasses name the items."""

    id: int
    submitted_time: Timestamp
    run_ids: list[int] = Field(description="Runs (pipelines) of the group, ascending")
    target_ids: list[int] = Field(description="Ids of its items, ascending")
    trigger: TriggerRead

    @classmethod
    def of(cls, group: JobGroup) -> Self:
        """From a group loaded by its query (``get_*_group`` in shared_db.queries)."""
        return cls(
            id=group.id,
            submitted_time=group.submitted_time,
            run_ids=sorted(run.id for run in group.pipelines),
            target_ids=sorted(target.id for target in group.targets),
            trigger=TriggerRead.of(trigger_of(group.project_event)),
        )
