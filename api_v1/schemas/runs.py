"""Runs (pipelines) and merged runs (the runs that share one SRPM build, shown as one).

Changes from the legacy shapes (each still carries the legacy information):
- ``merged_run_id`` → ``id`` (the lowest run id of the group); ``run_id`` → ``id``;
- ``time_submitted`` (epoch seconds) → ``submitted_time`` (ISO 8601, UTC);
- ``srpm{packit_id, status}`` → ``srpm{id, status}``; each job item
  ``{packit_id, target, status}`` → ``{id, target, status}``; the seven job lists
  (``copr`` … ``vm_image_build``) keep their names, nested under ``jobs``;
- ``trigger`` (the flat project info block) → a nested ``trigger`` object.
"""

from __future__ import annotations

from pydantic import Field

from api_v1.schemas.base import Schema
from api_v1.schemas.common import Timestamp, TriggerRead
from shared_db.models import BuildStatus, Pipeline
from shared_db.queries.events import Trigger
from shared_db.queries.runs import MergedRun


class JobStateRead(Schema):
    """One target of a job: a build, test, sync or update in one chroot or branch."""

    id: int = Field(description="Packit id of the target (the job's detail route id)")
    target: str = Field(description="Chroot or dist-git branch", examples=["fedora-41-x86_64"])
    status: str = Field(description="The status, in the job kind's own terms", examples=["success"])


class SRPMStateRead(Schema):
    id: int = Field(description="Packit id of the SRPM build")
    status: BuildStatus


class MergedRunJobsRead(Schema):
    """Every job target of a merged run, per kind, oldest group first (Copr targets still
    waiting for their SRPM are left out; one release sync at most)."""

    copr: list[JobStateRead]
    koji: list[JobStateRead]
    test_run: list[JobStateRead]
    propose_downstream: list[JobStateRead]
    pull_from_upstream: list[JobStateRead]
    bodhi_update: list[JobStateRead]
    vm_image_build: list[JobStateRead]


class MergedRunRead(Schema):
    """What the runs of one SRPM build did (a run without one is a merged run of its own)."""

    id: int = Field(description="The lowest run id of the merged run", examples=[1042])
    submitted_time: Timestamp = Field(
        description="When its SRPM build was submitted; without one, its first job"
    )
    srpm: SRPMStateRead | None = Field(description="The SRPM build its runs share")
    jobs: MergedRunJobsRead
    trigger: TriggerRead = Field(description="The event of its first run")

    @classmethod
    def of(cls, run: MergedRun) -> MergedRunRead:
        """From ``runs.get_merged_run`` or ``runs.merged_run_rows`` (shared_db.queries).

        One validation of plain values (the trigger read by attribute), not a model built
        per job in Python: a page has a few jobs per run."""
        srpm = run.srpm
        return cls.model_validate(
            {
                "id": run.merged_run_id,
                "submitted_time": run.time_submitted,
                "srpm": None if srpm is None else {"id": srpm.packit_id, "status": srpm.status},
                "jobs": {
                    kind: [
                        {"id": j.packit_id, "target": j.target, "status": j.status.value}
                        for j in jobs
                    ]
                    for kind, jobs in run.jobs.items()
                },
                "trigger": run.trigger,
            }
        )


class RunRead(Schema):
    """One run (pipeline): an event, its SRPM build and the groups of jobs that followed."""

    id: int = Field(examples=[1042])
    srpm_build_id: int | None
    copr_build_group_id: int | None
    koji_build_group_id: int | None
    test_run_group_id: int | None
    bodhi_update_group_id: int | None
    trigger: TriggerRead

    @classmethod
    def of(cls, run: Pipeline, trigger: Trigger) -> RunRead:
        """From :func:`shared_db.queries.runs.get_run`."""
        return cls(
            id=run.id,
            srpm_build_id=run.srpm_build_id,
            copr_build_group_id=run.copr_build_group_id,
            koji_build_group_id=run.koji_build_group_id,
            test_run_group_id=run.test_run_group_id,
            bodhi_update_group_id=run.bodhi_update_group_id,
            trigger=TriggerRead.of(trigger),
        )
