"""openscanhub-scans: OpenScanHub differential scans of Copr builds."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import Namespace, Resource

from legacy_flask.db import get_session
from legacy_flask.pagination import pagination_arguments, partial_content, requested_window
from legacy_flask.responses import response_maker
from legacy_flask.serialize import epoch, project_info
from shared_db.models import OSHScan
from shared_db.queries import openscanhub_scans as queries
from shared_db.queries.events import trigger_of

ns = Namespace("openscanhub-scans", description="OpenScanHub scans")


def scan_info(scan: OSHScan) -> dict[str, Any]:
    """A scan and the project info of the Copr build it scanned."""
    return {
        "task_id": scan.task_id,
        "status": scan.status.value,
        "url": scan.url,
        "issues_added_count": scan.issues_added_count,
        "issues_added_url": scan.issues_added_url,
        "issues_fixed_url": scan.issues_fixed_url,
        "scan_results_url": scan.scan_results_url,
        "copr_build_target_id": scan.copr_build_target_id,
        "submitted_time": epoch(scan.submitted_time),
        **project_info(trigger_of(scan.copr_build_target.group.project_event)),
    }


@ns.route("")
class ScansList(Resource):
    @ns.expect(pagination_arguments)
    @ns.response(HTTPStatus.PARTIAL_CONTENT.value, "Scans list follows")
    def get(self) -> Response:
        """List all scans."""
        window = requested_window()
        scans = queries.list_scans(get_session(), window)
        items = [{**scan_info(scan), "packit_id": scan.id} for scan in scans]
        return partial_content(items, "openscanhub-scans", window)


@ns.route("/<int:id>")
@ns.param("id", "Packit id of the scan")
class ScanItem(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, scan details follow")
    @ns.response(HTTPStatus.NOT_FOUND.value, "Scan identifier not in db/hash")
    def get(self, id: int) -> Response:
        """A specific scan's details."""
        return response_maker(scan_info(queries.get_scan(get_session(), id)))
