"""system: the versions of the service and of the libraries it is built on."""

from __future__ import annotations

from http import HTTPStatus

from flask import Response
from flask_restx import Namespace, Resource

from legacy_flask.responses import response_maker
from shared_db.system import PACKAGES, commit_of, installed_versions

ns = Namespace("system", description="System information")

__all__ = ["PACKAGES", "commit_of", "installed_versions", "ns"]


@ns.route("")
class SystemInformation(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, package versions follow")
    def get(self) -> Response:
        """Versions (and git commits, when known) of the service and its main libraries."""
        return response_maker(installed_versions())
