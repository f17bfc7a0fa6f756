"""webhooks: deliveries from GitHub (the App) and GitLab, verified and stored once each."""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, current_app, request
from flask_restx import Namespace, Resource, fields

from legacy_flask.db import get_session
from legacy_flask.responses import response_maker
from shared_db.models import Forge
from shared_db.webhooks import receive

ns = Namespace("webhooks", description="Webhooks")

ping_payload = ns.model(
    "Webhook ping",
    {
        "zen": fields.String(required=False),
        "hook_id": fields.String(required=False),
        "hook": fields.String(required=False),
    },
)


def _deliver(forge: Forge, secret_key: str) -> Response:
    receipt = receive(
        get_session(),
        forge,
        current_app.config.get(secret_key),
        dict(request.headers),
        request.get_data(cache=False),
    )
    return response_maker(receipt.message, receipt.status)


@ns.route("/github")
class GithubWebhook(Resource):
    @ns.response(HTTPStatus.OK.value, "Webhook accepted, returning reply")
    @ns.response(HTTPStatus.ACCEPTED.value, "Webhook accepted, request is being processed")
    @ns.response(HTTPStatus.BAD_REQUEST.value, "Bad request data")
    @ns.response(HTTPStatus.UNAUTHORIZED.value, "X-Hub-Signature-256 validation failed")
    @ns.expect(ping_payload)
    def post(self) -> Response:
        """A webhook used by the GitHub App."""
        return _deliver(Forge.github, "GITHUB_WEBHOOK_SECRET")


@ns.route("/gitlab")
class GitlabWebhook(Resource):
    @ns.response(HTTPStatus.OK.value, "Webhook accepted, returning reply")
    @ns.response(HTTPStatus.ACCEPTED.value, "Webhook accepted, request is being processed")
    @ns.response(HTTPStatus.BAD_REQUEST.value, "Bad request data")
    @ns.response(HTTPStatus.UNAUTHORIZED.value, "X-Gitlab-Token validation failed")
    @ns.expect(ping_payload)
    def post(self) -> Response:
        """A webhook used by GitLab projects."""
        return _deliver(Forge.gitlab, "GITLAB_WEBHOOK_TOKEN")
