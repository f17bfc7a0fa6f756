"""Koji tag requests: one target (tagging one build into a sidetag), its details, groups.

Changes from the legacy shapes (each still carries the legacy information):
- ``packit_id`` → ``id``; ``chroot`` → ``target`` (the dist-git branch, as the database
  calls it); list items also give ``group_id``;
- ``tag_request_submitted_time`` (epoch seconds) → ``submitted_time`` (ISO 8601, UTC);
- ``commit_sha``, ``pr_id``, ``branch_name``, ``release``, ``project_url``,
  ``repo_namespace``, ``repo_name`` and the rest of the project info block → ``trigger``;
- groups' ``tag_request_target_ids`` → ``target_ids``.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from api_v1.schemas.base import Schema
from api_v1.schemas.common import Timestamp, TriggerRead, trigger_fields
from api_v1.schemas.groups import GroupRead
from shared_db.models import KojiTagRequestTarget
from shared_db.queries.events import trigger_of


class KojiTagRequestRead(Schema):
    """One request to tag a Koji build into a sidetag."""

    id: int = Field(description="Packit id of this tag request", examples=[213])
    group_id: int = Field(description="The group of tag requests it belongs to")
    task_id: str | None = Field(description="Koji's task id", examples=["120000002"])
    target: str = Field(description="The dist-git branch it is for", examples=["f41"])
    sidetag: str | None = Field(
        description="The Koji sidetag tagged into", examples=["f41-build-side-12345"]
    )
    nvr: str | None = Field(description="The build tagged", examples=["ogr-1.0-1.fc41"])
    web_url: str | None = Field(
        examples=["https://koji.fedoraproject.org/koji/taskinfo?taskID=120000002"]
    )
    submitted_time: Timestamp
    trigger: TriggerRead

    @classmethod
    def of_row(cls, row: Any) -> KojiTagRequestRead:
        """From a row of :func:`shared_db.queries.koji_tag_requests.koji_tag_request_rows`."""
        return cls(
            id=row.id,
            group_id=row.group_id,
            task_id=row.task_id,
            target=row.target,
            sidetag=row.sidetag,
            nvr=row.nvr,
            web_url=row.web_url,
            submitted_time=row.submitted_time,
            trigger=TriggerRead.model_validate(trigger_fields(row._mapping)),
        )


class KojiTagRequestDetailRead(KojiTagRequestRead):
    """One tag request, with the runs it is part of."""

    run_ids: list[int] = Field(description="Runs (pipelines) it is part of, ascending")

    @classmethod
    def of(cls, tag_request: KojiTagRequestTarget) -> KojiTagRequestDetailRead:
        """From :func:`shared_db.queries.koji_tag_requests.get_koji_tag_request`'s target."""
        return cls(
            id=tag_request.id,
            group_id=tag_request.group_id,
            task_id=tag_request.task_id,
            target=tag_request.target,
            sidetag=tag_request.sidetag,
            nvr=tag_request.nvr,
            web_url=tag_request.web_url,
            submitted_time=tag_request.submitted_time,
            trigger=TriggerRead.of(trigger_of(tag_request.group.project_event)),
            run_ids=sorted(run.id for run in tag_request.group.pipelines),
        )


class KojiTagRequestGroupRead(GroupRead):
    """The tag requests one event's job made."""

    target_ids: list[int] = Field(description="Ids of its tag requests, ascending")
