"""SRPM builds: the list item and one build's details.

Changes from the legacy shapes (each still carries the legacy information):
- ``srpm_build_id`` → ``id``;
- ``log_url`` (the list's dashboard link) is dropped: it is ``{DASHBOARD_URL}/jobs/srpm/{id}``;
- ``build_submitted_time``/``build_start_time``/``build_finished_time`` (epoch seconds) →
  ``submitted_time``/``started_time``/``finished_time`` (ISO 8601, UTC); the list also
  gives the start and finish times, the URLs and the Copr build id, the detail adds ``logs``;
- ``url`` → ``srpm_url``; ``logs_url``, ``copr_build_id``, ``copr_web_url``, ``run_ids`` stay;
- ``repo_namespace``, ``repo_name``, ``project_url``, ``pr_id``, ``branch_name`` and the rest
  of the project info block → ``trigger`` (always present, also for non-git projects).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field

from api_v1.schemas.base import Schema
from api_v1.schemas.common import Timestamp, TriggerRead, trigger_fields
from shared_db.models import BuildStatus, SRPMBuild
from shared_db.queries.events import trigger_of


class SRPMBuildRead(Schema):
    """One SRPM build: the source package built from an event's commit."""

    id: int = Field(description="Packit id of the SRPM build", examples=[1042])
    status: BuildStatus
    submitted_time: Timestamp
    started_time: Timestamp | None
    finished_time: Timestamp | None
    srpm_url: str | None = Field(
        description="Where the built SRPM is (none when the build failed)",
        examples=["https://download.copr.fedorainfracloud.org/results/packit/ogr.src.rpm"],
    )
    logs_url: str | None = Field(
        description="The build log", examples=["https://logs.example.org/builder-live.log"]
    )
    copr_build_id: str | None = Field(
        description="Copr's build id, when Copr built the SRPM", examples=["7000001"]
    )
    copr_web_url: str | None = Field(
        examples=["https://copr.fedorainfracloud.org/coprs/build/7000001/"]
    )
    trigger: TriggerRead

    @classmethod
    def of_row(cls, r: Mapping[str, Any]) -> SRPMBuildRead:
        """From a row (as a dict: ``row_dicts``) of
        :func:`shared_db.queries.srpm_builds.srpm_build_rows`."""
        return cls.model_validate(
            {
                "id": r["id"],
                "status": r["status"],
                "submitted_time": r["submitted_time"],
                "started_time": r["build_start_time"],
                "finished_time": r["build_finished_time"],
                "srpm_url": r["url"],
                "logs_url": r["logs_url"],
                "copr_build_id": r["copr_build_id"],
                "copr_web_url": r["copr_web_url"],
                "trigger": trigger_fields(r),
            }
        )


class SRPMBuildDetailRead(SRPMBuildRead):
    """One SRPM build with its log text and the runs it is part of."""

    logs: str | None = Field(description="The build log's text, when stored")
    run_ids: list[int] = Field(description="Runs (pipelines) it is part of, ascending")

    @classmethod
    def of(cls, build: SRPMBuild) -> SRPMBuildDetailRead:
        """From :func:`shared_db.queries.srpm_builds.get_srpm_build`'s loaded build."""
        return cls(
            id=build.id,
            status=build.status,
            submitted_time=build.submitted_time,
            started_time=build.build_start_time,
            finished_time=build.build_finished_time,
            srpm_url=build.url,
            logs_url=build.logs_url,
            copr_build_id=build.copr_build_id,
            copr_web_url=build.copr_web_url,
            trigger=TriggerRead.of(trigger_of(build.project_event)),
            logs=build.logs,
            run_ids=sorted(run.id for run in build.pipelines),
        )
