"""Copr builds: one target (a build in one chroot), its details, and groups of them.

Changes from the legacy shapes (each still carries the legacy information):
- the list is one item per chroot build, not one per Copr build id: the legacy
  ``status_per_chroot``/``packit_id_per_chroot`` are rebuilt by grouping items on
  ``build_id`` (the legacy ``packit_id`` is the lowest ``id`` of the group);
- ``packit_id`` → ``id``; ``target``/``chroot`` → ``chroot``; ``project`` and
  ``copr_project`` → ``copr_project``; ``copr_owner`` stays;
- ``build_submitted_time``/``build_start_time``/``build_finished_time`` (epoch seconds) →
  ``submitted_time``/``started_time``/``finished_time`` (ISO 8601, UTC);
- ``ref``/``commit_sha``, ``pr_id``, ``branch_name``, ``repo_namespace``, ``repo_name``,
  ``project_url`` and the rest of the project info block → ``trigger``;
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
from shared_db.models import BuildStatus, CoprBuildTarget
from shared_db.queries.copr_builds import srpm_build_id_of
from shared_db.queries.events import trigger_of


class CoprBuildRead(Schema):
    """One Copr build in one chroot."""

    id: int = Field(description="Packit id of this chroot build", examples=[312])
    group_id: int = Field(description="The group of chroot builds it belongs to")
    build_id: str = Field(
        description="Copr's build id, shared by all chroots", examples=["8123456"]
    )
    copr_project: str = Field(examples=["packit-ogr-1234"])
    copr_owner: str = Field(examples=["packit"])
    chroot: str = Field(examples=["fedora-rawhide-x86_64"])
    status: BuildStatus
    web_url: str | None = Field(examples=["https://copr.fedorainfracloud.org/coprs/build/8123456/"])
    build_logs_url: str | None
    submitted_time: Timestamp
    started_time: Timestamp | None
    finished_time: Timestamp | None
    trigger: TriggerRead

    @classmethod
    def of_row(cls, r: Mapping[str, Any]) -> CoprBuildRead:
        """From a row (as a dict: ``row_dicts``) of
        :func:`shared_db.queries.copr_builds.copr_build_rows`."""
        return cls.model_validate(
            {
                "id": r["id"],
                "group_id": r["group_id"],
                "build_id": r["build_id"],
                "copr_project": r["project_name"],
                "copr_owner": r["owner"],
                "chroot": r["target"],
                "status": r["status"],
                "web_url": r["web_url"],
                "build_logs_url": r["build_logs_url"],
                "submitted_time": r["submitted_time"],
                "started_time": r["build_start_time"],
                "finished_time": r["build_finished_time"],
                "trigger": trigger_fields(r),
            }
        )


class CoprBuildDetailRead(CoprBuildRead):
    """One Copr build in one chroot, with what it produced and what it is part of."""

    srpm_build_id: int | None = Field(description="The SRPM build it built from")
    run_ids: list[int] = Field(description="Runs (pipelines) it is part of, ascending")
    built_packages: list[dict[str, Any]] | None = Field(
        description="NEVRAs of the built packages, as Copr reports them"
    )
    log_detective_run_ids: list[int] = Field(description="Log Detective analyses of its logs")

    @classmethod
    def of(cls, build: CoprBuildTarget) -> CoprBuildDetailRead:
        """From :func:`shared_db.queries.copr_builds.get_copr_build`'s loaded target."""
        pipelines = build.group.pipelines
        return cls(
            id=build.id,
            group_id=build.group_id,
            build_id=build.build_id,
            copr_project=build.project_name,
            copr_owner=build.owner,
            chroot=build.target,
            status=build.status,
            web_url=build.web_url,
            build_logs_url=build.build_logs_url,
            submitted_time=build.submitted_time,
            started_time=build.build_start_time,
            finished_time=build.build_finished_time,
            trigger=TriggerRead.of(trigger_of(build.group.project_event)),
            srpm_build_id=srpm_build_id_of(pipelines),
            run_ids=sorted(run.id for run in pipelines),
            built_packages=build.built_packages,
            log_detective_run_ids=sorted(run.id for run in build.log_detective_runs),
        )


class CoprBuildGroupRead(GroupRead):
    """The chroot builds one event's Copr job made."""

    target_ids: list[int] = Field(description="Ids of its chroot builds, ascending")
