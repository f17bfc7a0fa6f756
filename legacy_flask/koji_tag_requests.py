"""koji-tag-requests: requests to tag Koji builds into a sidetag, one item per target."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import Namespace, Resource

from legacy_flask.db import get_session
from legacy_flask.koji_builds import list_project_keys
from legacy_flask.pagination import pagination_arguments, partial_content, requested_window
from legacy_flask.responses import response_maker
from legacy_flask.serialize import epoch, project_info
from shared_db.models import KojiTagRequestTarget
from shared_db.queries import koji_tag_requests as queries
from shared_db.queries.events import trigger_of

ns = Namespace("koji-tag-requests", description="Koji tag requests")


def list_item(tag_request: KojiTagRequestTarget) -> dict[str, Any]:
    trigger = trigger_of(tag_request.group.project_event)
    return {
        "packit_id": tag_request.id,
        "task_id": tag_request.task_id,
        "tag_request_submitted_time": epoch(tag_request.submitted_time),
        "chroot": tag_request.target,
        "sidetag": tag_request.sidetag,
        "nvr": tag_request.nvr,
        "web_url": tag_request.web_url,
        "pr_id": trigger.pr_id,
        "branch_name": trigger.branch_name,
        "release": trigger.release,
        **list_project_keys(trigger),
    }


@ns.route("")
class KojiTagRequestsList(Resource):
    @ns.expect(pagination_arguments)
    @ns.response(HTTPStatus.PARTIAL_CONTENT.value, "Koji tagging requests list follows")
    def get(self) -> Response:
        """List all Koji tagging requests."""
        window = requested_window()
        tag_requests = queries.list_koji_tag_requests(get_session(), window)
        return partial_content([list_item(t) for t in tag_requests], "koji-tag-requests", window)


@ns.route("/<int:id>")
@ns.param("id", "Packit id of the tagging request")
class KojiTagRequestItem(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, koji tagging request details follow")
    @ns.response(HTTPStatus.NOT_FOUND.value, "No info about tagging request stored in DB")
    def get(self, id: int) -> Response:
        """A specific koji tagging request details."""
        tag_request = queries.get_koji_tag_request(get_session(), id)
        event = tag_request.group.project_event
        return response_maker(
            {
                "task_id": tag_request.task_id,
                "chroot": tag_request.target,
                "sidetag": tag_request.sidetag,
                "nvr": tag_request.nvr,
                "tag_request_submitted_time": epoch(tag_request.submitted_time),
                "commit_sha": event.commit_sha,
                "web_url": tag_request.web_url,
                "run_ids": sorted(run.id for run in tag_request.group.pipelines),
                **project_info(trigger_of(event)),
            }
        )


@ns.route("/groups/<int:id>")
@ns.param("id", "Packit id of the koji tagging request group")
class KojiTagRequestGroupItem(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, koji tagging request group details follow")
    @ns.response(
        HTTPStatus.NOT_FOUND.value, "No info about koji tagging request group stored in DB"
    )
    def get(self, id: int) -> Response:
        """A specific koji tagging request group details."""
        group = queries.get_koji_tag_request_group(get_session(), id)
        return response_maker(
            {
                "submitted_time": epoch(group.submitted_time),
                "run_ids": sorted(run.id for run in group.pipelines),
                "tag_request_target_ids": sorted(target.id for target in group.targets),
                **project_info(trigger_of(group.project_event)),
            }
        )
