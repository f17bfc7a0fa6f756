"""healthz: is the service (and its database) up."""

from __future__ import annotations

from http import HTTPStatus

from flask import Response
from flask_restx import Namespace, Resource

from legacy_flask.db import get_session
from legacy_flask.responses import response_maker
from shared_db.queries.health import database_health

ns = Namespace("healthz", description="Health checks")


@ns.route("")
class HealthCheck(Resource):
    @ns.response(HTTPStatus.OK.value, "Healthy")
    def get(self) -> Response:
        """Health check"""
        database_health(get_session())
        return response_maker({"status": "We are healthy!"})

    @ns.response(HTTPStatus.OK.value, "Healthy")
    def head(self) -> None:
        """Health check (no body)"""
        database_health(get_session())
