"""propose-downstream: pull requests opened downstream for upstream releases.

The pull-from-upstream namespace serves the same kind of rows (release syncs) for the
other job type: both build their resources with :func:`add_sync_release_routes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import Namespace, Resource

from legacy_flask.db import get_session
from legacy_flask.pagination import pagination_arguments, partial_content, requested_window
from legacy_flask.responses import response_maker
from legacy_flask.serialize import epoch, project_block, project_info
from shared_db.models import SyncReleaseJobType
from shared_db.queries import sync_releases as queries


@dataclass(frozen=True, slots=True)
class SyncReleaseWording:
    """How one namespace names its job in the Content-Range header and the API docs."""

    resource: str  # Content-Range resource
    results: str  # "Propose Downstreams results"
    job: str  # "propose downstream"


def list_item(summary: queries.SyncReleaseSummary) -> dict[str, Any]:
    """One sync of a release (corrected 2026-12-01): exactly these keys, no ``branch_name``;
    the seven project keys are there even without a project (nulls, ``non_git_upstream``
    false), as the reference writes them."""
    run, trigger = summary.run, summary.trigger
    return {
        "packit_id": run.id,
        "status": run.status.value,
        "submitted_time": epoch(run.submitted_time),
        "status_per_downstream_pr": {t.branch: t.status.value for t in summary.targets},
        "packit_id_per_downstream_pr": {t.branch: t.id for t in summary.targets},
        "pr_id": trigger.pr_id,
        "issue_id": trigger.issue_id,
        "release": trigger.release,
        "anitya_version": trigger.anitya_version,
        **project_block(trigger),
    }


def target_item(detail: queries.SyncReleaseTargetDetail) -> dict[str, Any]:
    target, prs = detail.target, detail.pull_requests
    return {
        "status": target.status.value,
        "branch": target.branch,
        "downstream_prs": [
            {
                "pr_id": pr.pr_id,
                "branch": pr.target_branch,
                "is_fast_forward": pr.is_fast_forward,
                "url": pr.url,
            }
            for pr in prs
        ],
        "downstream_pr_project": prs[0].project.project_url if prs else None,
        "submitted_time": epoch(target.submitted_time),
        "start_time": epoch(target.start_time),
        "finished_time": epoch(target.finished_time),
        "logs": target.logs,
        **project_info(detail.trigger),
    }


def add_sync_release_routes(
    ns: Namespace, job_type: SyncReleaseJobType, wording: SyncReleaseWording
) -> None:
    """The list and target routes of a release-sync namespace, for ``job_type``."""
    not_found = queries.TARGET_NOT_FOUND[job_type]

    @ns.route("")
    class SyncReleaseList(Resource):
        @ns.expect(pagination_arguments)
        @ns.response(HTTPStatus.PARTIAL_CONTENT.value, f"{wording.results} follow")
        def get(self) -> Response:
            window = requested_window()
            summaries = queries.list_sync_releases(get_session(), job_type, window)
            return partial_content([list_item(s) for s in summaries], wording.resource, window)

        get.__doc__ = f"List of all {wording.results}."

    @ns.route("/<int:id>")
    @ns.param("id", f"Packit id of the {wording.job} run target")
    class SyncReleaseTargetItem(Resource):
        @ns.response(HTTPStatus.OK.value, f"OK, {wording.job} target details will follow")
        @ns.response(HTTPStatus.NOT_FOUND.value, not_found)
        def get(self, id: int) -> Response:
            detail = queries.get_sync_release_target(get_session(), job_type, id)
            return response_maker(target_item(detail))

        get.__doc__ = f"A specific {wording.job} job details."


ns = Namespace(
    "propose-downstream", description="Pull requests opened downstream for upstream releases"
)
add_sync_release_routes(
    ns,
    SyncReleaseJobType.propose_downstream,
    SyncReleaseWording(
        resource="propose-downstreams",
        results="Propose Downstreams results",
        job="propose downstream",
    ),
)
