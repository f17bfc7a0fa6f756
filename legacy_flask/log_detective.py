"""log-detective: Log Detective analyses of failed builds, and their groups."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import Namespace, Resource

from legacy_flask.db import get_session
from legacy_flask.pagination import pagination_arguments, partial_content, requested_window
from legacy_flask.responses import response_maker
from legacy_flask.serialize import epoch, project_info
from shared_db.models import LogDetectiveRun
from shared_db.queries import log_detective as queries
from shared_db.queries.events import trigger_of

ns = Namespace("log-detective", description="Log Detective runs")


def run_info(run: LogDetectiveRun) -> dict[str, Any]:
    """One analysis, as the list's rows and the detail both show it: its own keys, then
    the project info block (the dashboard's Forge and Trigger columns read it)."""
    event = run.group.project_event
    return {
        "packit_id": run.id,
        "analysis_id": run.analysis_id,
        "status": run.status.value,
        "chroot": run.target,
        "commit_sha": event.commit_sha,
        "log_detective_response": run.log_detective_response,
        "error_msg": run.error_msg,
        "target_build": run.target_build,
        "run_ids": sorted(pipeline.id for pipeline in run.group.pipelines),
        "submitted_time": epoch(run.submitted_time),
        **project_info(trigger_of(event)),
    }


@ns.route("")
class LogDetectiveResultList(Resource):
    @ns.expect(pagination_arguments)
    @ns.response(HTTPStatus.PARTIAL_CONTENT.value, "Log Detective result list follows")
    def get(self) -> Response:
        """List all Log Detective results."""
        window = requested_window()
        runs = queries.list_log_detective_runs(get_session(), window)
        return partial_content([run_info(r) for r in runs], "log-detective-results", window)


@ns.route("/<int:id>")
@ns.param("id", "Packit id of the Log Detective run")
class LogDetectiveResult(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, Log Detective run details follow")
    @ns.response(HTTPStatus.NOT_FOUND.value, "No info about Log Detective run stored in DB")
    def get(self, id: int) -> Response:
        """A specific Log Detective run's details."""
        return response_maker(run_info(queries.get_log_detective_run(get_session(), id)))


@ns.route("/groups/<int:id>")
@ns.param("id", "Packit id of the Log Detective run group")
class LogDetectiveGroup(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, Log Detective run group details follow")
    @ns.response(HTTPStatus.NOT_FOUND.value, "No info about Log Detective run group stored in DB")
    def get(self, id: int) -> Response:
        """A specific Log Detective run group's details."""
        group = queries.get_log_detective_group(get_session(), id)
        return response_maker(
            {
                "packit_id": group.id,
                "submitted_time": epoch(group.submitted_time),
                "run_ids": sorted(run.id for run in group.pipelines),
                "log_detective_target_ids": sorted(target.id for target in group.targets),
                **project_info(trigger_of(group.project_event)),
            }
        )
