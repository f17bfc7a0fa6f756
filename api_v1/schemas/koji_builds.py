"""Koji builds: one target (a build for one Koji target), its details, and groups of them.

Changes from the legacy shapes (each still carries the legacy information):
- ``packit_id`` → ``id``; ``chroot`` → ``target`` (a dist-git branch or Koji tag, as the
  database calls it); list items also give ``group_id``;
- ``build_submitted_time``/``build_start_time``/``build_finished_time`` (epoch seconds) →
  ``submitted_time``/``started_time``/``finished_time`` (ISO 8601, UTC); the list items
  carry the start and finish times too;
- ``commit_sha``, ``pr_id``, ``branch_name``, ``release``, ``project_url``,
  ``repo_namespace``, ``repo_name`` and the rest of the project info block → ``trigger``;
- ``log_detective_runs`` → ``log_detective_run_ids``; groups' ``build_target_ids`` →
  ``target_ids``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field

from api_v1.schemas.base import Schema
from api_v1.schemas.common import Timestamp, TriggerRead, trigger_fields
from api_v1.schemas.groups import GroupRead
from shared_db.models import KojiBuildState, KojiBuildTarget
from shared_db.queries.copr_builds import srpm_build_id_of
from shared_db.queries.events import trigger_of


class KojiBuildRead(Schema):
    """One Koji build for one Koji target."""

    id: int = Field(description="Packit id of this Koji build", examples=[4312])
    group_id: int = Field(description="The group of Koji builds it belongs to")
    task_id: str | None = Field(description="Koji's task id", examples=["120000001"])
    scratch: bool = Field(description="A scratch build (true) or a production build (false)")
    target: str = Field(
        description="Koji target: the dist-git branch or tag built for", examples=["rawhide"]
    )
    status: KojiBuildState
    web_url: str | None = Field(
        examples=["https://koji.fedoraproject.org/koji/taskinfo?taskID=120000001"]
    )
    build_logs_urls: dict[str, str] | None = Field(
        description="Build log URL per architecture",
        examples=[
            {"x86_64": "https://kojipkgs.fedoraproject.org/work/tasks/1/120000001/build.log"}
        ],
    )
    submitted_time: Timestamp
    started_time: Timestamp | None
    finished_time: Timestamp | None
    trigger: TriggerRead

    @classmethod
    def of_row(cls, r: Mapping[str, Any]) -> KojiBuildRead:
        """From a row (as a dict: ``row_dicts``) of
        :func:`shared_db.queries.koji_builds.koji_build_rows`."""
        return cls.model_validate(
            {
                "id": r["id"],
                "group_id": r["group_id"],
                "task_id": r["task_id"],
                "scratch": r["scratch"],
                "target": r["target"],
                "status": r["status"],
                "web_url": r["web_url"],
                "build_logs_urls": r["build_logs_urls"],
                "submitted_time": r["submitted_time"],
                "started_time": r["build_start_time"],
                "finished_time": r["build_finished_time"],
                "trigger": trigger_fields(r),
            }
        )


class KojiBuildDetailRead(KojiBuildRead):
    """One Koji build, with how it was submitted, how it failed and what it is part of."""

    srpm_build_id: int | None = Field(description="The SRPM build it built from")
    run_ids: list[int] = Field(description="Runs (pipelines) it is part of, ascending")
    build_submission_stdout: str | None = Field(
        description="What the submission printed", examples=["Created task: 120000001\n"]
    )
    error_message: str | None = Field(examples=["Build failed: see build.log"])
    log_detective_run_ids: list[int] = Field(description="Log Detective analyses of its logs")

    @classmethod
    def of(cls, build: KojiBuildTarget) -> KojiBuildDetailRead:
        """From :func:`shared_db.queries.koji_builds.get_koji_build`'s loaded target."""
        pipelines = build.group.pipelines
        return cls(
            id=build.id,
            group_id=build.group_id,
            task_id=build.task_id,
            scratch=build.scratch,
            target=build.target,
            status=build.status,
            web_url=build.web_url,
            build_logs_urls=build.build_logs_urls,
            submitted_time=build.submitted_time,
            started_time=build.build_start_time,
            finished_time=build.build_finished_time,
            trigger=TriggerRead.of(trigger_of(build.group.project_event)),
            srpm_build_id=srpm_build_id_of(pipelines),
            run_ids=sorted(run.id for run in pipelines),
            build_submission_stdout=build.build_submission_stdout,
            error_message=build.error_message,
            log_detective_run_ids=sorted(run.id for run in build.log_detective_runs),
        )


class KojiBuildGroupRead(GroupRead):
    """The Koji builds one event's Koji job made, one per Koji target."""

    target_ids: list[int] = Field(description="Ids of its Koji builds, ascending")
