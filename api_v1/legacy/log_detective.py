"""log-detective (legacy view): Log Detective analyses of failed builds, and their groups."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from sqlalchemy.orm import Session

from api_v1 import log_detective as v1
from api_v1.deps import UnitOfWorkDep
from api_v1.legacy.arguments import keyset_of, requested_window
from api_v1.legacy.responses import legacy_json, partial_content
from api_v1.legacy.routing import LegacyRouter
from api_v1.legacy.shapes import epoch, project_info
from api_v1.schemas.log_detective import LogDetectiveGroupRead, LogDetectiveRunRead
from shared_db.models import LogDetectiveRun
from shared_db.queries import log_detective as queries
from shared_db.queries.filters import WorkFilters
from shared_db.queries.pages import Window

router = LegacyRouter("log-detective")


def run_info(run: LogDetectiveRunRead) -> dict[str, Any]:
    """One run, in the list and alone alike (corrected 2026-12-01: list rows carry the
    project info block too)."""
    return {
        "packit_id": run.id,
        "analysis_id": run.analysis_id,
        "status": run.status.value,
        "chroot": run.chroot,
        "commit_sha": run.trigger.commit_sha,
        "log_detective_response": run.response,
        "error_msg": run.error_message,
        "target_build": run.build_id,
        "run_ids": run.run_ids,
        "submitted_time": epoch(run.submitted_time),
        **project_info(run.trigger),
    }


def group(group: LogDetectiveGroupRead) -> dict[str, Any]:
    return {
        "packit_id": group.id,
        "submitted_time": epoch(group.submitted_time),
        "run_ids": group.run_ids,
        "log_detective_target_ids": group.target_ids,
        **project_info(group.trigger),
    }


def _page(session: Session, window: Window) -> list[LogDetectiveRunRead]:
    """The legacy page, read by the v1 list's query and schema."""
    keyset = keyset_of(session, window, LogDetectiveRun.id)
    if keyset is None:
        return []
    rows, run_ids, _ = queries.log_detective_rows(session, keyset, WorkFilters())
    return [LogDetectiveRunRead.of_row(row, run_ids.get(row.group_id, [])) for row in rows]


@router.get("/log-detective", "list", twin=v1.list_log_detective_runs)
async def log_detective_runs(request: Request, uow: UnitOfWorkDep) -> Response:
    window = await requested_window(request)
    runs = await uow.run(_page, window)
    return partial_content([run_info(run) for run in runs], "log-detective-results", window)


@router.get("/log-detective/<int:id>", "get", twin=v1.read_log_detective_run)
async def log_detective_run(uow: UnitOfWorkDep, id: int) -> Response:
    return legacy_json(run_info(await v1.read_log_detective_run(uow, id)))


@router.get("/log-detective/groups/<int:id>", "group", twin=v1.read_log_detective_group)
async def log_detective_group(uow: UnitOfWorkDep, id: int) -> Response:
    return legacy_json(group(await v1.read_log_detective_group(uow, id)))
