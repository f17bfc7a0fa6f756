"""runs: pipelines, and merged runs (the runs that share one SRPM build)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import Namespace, Resource

from legacy_flask.db import get_session
from legacy_flask.pagination import pagination_arguments, partial_content, requested_window
from legacy_flask.responses import response_maker
from legacy_flask.serialize import epoch, project_info
from shared_db.queries import runs as queries

ns = Namespace("runs", description="Pipelines")


def merged_item(run: queries.MergedRun) -> dict[str, Any]:
    srpm = run.srpm
    return {
        "merged_run_id": run.merged_run_id,
        "srpm": None
        if srpm is None
        else {"packit_id": srpm.packit_id, "status": srpm.status.value},
        **{
            kind: [
                {"packit_id": job.packit_id, "target": job.target, "status": job.status.value}
                for job in jobs
            ]
            for kind, jobs in run.jobs.items()
        },
        "time_submitted": epoch(run.time_submitted),
        "trigger": project_info(run.trigger),
    }


@ns.route("")
class RunsList(Resource):
    @ns.expect(pagination_arguments)
    @ns.response(HTTPStatus.PARTIAL_CONTENT.value, "List of runs follows")
    def get(self) -> Response:
        """List all runs."""
        window = requested_window()
        runs = queries.list_merged_runs(get_session(), window)
        return partial_content([merged_item(run) for run in runs], "runs", window)


@ns.route("/merged/<int:id>")
@ns.param("id", "First packit ID of the merged run")
class MergedRun(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, merged run details follow")
    @ns.response(HTTPStatus.NOT_FOUND.value, "Run ID not found in DB")
    def get(self, id: int) -> Response:
        """Return details for merged run."""
        return response_maker(merged_item(queries.get_merged_run(get_session(), id)))


@ns.route("/<int:id>")
@ns.param("id", "Packit ID of the run")
class Run(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, run details follow")
    @ns.response(HTTPStatus.NOT_FOUND.value, "Run ID not found in DB")
    def get(self, id: int) -> Response:
        """Return details for given run."""
        run, trigger = queries.get_run(get_session(), id)
        return response_maker(
            {
                "run_id": run.id,
                "trigger": project_info(trigger),
                "srpm_build_id": run.srpm_build_id,
                "copr_build_group_id": run.copr_build_group_id,
                "koji_build_group_id": run.koji_build_group_id,
                "test_run_group_id": run.test_run_group_id,
                "bodhi_update_group_id": run.bodhi_update_group_id,
            }
        )
