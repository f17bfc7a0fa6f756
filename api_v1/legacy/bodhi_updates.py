"""bodhi-updates (legacy view): Bodhi updates, one per dist-git branch, and their groups."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from sqlalchemy.orm import Session

from api_v1 import bodhi_updates as v1
from api_v1.deps import UnitOfWorkDep
from api_v1.legacy.arguments import keyset_of, requested_window
from api_v1.legacy.responses import legacy_json, partial_content
from api_v1.legacy.routing import LegacyRouter
from api_v1.legacy.shapes import epoch, project_info, project_url
from api_v1.schemas.bodhi_updates import (
    BodhiUpdateDetailRead,
    BodhiUpdateGroupRead,
    BodhiUpdateRead,
)
from shared_db.models import BodhiUpdateTarget
from shared_db.queries import bodhi_updates as queries
from shared_db.queries.filters import WorkFilters
from shared_db.queries.pages import Window

router = LegacyRouter("bodhi-updates")


def list_item(update: BodhiUpdateRead) -> dict[str, Any]:
    trigger = update.trigger
    git = trigger.project
    return {
        "packit_id": update.id,
        "status": update.status.value,
        "branch": update.branch,
        "web_url": update.web_url,
        "koji_nvrs": update.koji_nvrs,
        "alias": update.alias,
        "pr_id": trigger.pr_id,
        "branch_name": trigger.branch,
        "release": trigger.release,
        "submitted_time": epoch(update.submitted_time),
        "update_creation_time": epoch(update.update_creation_time),
        "project_url": project_url(trigger),
        "repo_namespace": git.namespace if git else None,
        "repo_name": git.repo_name if git else None,
    }


def detail(update: BodhiUpdateDetailRead) -> dict[str, Any]:
    return {
        "status": update.status.value,
        "branch": update.branch,
        "web_url": update.web_url,
        "koji_nvrs": update.koji_nvrs,
        "alias": update.alias,
        "submitted_time": epoch(update.submitted_time),
        "update_creation_time": epoch(update.update_creation_time),
        "run_ids": update.run_ids,
        "error_message": update.error_message,
        **project_info(update.trigger),
    }


def group(group: BodhiUpdateGroupRead) -> dict[str, Any]:
    return {
        "submitted_time": epoch(group.submitted_time),
        "run_ids": group.run_ids,
        "update_target_ids": group.target_ids,
        **project_info(group.trigger),
    }


def _page(session: Session, window: Window) -> list[BodhiUpdateRead]:
    """The legacy page, read by the v1 list's query and schema."""
    keyset = keyset_of(session, window, BodhiUpdateTarget.id)
    if keyset is None:
        return []
    rows, _ = queries.bodhi_update_rows(session, keyset, WorkFilters())
    return [BodhiUpdateRead.of_row(row) for row in rows]


@router.get("/bodhi-updates", "list", twin=v1.list_bodhi_updates)
async def bodhi_updates(request: Request, uow: UnitOfWorkDep) -> Response:
    window = await requested_window(request)
    updates = await uow.run(_page, window)
    return partial_content([list_item(update) for update in updates], "bodhi-updates", window)


@router.get("/bodhi-updates/<int:id>", "get", twin=v1.read_bodhi_update)
async def bodhi_update(uow: UnitOfWorkDep, id: int) -> Response:
    return legacy_json(detail(await v1.read_bodhi_update(uow, id)))


@router.get("/bodhi-updates/groups/<int:id>", "group", twin=v1.read_bodhi_update_group)
async def bodhi_update_group(uow: UnitOfWorkDep, id: int) -> Response:
    return legacy_json(group(await v1.read_bodhi_update_group(uow, id)))
