"""koji-builds: Koji builds, one item per target in the list, optionally scratch-filtered."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, ClassVar

from flask import Response
from flask_restx import Namespace, Resource

from legacy_flask.db import get_session
from legacy_flask.pagination import pagination_arguments, partial_content, window_from
from legacy_flask.responses import response_maker
from legacy_flask.serialize import epoch, project_info
from shared_db.models import KojiBuildTarget
from shared_db.queries import koji_builds as queries
from shared_db.queries.copr_builds import srpm_build_id_of
from shared_db.queries.events import Trigger, trigger_of

ns = Namespace("koji-builds", description="Koji builds")


class ScratchOrProduction:
    """A ``reqparse`` type for ``scratch`` (corrected 2026-12-01, as the dashboard and the
    reference read it): ``true`` in any letter case keeps scratch builds, any other value
    (empty included) production builds; never a 400. Absent, every build is listed."""

    __schema__: ClassVar[dict[str, str]] = {"type": "string"}

    def __call__(self, value: str) -> bool:
        return value.lower() == "true"


koji_builds_arguments = pagination_arguments.copy()
koji_builds_arguments.add_argument(
    "scratch",
    type=ScratchOrProduction(),
    default=None,
    location="args",
    help="true (any letter case): only scratch builds; any other value: only production builds",
)


def list_project_keys(trigger: Trigger) -> dict[str, Any]:
    """``project_url, repo_namespace, repo_name`` of a list item; no keys without a project.

    A release-monitoring project has no namespace or repository: those are ``null`` and
    ``project_url`` points at its release-monitoring page.
    """
    if trigger.project is None and trigger.anitya_project is None:
        return {}
    git = trigger.project
    return {
        "project_url": trigger.project_url,
        "repo_namespace": git.namespace if git else None,
        "repo_name": git.repo_name if git else None,
    }


def list_item(build: KojiBuildTarget) -> dict[str, Any]:
    trigger = trigger_of(build.group.project_event)
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
        "branch_name": trigger.branch_name,
        "release": trigger.release,
        **list_project_keys(trigger),
    }


@ns.route("")
class KojiBuildsList(Resource):
    @ns.expect(koji_builds_arguments)
    @ns.response(HTTPStatus.PARTIAL_CONTENT.value, "Koji builds list follows")
    def get(self) -> Response:
        """List all Koji builds."""
        args = koji_builds_arguments.parse_args()
        window = window_from(args)
        builds = queries.list_koji_builds(get_session(), window, scratch=args["scratch"])
        return partial_content([list_item(b) for b in builds], "koji-builds", window)


@ns.route("/<int:id>")
@ns.param("id", "Packit id of the build")
class KojiBuildItem(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, koji build details follow")
    @ns.response(HTTPStatus.NOT_FOUND.value, "No info about build stored in DB")
    def get(self, id: int) -> Response:
        """A specific koji build details."""
        build = queries.get_koji_build(get_session(), id)
        event = build.group.project_event
        pipelines = build.group.pipelines
        return response_maker(
            {
                "task_id": build.task_id,
                "status": build.status.value,
                "chroot": build.target,
                "scratch": build.scratch,
                "build_start_time": epoch(build.build_start_time),
                "build_finished_time": epoch(build.build_finished_time),
                "build_submitted_time": epoch(build.submitted_time),
                "commit_sha": event.commit_sha,
                "web_url": build.web_url,
                "build_logs_urls": build.build_logs_urls,
                "srpm_build_id": srpm_build_id_of(pipelines),
                "run_ids": sorted(run.id for run in pipelines),
                "build_submission_stdout": build.build_submission_stdout,
                "error_message": build.error_message,
                "log_detective_runs": sorted(run.id for run in build.log_detective_runs),
                **project_info(trigger_of(event)),
            }
        )


@ns.route("/groups/<int:id>")
@ns.param("id", "Packit id of the koji build group")
class KojiBuildGroupItem(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, koji build group details follow")
    @ns.response(HTTPStatus.NOT_FOUND.value, "No info about koji build group stored in DB")
    def get(self, id: int) -> Response:
        """A specific koji build group details."""
        group = queries.get_koji_build_group(get_session(), id)
        return response_maker(
            {
                "submitted_time": epoch(group.submitted_time),
                "run_ids": sorted(run.id for run in group.pipelines),
                "build_target_ids": sorted(target.id for target in group.targets),
                **project_info(trigger_of(group.project_event)),
            }
        )
