"""copr-builds (legacy view): Copr builds merged per Copr build id, one target, one group."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from sqlalchemy.orm import Session

from api_v1 import copr_builds as v1
from api_v1.deps import UnitOfWorkDep
from api_v1.legacy.arguments import requested_window
from api_v1.legacy.responses import legacy_json, partial_content
from api_v1.legacy.routing import LegacyRouter
from api_v1.legacy.shapes import epoch, project_info
from api_v1.schemas.common import TriggerRead
from api_v1.schemas.copr_builds import CoprBuildDetailRead, CoprBuildGroupRead
from shared_db.queries import copr_builds as queries
from shared_db.queries.pages import Window

router = LegacyRouter("copr-builds")


def merged_item(build: queries.MergedCoprBuild) -> dict[str, Any]:
    trigger = TriggerRead.of(build.trigger)
    project = trigger.project
    return {
        "packit_id": build.packit_id,
        "project": build.project_name,
        "build_id": build.build_id,
        "status_per_chroot": {c.chroot: c.status.value for c in build.chroots},
        "packit_id_per_chroot": {c.chroot: c.target_id for c in build.chroots},
        "build_submitted_time": epoch(build.submitted_time),
        "web_url": build.web_url,
        "ref": trigger.commit_sha,
        "pr_id": trigger.pr_id,
        "branch_name": trigger.branch,
        "repo_namespace": project.namespace if project else "",
        "repo_name": project.repo_name if project else "",
        "project_url": project.url if project else "",
    }


def detail(build: CoprBuildDetailRead) -> dict[str, Any]:
    return {
        "build_id": build.build_id,
        "status": build.status.value,
        "chroot": build.chroot,
        "build_submitted_time": epoch(build.submitted_time),
        "build_start_time": epoch(build.started_time),
        "build_finished_time": epoch(build.finished_time),
        "commit_sha": build.trigger.commit_sha,
        "web_url": build.web_url,
        "build_logs_url": build.build_logs_url,
        "copr_project": build.copr_project,
        "copr_owner": build.copr_owner,
        "srpm_build_id": build.srpm_build_id,
        "run_ids": build.run_ids,
        "built_packages": build.built_packages,
        "log_detective_runs": build.log_detective_run_ids,
        **project_info(build.trigger),
    }


def group(group: CoprBuildGroupRead) -> dict[str, Any]:
    return {
        "submitted_time": epoch(group.submitted_time),
        "run_ids": group.run_ids,
        "build_target_ids": group.target_ids,
        **project_info(group.trigger),
    }


def _merged_page(session: Session, window: Window) -> list[dict[str, Any]]:
    return [merged_item(build) for build in queries.list_merged_copr_builds(session, window)]


@router.get("/copr-builds", "list", twin=v1.list_copr_builds)
async def copr_builds(request: Request, uow: UnitOfWorkDep) -> Response:
    window = await requested_window(request)
    return partial_content(await uow.run(_merged_page, window), "copr-builds", window)


@router.get("/copr-builds/<int:id>", "get", twin=v1.read_copr_build)
async def copr_build(uow: UnitOfWorkDep, id: int) -> Response:
    return legacy_json(detail(await v1.read_copr_build(uow, id)))


@router.get("/copr-builds/groups/<int:id>", "group", twin=v1.read_copr_build_group)
async def copr_build_group(uow: UnitOfWorkDep, id: int) -> Response:
    return legacy_json(group(await v1.read_copr_build_group(uow, id)))
