"""Bodhi updates: one update target (an update for one dist-git branch), and groups of them.

Changes from the legacy shapes (each still carries the legacy information):
- ``packit_id`` → ``id`` (the legacy detail has no id: it is the path's id); items also
  give ``group_id``;
- ``submitted_time``/``update_creation_time`` (epoch seconds) → ISO 8601 (UTC);
- the list's ``pr_id``, ``branch_name``, ``release``, ``project_url``, ``repo_namespace``,
  ``repo_name`` and the detail's project info block → ``trigger``;
- groups' ``update_target_ids`` → ``target_ids``; groups also give their ``id``.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from api_v1.schemas.base import Schema
from api_v1.schemas.common import Timestamp, TriggerRead, trigger_fields
from api_v1.schemas.groups import GroupRead
from shared_db.models import BodhiUpdateStatus, BodhiUpdateTarget
from shared_db.queries.events import trigger_of


class BodhiUpdateRead(Schema):
    """One Bodhi update for one dist-git branch."""

    id: int = Field(description="Packit id of this update target", examples=[41])
    group_id: int = Field(description="The group of update targets it belongs to")
    status: BodhiUpdateStatus
    branch: str = Field(description="The dist-git branch it updates", examples=["f41"])
    web_url: str | None = Field(
        description="The update in Bodhi, once created",
        examples=["https://bodhi.fedoraproject.org/updates/FEDORA-2026-1a2b3c4d5e"],
    )
    koji_nvrs: str | None = Field(
        description="NVRs of the Koji builds in the update", examples=["python-ogr-0.50-1.fc41"]
    )
    alias: str | None = Field(description="Bodhi's alias", examples=["FEDORA-2026-1a2b3c4d5e"])
    submitted_time: Timestamp
    update_creation_time: Timestamp | None = Field(description="When Bodhi created the update")
    trigger: TriggerRead

    @classmethod
    def of_row(cls, row: Any) -> BodhiUpdateRead:
        """From a row of :func:`shared_db.queries.bodhi_updates.bodhi_update_rows`."""
        return cls(
            id=row.id,
            group_id=row.group_id,
            status=row.status,
            branch=row.target,
            web_url=row.web_url,
            koji_nvrs=row.koji_nvrs,
            alias=row.alias,
            submitted_time=row.submitted_time,
            update_creation_time=row.update_creation_time,
            trigger=TriggerRead.model_validate(trigger_fields(row._mapping)),
        )


class BodhiUpdateDetailRead(BodhiUpdateRead):
    """One Bodhi update for one dist-git branch, with its runs and error."""

    run_ids: list[int] = Field(description="Runs (pipelines) it is part of, ascending")
    error_message: str | None = Field(
        description="Why the update failed", examples=["Bodhi refused the update"]
    )

    @classmethod
    def of(cls, update: BodhiUpdateTarget) -> BodhiUpdateDetailRead:
        """From :func:`shared_db.queries.bodhi_updates.get_bodhi_update`'s loaded target."""
        return cls(
            id=update.id,
            group_id=update.group_id,
            status=update.status,
            branch=update.target,
            web_url=update.web_url,
            koji_nvrs=update.koji_nvrs,
            alias=update.alias,
            submitted_time=update.submitted_time,
            update_creation_time=update.update_creation_time,
            trigger=TriggerRead.of(trigger_of(update.group.project_event)),
            run_ids=sorted(run.id for run in update.group.pipelines),
            error_message=update.error_message,
        )


class BodhiUpdateGroupRead(GroupRead):
    """The update targets (one per dist-git branch) one event's Bodhi job made."""

    target_ids: list[int] = Field(description="Ids of its update targets, ascending")
