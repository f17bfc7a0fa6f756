"""koji-tag-requests (legacy view): requests to tag Koji builds into a sidetag, per target."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from sqlalchemy.orm import Session

from api_v1 import koji_tag_requests as v1
from api_v1.deps import UnitOfWorkDep
from api_v1.legacy.arguments import keyset_of, requested_window
from api_v1.legacy.koji_builds import list_project_keys
from api_v1.legacy.responses import legacy_json, partial_content
from api_v1.legacy.routing import LegacyRouter
from api_v1.legacy.shapes import epoch, project_info
from api_v1.schemas.koji_tag_requests import (
    KojiTagRequestDetailRead,
    KojiTagRequestGroupRead,
    KojiTagRequestRead,
)
from shared_db.models import KojiTagRequestTarget
from shared_db.queries import koji_tag_requests as queries
from shared_db.queries.filters import WorkFilters
from shared_db.queries.pages import Window

router = LegacyRouter("koji-tag-requests")


def list_item(tag_request: KojiTagRequestRead) -> dict[str, Any]:
    trigger = tag_request.trigger
    return {
        "packit_id": tag_request.id,
        "task_id": tag_request.task_id,
        "tag_request_submitted_time": epoch(tag_request.submitted_time),
        "chroot": tag_request.target,
        "sidetag": tag_request.sidetag,
        "nvr": tag_request.nvr,
        "web_url": tag_request.web_url,
        "pr_id": trigger.pr_id,
        "branch_name": trigger.branch,
        "release": trigger.release,
        **list_project_keys(trigger),
    }


def detail(tag_request: KojiTagRequestDetailRead) -> dict[str, Any]:
    return {
        "task_id": tag_request.task_id,
        "chroot": tag_request.target,
        "sidetag": tag_request.sidetag,
        "nvr": tag_request.nvr,
        "tag_request_submitted_time": epoch(tag_request.submitted_time),
        "commit_sha": tag_request.trigger.commit_sha,
        "web_url": tag_request.web_url,
        "run_ids": tag_request.run_ids,
        **project_info(tag_request.trigger),
    }


def group(group: KojiTagRequestGroupRead) -> dict[str, Any]:
    return {
        "submitted_time": epoch(group.submitted_time),
        "run_ids": group.run_ids,
        "tag_request_target_ids": group.target_ids,
        **project_info(group.trigger),
    }


def _page(session: Session, window: Window) -> list[KojiTagRequestRead]:
    """The legacy page, read by the v1 list's query and schema."""
    keyset = keyset_of(session, window, KojiTagRequestTarget.id)
    if keyset is None:
        return []
    rows, _ = queries.koji_tag_request_rows(session, keyset, WorkFilters())
    return [KojiTagRequestRead.of_row(row) for row in rows]


@router.get("/koji-tag-requests", "list", twin=v1.list_koji_tag_requests)
async def koji_tag_requests(request: Request, uow: UnitOfWorkDep) -> Response:
    window = await requested_window(request)
    tag_requests = await uow.run(_page, window)
    return partial_content([list_item(t) for t in tag_requests], "koji-tag-requests", window)


@router.get("/koji-tag-requests/<int:id>", "get", twin=v1.read_koji_tag_request)
async def koji_tag_request(uow: UnitOfWorkDep, id: int) -> Response:
    return legacy_json(detail(await v1.read_koji_tag_request(uow, id)))


@router.get("/koji-tag-requests/groups/<int:id>", "group", twin=v1.read_koji_tag_request_group)
async def koji_tag_request_group(uow: UnitOfWorkDep, id: int) -> Response:
    return legacy_json(group(await v1.read_koji_tag_request_group(uow, id)))
