"""koji-builds (legacy view): Koji builds, one item per target, optionally scratch-filtered."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from api_v1 import koji_builds as v1
from api_v1.deps import UnitOfWorkDep
from api_v1.legacy.arguments import PAGINATION, Argument, keyset_of, parse_arguments, window_of
from api_v1.legacy.responses import legacy_json, partial_content
from api_v1.legacy.routing import LegacyRouter
from api_v1.legacy.shapes import epoch, project_info, project_url
from api_v1.schemas.common import TriggerRead
from api_v1.schemas.koji_builds import KojiBuildDetailRead, KojiBuildGroupRead, KojiBuildRead
from shared_db.models import KojiBuildTarget
from shared_db.queries import koji_builds as queries
from shared_db.queries.filters import WorkFilters
from shared_db.queries.pages import Window, row_dicts

router = LegacyRouter("koji-builds")


def scratch_or_production(value: str) -> bool:
    """``true`` in any letter case keeps scratch builds, any other value (empty included)
    production builds: never a 400 (the contract, corrected 2026-12-01)."""
    return value.lower() == "true"


SCRATCH = Argument(
    "scratch",
    type=scratch_or_production,
    default=None,
    help="true (any letter case): only scratch builds; any other value: only production builds",
)


def list_project_keys(trigger: TriggerRead) -> dict[str, Any]:
    """``project_url, repo_namespace, repo_name`` of a list item; no keys without a project
    (a release-monitoring project has no repository: those two are null)."""
    if trigger.project is None and trigger.anitya_project is None:
        return {}
    git = trigger.project
    return {
        "project_url": project_url(trigger),
        "repo_namespace": git.namespace if git else None,
        "repo_name": git.repo_name if git else None,
    }


def list_item(build: KojiBuildRead) -> dict[str, Any]:
    trigger = build.trigger
    return {
        "packit_id": build.id,
        "task_id": build.task_id,
        "scratch": build.scratch,
        "status": build.status.value,
        "build_submitted_time": epoch(build.submitted_time),
        "chroot": build.target,
        "web_url": build.web_url,
        "build_logs_urls": build.build_logs_urls,
        "pr_id": trigger.pr_id,
        "branch_name": trigger.branch,
        "release": trigger.release,
        **list_project_keys(trigger),
    }


def detail(build: KojiBuildDetailRead) -> dict[str, Any]:
    return {
        "task_id": build.task_id,
        "status": build.status.value,
        "chroot": build.target,
        "scratch": build.scratch,
        "build_start_time": epoch(build.started_time),
        "build_finished_time": epoch(build.finished_time),
        "build_submitted_time": epoch(build.submitted_time),
        "commit_sha": build.trigger.commit_sha,
        "web_url": build.web_url,
        "build_logs_urls": build.build_logs_urls,
        "srpm_build_id": build.srpm_build_id,
        "run_ids": build.run_ids,
        "build_submission_stdout": build.build_submission_stdout,
        "error_message": build.error_message,
        "log_detective_runs": build.log_detective_run_ids,
        **project_info(build.trigger),
    }


def group(group: KojiBuildGroupRead) -> dict[str, Any]:
    return {
        "submitted_time": epoch(group.submitted_time),
        "run_ids": group.run_ids,
        "build_target_ids": group.target_ids,
        **project_info(group.trigger),
    }


def _page(session: Session, window: Window, scratch: bool | None) -> list[KojiBuildRead]:
    """The legacy page, read by the v1 list's query and schema."""
    where: list[ColumnElement[bool]] = []
    if scratch is not None:
        where.append(KojiBuildTarget.scratch == scratch)
    keyset = keyset_of(session, window, KojiBuildTarget.id, *where)
    if keyset is None:
        return []
    rows, _ = queries.koji_build_rows(session, keyset, WorkFilters(), scratch=scratch)
    return [KojiBuildRead.of_row(r) for r in row_dicts(rows)]


@router.get("/koji-builds", "list", twin=v1.list_koji_builds)
async def koji_builds(request: Request, uow: UnitOfWorkDep) -> Response:
    arguments = await parse_arguments(request, (*PAGINATION, SCRATCH))
    window = window_of(arguments)
    builds = await uow.run(_page, window, arguments["scratch"])
    return partial_content([list_item(build) for build in builds], "koji-builds", window)


@router.get("/koji-builds/<int:id>", "get", twin=v1.read_koji_build)
async def koji_build(uow: UnitOfWorkDep, id: int) -> Response:
    return legacy_json(detail(await v1.read_koji_build(uow, id)))


@router.get("/koji-builds/groups/<int:id>", "group", twin=v1.read_koji_build_group)
async def koji_build_group(uow: UnitOfWorkDep, id: int) -> Response:
    return legacy_json(group(await v1.read_koji_build_group(uow, id)))
