"""allowlist: the accounts allowed, waiting or denied to use the service."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import Namespace, Resource

from legacy_flask.db import get_session
from legacy_flask.responses import response_maker
from shared_db.models import AllowlistEntry
from shared_db.queries import admin as queries

ns = Namespace("allowlist", description="Allowlist")


def entry_item(entry: AllowlistEntry) -> dict[str, Any]:
    return {
        "namespace": entry.namespace,
        "status": entry.status.value,
        "fas_account": entry.fas_account,
    }


@ns.route("")
class Allowlist(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, allowlist follows")
    def get(self) -> Response:
        """List the whole allowlist."""
        return response_maker([entry_item(e) for e in queries.list_allowlist(get_session())])


@ns.route("/<path:namespace>")
@ns.param("namespace", "Namespace to be queried, e.g. github.com/packit")
class AllowlistItem(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, allowlisted namespace details follow")
    @ns.response(HTTPStatus.NO_CONTENT.value, "Namespace not in allowlist")
    def get(self, namespace: str) -> Response | tuple[str, int]:
        """One allowlist entry."""
        entry = queries.get_allowlist_entry(get_session(), namespace)
        if entry is None:
            return "", HTTPStatus.NO_CONTENT.value
        return response_maker(entry_item(entry))
