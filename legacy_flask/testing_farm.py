"""testing-farm: test runs (list, one run, one group) and Testing Farm's result notifications."""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from flask import Response, current_app, request
from flask_restx import Namespace, Resource, fields

from legacy_flask.db import get_session
from legacy_flask.pagination import pagination_arguments, partial_content, requested_window
from legacy_flask.responses import response_maker
from legacy_flask.serialize import epoch, project_info
from shared_db.queries import testing_farm as queries
from shared_db.queries.events import trigger_of

logger = logging.getLogger(__name__)

ns = Namespace("testing-farm", description="Testing Farm")

NO_JSON = "We haven't received any JSON data."
ACCEPTED = "Test results accepted"

notification = ns.model(
    "Testing Farm notification",
    {
        "request_id": fields.String(required=True, example="614d240a-1e27-4758-ad6a-ed3d34281924"),
        "token": fields.String(required=True, example="HERE-IS-A-VALID-TOKEN"),
    },
)


def json_object(body: bytes) -> dict[str, Any] | None:
    """The body as a non-empty JSON object, else None (whatever the Content-Type says)."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except ValueError:  # not UTF-8 (UnicodeDecodeError is a ValueError), or not JSON
        return None
    return payload if isinstance(payload, dict) and payload else None


def listed_item(listed: queries.ListedTestRun) -> dict[str, Any]:
    run, trigger = listed.run, listed.trigger
    git = trigger.project
    return {
        "packit_id": run.id,
        "pipeline_id": run.pipeline_id,
        "ref": trigger.commit_sha,
        "status": run.status.value,
        "target": run.target,
        "web_url": run.web_url,
        "pr_id": trigger.pr_id,
        "submitted_time": epoch(run.submitted_time),
        "repo_namespace": git.namespace if git else None,
        "repo_name": git.repo_name if git else None,
        "project_url": trigger.project_url,
    }


@ns.route("/results")
class TestingFarmResults(Resource):
    @ns.response(HTTPStatus.OK.value, "Notification has been accepted")
    @ns.response(HTTPStatus.BAD_REQUEST.value, "Bad request data")
    @ns.response(HTTPStatus.UNAUTHORIZED.value, "Testing farm secret validation failed")
    @ns.expect(notification)
    def post(self) -> Response:
        """Submit Testing Farm results."""
        payload = json_object(request.get_data())
        if payload is None:
            return response_maker(NO_JSON, HTTPStatus.BAD_REQUEST)
        problem = queries.token_problem(current_app.config.get("TESTING_FARM_SECRET"), payload)
        if problem is not None:
            logger.info("testing-farm/results rejected: %s", problem)
            return response_maker(problem, HTTPStatus.UNAUTHORIZED)
        outcome = queries.record_notification(get_session(), payload)
        logger.debug("testing-farm/results: %s", outcome.value)
        return response_maker(ACCEPTED)

    @ns.expect(pagination_arguments)
    @ns.response(HTTPStatus.PARTIAL_CONTENT.value, "Testing Farm Results follow")
    def get(self) -> Response:
        """List all Testing Farm results."""
        window = requested_window()
        runs = queries.list_test_runs(get_session(), window)
        return partial_content([listed_item(r) for r in runs], "test-results", window)


@ns.route("/<int:id>")
@ns.param("id", "Packit id of the test run")
class TestingFarmResult(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, test run details follow")
    @ns.response(HTTPStatus.NOT_FOUND.value, "No info about test run stored in DB")
    def get(self, id: int) -> Response:
        """A specific test run details."""
        run = queries.get_test_run(get_session(), id)
        return response_maker(
            {
                "pipeline_id": run.pipeline_id,
                "status": run.status.value,
                "chroot": run.target,
                "commit_sha": run.group.project_event.commit_sha,
                "web_url": run.web_url,
                "copr_build_ids": sorted(build.id for build in run.copr_builds),
                "koji_build_ids": sorted(build.id for build in run.koji_builds),
                "run_ids": sorted(pipeline.id for pipeline in run.group.pipelines),
                "submitted_time": epoch(run.submitted_time),
                **project_info(trigger_of(run.group.project_event)),
            }
        )


@ns.route("/groups/<int:id>")
@ns.param("id", "Packit id of the test run group")
class TestingFarmGroup(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, test run group details follow")
    @ns.response(HTTPStatus.NOT_FOUND.value, "No info about test run group stored in DB")
    def get(self, id: int) -> Response:
        """A specific test run group details."""
        group = queries.get_test_run_group(get_session(), id)
        return response_maker(
            {
                "submitted_time": epoch(group.submitted_time),
                "run_ids": sorted(pipeline.id for pipeline in group.pipelines),
                "test_target_ids": sorted(target.id for target in group.targets),
                **project_info(trigger_of(group.project_event)),
            }
        )
