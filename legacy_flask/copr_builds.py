"""copr-builds: Copr builds, merged per Copr build id in the list."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import Namespace, Resource

from legacy_flask.db import get_session
from legacy_flask.pagination import pagination_arguments, partial_content, requested_window
from legacy_flask.responses import response_maker
from legacy_flask.serialize import epoch, project_info
from shared_db.queries import copr_builds as queries
from shared_db.queries.events import trigger_of

ns = Namespace("copr-builds", description="COPR builds")


def merged_item(build: queries.MergedCoprBuild) -> dict[str, Any]:
    trigger = build.trigger
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
        "branch_name": trigger.branch_name,
        "repo_namespace": project.namespace if project else "",
        "repo_name": project.repo_name if project else "",
        "project_url": project.project_url if project else "",
    }


@ns.route("")
class CoprBuildsList(Resource):
    @ns.expect(pagination_arguments)
    @ns.response(HTTPStatus.PARTIAL_CONTENT.value, "Copr builds list follows")
    def get(self) -> Response:
        """List all Copr builds."""
        window = requested_window()
        builds = queries.list_merged_copr_builds(get_session(), window)
        return partial_content([merged_item(b) for b in builds], "copr-builds", window)


@ns.route("/<int:id>")
@ns.param("id", "Packit id of the build")
class CoprBuildItem(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, copr build details follow")
    @ns.response(HTTPStatus.NOT_FOUND.value, "Copr build identifier not in db/hash")
    def get(self, id: int) -> Response:
        """A specific copr build details for one chroot."""
        build = queries.get_copr_build(get_session(), id)
        pipelines = build.group.pipelines
        return response_maker(
            {
                "build_id": build.build_id,
                "status": build.status.value,
                "chroot": build.target,
                "build_submitted_time": epoch(build.submitted_time),
                "build_start_time": epoch(build.build_start_time),
                "build_finished_time": epoch(build.build_finished_time),
                "commit_sha": build.group.project_event.commit_sha,
                "web_url": build.web_url,
                "build_logs_url": build.build_logs_url,
                "copr_project": build.project_name,
                "copr_owner": build.owner,
                "srpm_build_id": queries.srpm_build_id_of(pipelines),
                "run_ids": sorted(run.id for run in pipelines),
                "built_packages": build.built_packages,
                "log_detective_runs": [run.id for run in build.log_detective_runs],
                **project_info(trigger_of(build.group.project_event)),
            }
        )


@ns.route("/groups/<int:id>")
@ns.param("id", "Packit id of the copr build group")
class CoprBuildGroupItem(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, copr build group details follow")
    @ns.response(HTTPStatus.NOT_FOUND.value, "No info about copr build group stored in DB")
    def get(self, id: int) -> Response:
        """A specific copr build group details."""
        group = queries.get_copr_build_group(get_session(), id)
        return response_maker(
            {
                "submitted_time": epoch(group.submitted_time),
                "run_ids": sorted(run.id for run in group.pipelines),
                "build_target_ids": sorted(target.id for target in group.targets),
                **project_info(trigger_of(group.project_event)),
            }
        )
