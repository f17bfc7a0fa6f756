"""propose-downstream and pull-from-upstream: the same routes, one job type each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select

from gateway.migration.cases import (
    BOOL,
    DICT,
    INT,
    LIST,
    OPT_INT,
    OPT_STR,
    PROJECT_INFO,
    STR,
    RouteCase,
    TypeSpec,
)
from shared_db.models import SyncReleaseJobType, SyncReleaseRun, SyncReleaseTarget

# corrected 2026-12-01: exactly these keys (no branch_name), the seven project keys even
# for a sync without a project.
LIST_ITEM: dict[str, TypeSpec] = {
    "packit_id": INT,
    "status": STR,
    "submitted_time": INT,
    "status_per_downstream_pr": DICT,
    "packit_id_per_downstream_pr": DICT,
    "pr_id": OPT_INT,
    "issue_id": OPT_INT,
    "release": OPT_STR,
    "anitya_version": OPT_STR,
    "repo_namespace": OPT_STR,
    "repo_name": OPT_STR,
    "project_url": OPT_STR,
    "anitya_project_id": OPT_INT,
    "anitya_project_name": OPT_STR,
    "anitya_package": OPT_STR,
    "non_git_upstream": BOOL,
}
TARGET: dict[str, TypeSpec] = {
    "status": STR,
    "branch": STR,
    "downstream_prs": LIST,
    "downstream_pr_project": OPT_STR,
    "submitted_time": INT,
    "start_time": OPT_INT,
    "finished_time": OPT_INT,
    "logs": OPT_STR,
    **PROJECT_INFO,
}


def sync_release_cases(
    namespace: str, resource: str, job_type: SyncReleaseJobType, job: str
) -> list[RouteCase]:
    """The cases of one release-sync namespace (``job``: its words in the 404 message)."""
    other = next(t for t in SyncReleaseJobType if t is not job_type)
    not_found: dict[str, Any] = {"error": f"No info about {job} target stored in DB"}

    def newest_target(of: SyncReleaseJobType) -> Select[Any]:
        return (
            select(func.max(SyncReleaseTarget.id).label("id"))
            .join(SyncReleaseTarget.sync_release_run)
            .where(SyncReleaseRun.job_type == of)
        )

    return [
        RouteCase(
            name=f"{namespace} list",
            rule=f"/{namespace}",
            path=f"/{namespace}?per_page=2",
            status=206,
            list_of=True,
            headers={"Content-Range": f"{resource} 1-2/*"},
            keys=LIST_ITEM,
        ),
        RouteCase(
            name=f"{namespace} detail",
            rule=f"/{namespace}/<int:id>",
            path=f"/{namespace}/{{id}}",
            lookup=newest_target(job_type),
            keys=TARGET,
        ),
        RouteCase(
            name=f"{namespace} detail unknown",
            rule=f"/{namespace}/<int:id>",
            path=f"/{namespace}/999999999",
            status=404,
            json=not_found,
        ),
        RouteCase(
            name=f"{namespace} detail of the other job type",
            rule=f"/{namespace}/<int:id>",
            path=f"/{namespace}/{{id}}",
            lookup=newest_target(other),
            status=404,
            json=not_found,
        ),
    ]


CASES = sync_release_cases(
    "propose-downstream",
    "propose-downstreams",
    SyncReleaseJobType.propose_downstream,
    "propose downstream",
)
