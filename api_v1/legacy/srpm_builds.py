"""srpm-builds (legacy view): SRPM builds, newest first, and one build's details."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from sqlalchemy.orm import Session

from api_v1 import srpm_builds as v1
from api_v1.deps import UnitOfWorkDep
from api_v1.legacy.arguments import keyset_of, requested_window
from api_v1.legacy.responses import legacy_json, partial_content
from api_v1.legacy.routing import LegacyRouter
from api_v1.legacy.shapes import epoch, project_info, project_url
from api_v1.schemas.srpm_builds import SRPMBuildDetailRead, SRPMBuildRead
from api_v1.state import V1ConfigDep
from shared_db.models import SRPMBuild
from shared_db.queries import srpm_builds as queries
from shared_db.queries.filters import WorkFilters
from shared_db.queries.pages import Window, row_dicts

router = LegacyRouter("srpm-builds")


def dashboard_url(dashboard: str, build_id: int) -> str:
    """The build's page on the dashboard (``dashboard`` unset: a path on it)."""
    return f"{dashboard.rstrip('/')}/jobs/srpm/{build_id}"


def list_item(build: SRPMBuildRead, dashboard: str) -> dict[str, Any]:
    trigger = build.trigger
    item: dict[str, Any] = {
        "srpm_build_id": build.id,
        "status": build.status.value,
        "log_url": dashboard_url(dashboard, build.id),
        "build_submitted_time": epoch(build.submitted_time),
    }
    if trigger.project is not None or trigger.anitya_project is not None:
        git = trigger.project
        item["repo_namespace"] = git.namespace if git else None
        item["repo_name"] = git.repo_name if git else None
        item["project_url"] = project_url(trigger)
        item["pr_id"] = trigger.pr_id
        item["branch_name"] = trigger.branch
    return item


def detail(build: SRPMBuildDetailRead) -> dict[str, Any]:
    return {
        "status": build.status.value,
        "build_submitted_time": epoch(build.submitted_time),
        "build_start_time": epoch(build.started_time),
        "build_finished_time": epoch(build.finished_time),
        "url": build.srpm_url,
        "logs": build.logs,
        "logs_url": build.logs_url,
        "copr_build_id": build.copr_build_id,
        "copr_web_url": build.copr_web_url,
        "run_ids": build.run_ids,
        **project_info(build.trigger),
    }


def _page(session: Session, window: Window) -> list[SRPMBuildRead]:
    """The legacy page, read by the v1 list's query and schema."""
    keyset = keyset_of(session, window, SRPMBuild.id)
    if keyset is None:
        return []
    rows, _ = queries.srpm_build_rows(session, keyset, WorkFilters())
    return [SRPMBuildRead.of_row(r) for r in row_dicts(rows)]


@router.get("/srpm-builds", "list", twin=v1.list_srpm_builds)
async def srpm_builds(request: Request, uow: UnitOfWorkDep, config: V1ConfigDep) -> Response:
    window = await requested_window(request)
    builds = await uow.run(_page, window)
    items = [list_item(build, config.dashboard_url) for build in builds]
    return partial_content(items, "srpm-builds", window)


@router.get("/srpm-builds/<int:id>", "get", twin=v1.read_srpm_build)
async def srpm_build(uow: UnitOfWorkDep, id: int) -> Response:
    return legacy_json(detail(await v1.read_srpm_build(uow, id)))
