"""Release syncs (propose downstream, pull from upstream): the syncs and one target of one.

Both job types share these shapes; the route (`/propose-downstream`, `/pull-from-upstream`)
says which job type an item is.

Changes from the legacy shapes (each still carries the legacy information):
- ``packit_id`` → ``id``;
- ``status_per_downstream_pr``/``packit_id_per_downstream_pr`` → ``targets`` (a list of
  ``{id, branch, status}``, oldest first; the legacy maps are keyed by ``branch``);
- ``submitted_time``/``start_time``/``finished_time`` (epoch seconds) → ``submitted_time``/
  ``started_time``/``finished_time`` (ISO 8601, UTC);
- ``pr_id``, ``issue_id``, ``release``, ``anitya_version`` and the project info block →
  ``trigger``;
- a target's ``downstream_pr_project`` (the project URL of its first downstream pull
  request) → each of ``downstream_prs`` has its own ``project`` (``url`` is the legacy value);
- a target gains ``id`` and ``sync_release_id`` (the sync it belongs to).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from api_v1.schemas.base import Schema
from api_v1.schemas.common import ProjectRead, Timestamp, TriggerRead, trigger_fields
from shared_db.models import SyncReleasePullRequest, SyncReleaseStatus, SyncReleaseTargetStatus
from shared_db.queries.sync_releases import SyncReleaseSummary, SyncReleaseTargetDetail


class SyncReleaseTargetStateRead(Schema):
    """One dist-git branch of a sync, as the list shows it."""

    id: int = Field(description="Packit id of the target (the detail route's id)", examples=[41])
    branch: str = Field(description="Dist-git branch", examples=["rawhide"])
    status: SyncReleaseTargetStatus


class SyncReleaseRead(Schema):
    """One sync of an upstream release to dist-git, across its branches."""

    id: int = Field(description="Packit id of the sync", examples=[17])
    status: SyncReleaseStatus
    submitted_time: Timestamp
    targets: list[SyncReleaseTargetStateRead] = Field(
        description="Its dist-git branches, oldest target first"
    )
    trigger: TriggerRead

    @classmethod
    def of_row(cls, row: Any, targets: list[Any]) -> SyncReleaseRead:
        """From a row of :func:`shared_db.queries.sync_releases.sync_release_rows` and the
        rows of its targets."""
        return cls(
            id=row.id,
            status=row.status,
            submitted_time=row.submitted_time,
            targets=[SyncReleaseTargetStateRead.model_validate(target) for target in targets],
            trigger=TriggerRead.model_validate(trigger_fields(row._mapping)),
        )

    @classmethod
    def of(cls, summary: SyncReleaseSummary) -> SyncReleaseRead:
        """From :func:`shared_db.queries.sync_releases.list_sync_releases` (the offset
        pages the legacy view of the list reads)."""
        run = summary.run
        return cls(
            id=run.id,
            status=run.status,
            submitted_time=run.submitted_time,
            targets=[SyncReleaseTargetStateRead.model_validate(t) for t in summary.targets],
            trigger=TriggerRead.of(summary.trigger),
        )


class DownstreamPullRequestRead(Schema):
    """A pull request opened in the downstream (dist-git) project."""

    pr_id: int = Field(description="Pull request number in dist-git", examples=[123])
    branch: str = Field(description="The branch it targets", examples=["f41"])
    is_fast_forward: bool = Field(description="Whether it fast-forwards another branch's")
    url: str | None = Field(
        examples=["https://src.fedoraproject.org/rpms/python-ogr/pull-request/123"]
    )
    project: ProjectRead = Field(description="The dist-git project it was opened in")

    @classmethod
    def of(cls, pull_request: SyncReleasePullRequest) -> DownstreamPullRequestRead:
        return cls(
            pr_id=pull_request.pr_id,
            branch=pull_request.target_branch,
            is_fast_forward=pull_request.is_fast_forward,
            url=pull_request.url,
            project=ProjectRead.model_validate(pull_request.project),
        )


class SyncReleaseTargetRead(Schema):
    """One dist-git branch of a sync, with its downstream pull requests and logs."""

    id: int = Field(description="Packit id of the target", examples=[41])
    sync_release_id: int = Field(description="The sync it is a branch of", examples=[17])
    branch: str = Field(description="Dist-git branch", examples=["rawhide"])
    status: SyncReleaseTargetStatus
    submitted_time: Timestamp
    started_time: Timestamp | None
    finished_time: Timestamp | None
    logs: str | None = Field(description="The sync's log for this branch")
    downstream_prs: list[DownstreamPullRequestRead] = Field(
        description="Pull requests opened downstream, oldest first"
    )
    trigger: TriggerRead = Field(description="What caused the sync")

    @classmethod
    def of(cls, detail: SyncReleaseTargetDetail) -> SyncReleaseTargetRead:
        """From :func:`shared_db.queries.sync_releases.get_sync_release_target`."""
        target = detail.target
        return cls(
            id=target.id,
            sync_release_id=target.sync_release_run_id,
            branch=target.branch,
            status=target.status,
            submitted_time=target.submitted_time,
            started_time=target.start_time,
            finished_time=target.finished_time,
            logs=target.logs,
            downstream_prs=[DownstreamPullRequestRead.of(pr) for pr in detail.pull_requests],
            trigger=TriggerRead.of(detail.trigger),
        )
