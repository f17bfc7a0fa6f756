"""runs (legacy view): merged runs (a page of them, or the one a run belongs to) and runs."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from sqlalchemy.orm import Session

from api_v1 import runs as v1
from api_v1.deps import UnitOfWorkDep
from api_v1.legacy.arguments import requested_window
from api_v1.legacy.responses import legacy_json, partial_content
from api_v1.legacy.routing import LegacyRouter
from api_v1.legacy.shapes import epoch, project_info
from api_v1.schemas.runs import JobStateRead, MergedRunJobsRead, MergedRunRead, RunRead
from shared_db.queries import runs as queries
from shared_db.queries.pages import Window

router = LegacyRouter("runs")


def job_item(job: JobStateRead) -> dict[str, Any]:
    return {"packit_id": job.id, "target": job.target, "status": job.status}


def merged_run(run: MergedRunRead) -> dict[str, Any]:
    """A merged run: its SRPM build, every kind of job (empty lists included), the time it
    was submitted and the project info of its first run's event."""
    srpm = run.srpm
    return {
        "merged_run_id": run.id,
        "srpm": None if srpm is None else {"packit_id": srpm.id, "status": srpm.status.value},
        **{
            kind: [job_item(job) for job in getattr(run.jobs, kind)]
            for kind in MergedRunJobsRead.model_fields
        },
        "time_submitted": epoch(run.submitted_time),
        "trigger": project_info(run.trigger),
    }


def run_detail(run: RunRead) -> dict[str, Any]:
    return {
        "run_id": run.id,
        "trigger": project_info(run.trigger),
        "srpm_build_id": run.srpm_build_id,
        "copr_build_group_id": run.copr_build_group_id,
        "koji_build_group_id": run.koji_build_group_id,
        "test_run_group_id": run.test_run_group_id,
        "bodhi_update_group_id": run.bodhi_update_group_id,
    }


def _merged_page(session: Session, window: Window) -> list[MergedRunRead]:
    return [MergedRunRead.of(run) for run in queries.list_merged_runs(session, window)]


@router.get("/runs", "list", twin=v1.list_runs)
async def runs(request: Request, uow: UnitOfWorkDep) -> Response:
    window = await requested_window(request)
    page = await uow.run(_merged_page, window)
    return partial_content([merged_run(run) for run in page], "runs", window)


@router.get("/runs/merged/<int:id>", "merged", twin=v1.read_merged_run)
async def merged(uow: UnitOfWorkDep, id: int) -> Response:
    return legacy_json(merged_run(await v1.read_merged_run(uow, id)))


@router.get("/runs/<int:id>", "get", twin=v1.read_run)
async def run(uow: UnitOfWorkDep, id: int) -> Response:
    return legacy_json(run_detail(await v1.read_run(uow, id)))
