"""srpm-builds: SRPM builds, newest first, and one build's details."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response, current_app
from flask_restx import Namespace, Resource

from legacy_flask.db import get_session
from legacy_flask.pagination import pagination_arguments, partial_content, requested_window
from legacy_flask.responses import response_maker
from legacy_flask.serialize import epoch, project_info
from shared_db.queries import srpm_builds as queries
from shared_db.queries.events import trigger_of

ns = Namespace("srpm-builds", description="SRPM builds")


def dashboard_url(build_id: int) -> str:
    """The build's page on the dashboard (``DASHBOARD_URL``; unset: a path on it)."""
    base: str = current_app.config.get("DASHBOARD_URL") or ""
    return f"{base.rstrip('/')}/jobs/srpm/{build_id}"


def listed_item(listed: queries.ListedSRPMBuild) -> dict[str, Any]:
    build, trigger = listed.build, listed.trigger
    item: dict[str, Any] = {
        "srpm_build_id": build.id,
        "status": build.status.value,
        "log_url": dashboard_url(build.id),
        "build_submitted_time": epoch(build.submitted_time),
    }
    if trigger.project is not None or trigger.anitya_project is not None:
        git = trigger.project
        item["repo_namespace"] = git.namespace if git else None
        item["repo_name"] = git.repo_name if git else None
        item["project_url"] = trigger.project_url
        item["pr_id"] = trigger.pr_id
        item["branch_name"] = trigger.branch_name
    return item


@ns.route("")
class SRPMBuildsList(Resource):
    @ns.expect(pagination_arguments)
    @ns.response(HTTPStatus.PARTIAL_CONTENT.value, "SRPM builds list follows")
    def get(self) -> Response:
        """List all SRPM builds."""
        window = requested_window()
        builds = queries.list_srpm_builds(get_session(), window)
        return partial_content([listed_item(b) for b in builds], "srpm-builds", window)


@ns.route("/<int:id>")
@ns.param("id", "Packit id of the SRPM build")
class SRPMBuildItem(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, SRPM build details follow")
    @ns.response(HTTPStatus.NOT_FOUND.value, "SRPM build identifier not in db/hash")
    def get(self, id: int) -> Response:
        """A specific SRPM build details."""
        build = queries.get_srpm_build(get_session(), id)
        return response_maker(
            {
                "status": build.status.value,
                "build_submitted_time": epoch(build.submitted_time),
                "build_start_time": epoch(build.build_start_time),
                "build_finished_time": epoch(build.build_finished_time),
                "url": build.url,
                "logs": build.logs,
                "logs_url": build.logs_url,
                "copr_build_id": build.copr_build_id,
                "copr_web_url": build.copr_web_url,
                "run_ids": sorted(run.id for run in build.pipelines),
                **project_info(trigger_of(build.project_event)),
            }
        )
