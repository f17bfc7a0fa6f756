"""installations: GitHub App installations."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import Namespace, Resource

from legacy_flask.db import get_session
from legacy_flask.responses import response_maker
from shared_db.models import GithubInstallation
from shared_db.queries import admin as queries

ns = Namespace("installations", description="GitHub App installations")

# The one legacy timestamp that is not epoch seconds: day first, in UTC.
CREATED_AT_FORMAT = "%d/%m/%Y %H:%M:%S"


def installation_item(installation: GithubInstallation) -> dict[str, Any]:
    return {
        "account_login": installation.account_login,
        "account_id": installation.account_id,
        "account_type": installation.account_type,
        "account_url": installation.account_url,
        "sender_login": installation.sender_login,
        "sender_id": installation.sender_id,
        "created_at": installation.created_at.strftime(CREATED_AT_FORMAT),
    }


@ns.route("")
class InstallationsList(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, installations list follows")
    def get(self) -> Response:
        """List all GitHub App installations."""
        installations = queries.list_installations(get_session())
        return response_maker([installation_item(i) for i in installations])


@ns.route("/<int:id>")
@ns.param("id", "Installation identifier")
class InstallationItem(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, installation details follow")
    @ns.response(HTTPStatus.NO_CONTENT.value, "Identifier not among the installations")
    def get(self, id: int) -> Response | tuple[str, int]:
        """One installation."""
        installation = queries.get_installation(get_session(), id)
        if installation is None:
            return "", HTTPStatus.NO_CONTENT.value
        return response_maker(installation_item(installation))
