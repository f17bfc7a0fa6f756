"""propose-downstream (legacy view): release syncs of the propose-downstream job.

The pull-from-upstream view serves the same rows for the other job type: both declare
their operations with :func:`add_sync_release_views`, over the routes v1 builds for that
job type with its own ``add_sync_release_routes``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

from api_v1 import propose_downstream as v1
from api_v1.deps import UnitOfWorkDep
from api_v1.legacy.arguments import requested_window
from api_v1.legacy.responses import legacy_json, partial_content
from api_v1.legacy.routing import LegacyRouter
from api_v1.legacy.shapes import epoch, project_block, project_info
from api_v1.schemas.sync_releases import SyncReleaseRead, SyncReleaseTargetRead
from shared_db.models import SyncReleaseJobType
from shared_db.queries import sync_releases as queries
from shared_db.queries.pages import Window

router = LegacyRouter("propose-downstream")


def list_item(sync: SyncReleaseRead) -> dict[str, Any]:
    """One sync: its branches keyed by name, what triggered it and where its upstream lives
    (corrected 2026-12-01: no ``branch_name``; the seven project keys even without a
    project, as nulls)."""
    trigger = sync.trigger
    return {
        "packit_id": sync.id,
        "status": sync.status.value,
        "submitted_time": epoch(sync.submitted_time),
        "status_per_downstream_pr": {t.branch: t.status.value for t in sync.targets},
        "packit_id_per_downstream_pr": {t.branch: t.id for t in sync.targets},
        "pr_id": trigger.pr_id,
        "issue_id": trigger.issue_id,
        "release": trigger.release,
        "anitya_version": trigger.anitya_version,
        **project_block(trigger),
    }


def target_item(target: SyncReleaseTargetRead) -> dict[str, Any]:
    """One branch of a sync; ``downstream_pr_project`` is the project of its first PR."""
    prs = target.downstream_prs
    return {
        "status": target.status.value,
        "branch": target.branch,
        "downstream_prs": [
            {
                "pr_id": pr.pr_id,
                "branch": pr.branch,
                "is_fast_forward": pr.is_fast_forward,
                "url": pr.url,
            }
            for pr in prs
        ],
        "downstream_pr_project": prs[0].project.url if prs else None,
        "submitted_time": epoch(target.submitted_time),
        "start_time": epoch(target.started_time),
        "finished_time": epoch(target.finished_time),
        "logs": target.logs,
        **project_info(target.trigger),
    }


def v1_endpoint(v1_router: APIRouter, name: str) -> Callable[..., Any]:
    """The endpoint of the v1 route named ``name``: the release-sync routes are built per
    job type, so their endpoints are no module attributes."""
    for route in v1_router.routes:
        if isinstance(route, APIRoute) and route.name == name:
            return route.endpoint
    raise LookupError(f"no v1 route named {name!r}")


def add_sync_release_views(
    router: LegacyRouter, v1_router: APIRouter, job_type: SyncReleaseJobType, resource: str
) -> None:
    """The list and target views of a release-sync group, for ``job_type``; ``resource``
    is the list's word in ``Content-Range``."""
    namespace = f"/{router.group}"
    read_target = v1_endpoint(v1_router, f"read_{job_type.value}_target")

    def page(session: Session, window: Window) -> list[SyncReleaseRead]:
        summaries = queries.list_sync_releases(session, job_type, window)
        return [SyncReleaseRead.of(summary) for summary in summaries]

    @router.get(namespace, "list", twin=v1_endpoint(v1_router, f"list_{job_type.value}"))
    async def sync_releases(request: Request, uow: UnitOfWorkDep) -> Response:
        window = await requested_window(request)
        syncs = await uow.run(page, window)
        return partial_content([list_item(sync) for sync in syncs], resource, window)

    @router.get(f"{namespace}/<int:id>", "get", twin=read_target)
    async def sync_release_target(uow: UnitOfWorkDep, id: int) -> Response:
        target: SyncReleaseTargetRead = await read_target(uow, id)
        return legacy_json(target_item(target))


add_sync_release_views(
    router, v1.router, SyncReleaseJobType.propose_downstream, "propose-downstreams"
)
