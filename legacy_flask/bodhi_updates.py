"""bodhi-updates: Bodhi updates, one per dist-git branch, and their groups."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import Namespace, Resource

from legacy_flask.db import get_session
from legacy_flask.pagination import pagination_arguments, partial_content, requested_window
from legacy_flask.responses import response_maker
from legacy_flask.serialize import epoch, project_info
from shared_db.models import BodhiUpdateTarget
from shared_db.queries import bodhi_updates as queries
from shared_db.queries.events import trigger_of

ns = Namespace("bodhi-updates", description="Bodhi updates")


def list_item(update: BodhiUpdateTarget) -> dict[str, Any]:
    trigger = trigger_of(update.group.project_event)
    project = trigger.project
    return {
        "packit_id": update.id,
        "status": update.status.value,
        "branch": update.target,
        "web_url": update.web_url,
        "koji_nvrs": update.koji_nvrs,
        "alias": update.alias,
        "pr_id": trigger.pr_id,
        "branch_name": trigger.branch_name,
        "release": trigger.release,
        "submitted_time": epoch(update.submitted_time),
        "update_creation_time": epoch(update.update_creation_time),
        "project_url": trigger.project_url,
        "repo_namespace": project.namespace if project else None,
        "repo_name": project.repo_name if project else None,
    }


@ns.route("")
class BodhiUpdatesList(Resource):
    @ns.expect(pagination_arguments)
    @ns.response(HTTPStatus.PARTIAL_CONTENT.value, "Bodhi updates list follows")
    def get(self) -> Response:
        """List all Bodhi updates."""
        window = requested_window()
        updates = queries.list_bodhi_updates(get_session(), window)
        return partial_content([list_item(u) for u in updates], "bodhi-updates", window)


@ns.route("/<int:id>")
@ns.param("id", "Packit id of the update")
class BodhiUpdateItem(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, Bodhi update details follow")
    @ns.response(HTTPStatus.NOT_FOUND.value, "No info about Bodhi update stored in DB")
    def get(self, id: int) -> Response:
        """A specific Bodhi update's details."""
        update = queries.get_bodhi_update(get_session(), id)
        return response_maker(
            {
                "status": update.status.value,
                "branch": update.target,
                "web_url": update.web_url,
                "koji_nvrs": update.koji_nvrs,
                "alias": update.alias,
                "submitted_time": epoch(update.submitted_time),
                "update_creation_time": epoch(update.update_creation_time),
                "run_ids": sorted(run.id for run in update.group.pipelines),
                "error_message": update.error_message,
                **project_info(trigger_of(update.group.project_event)),
            }
        )


@ns.route("/groups/<int:id>")
@ns.param("id", "Packit id of the Bodhi update group")
class BodhiUpdateGroupItem(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, Bodhi update group details follow")
    @ns.response(HTTPStatus.NOT_FOUND.value, "No info about Bodhi update group stored in DB")
    def get(self, id: int) -> Response:
        """A specific Bodhi update group's details."""
        group = queries.get_bodhi_update_group(get_session(), id)
        return response_maker(
            {
                "submitted_time": epoch(group.submitted_time),
                "run_ids": sorted(run.id for run in group.pipelines),
                "update_target_ids": sorted(target.id for target in group.targets),
                **project_info(trigger_of(group.project_event)),
            }
        )
