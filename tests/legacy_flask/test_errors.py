"""How the legacy app answers errors its contract leaves open: JSON, never a trace."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_restx import Api, Namespace, Resource
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

import legacy_flask
from gateway.app import create_app
from gateway.settings import Settings
from legacy_flask.db import get_session
from shared_db.engine import Database
from shared_db.errors import NotFound
from shared_db.models import AllowlistEntry, AllowlistStatus
from tests.flask_client import MountedClient


def _add_resource(app: Flask, path: str, get: Callable[[], Any]) -> None:
    namespace = Namespace(f"probe{abs(hash(path))}", path="/_probe")
    namespace.add_resource(type("Probe", (Resource,), {"get": lambda self: get()}), path)
    api: Api = app.extensions["legacy_api"]
    api.add_namespace(namespace)


@pytest.fixture
def production_app(database: Database, settings: Settings) -> Flask:
    """A Flask app of the test's own (the probes below are added to it), whose errors
    render as in production instead of propagating into the test client."""
    config = {**settings.legacy_config(), "TESTING": False, "PROPAGATE_EXCEPTIONS": False}
    app = legacy_flask.create_app(database, config)
    app.test_client_class = MountedClient
    return app


@pytest.fixture
def production_client(production_app: Flask) -> FlaskClient:
    return production_app.test_client()


class TestResourceErrors:
    def test_domain_error_renders_in_the_legacy_404_style(
        self, production_app: Flask, production_client: FlaskClient
    ) -> None:
        def missing() -> Any:
            raise NotFound("No info about build stored in DB")

        _add_resource(production_app, "/missing", missing)

        response = production_client.get("/_probe/missing")

        assert response.status_code == 404
        assert response.get_json() == {"error": "No info about build stored in DB"}

    def test_database_bug_is_a_500_without_internals(
        self, production_app: Flask, production_client: FlaskClient
    ) -> None:
        def broken() -> Any:
            raise sa_exc.IntegrityError("INSERT …", {}, Exception("secret detail"))

        _add_resource(production_app, "/broken", broken)

        response = production_client.get("/_probe/broken")

        assert response.status_code == 500
        assert response.get_json() == {"error": "Internal server error"}


# Text an error might carry that no answer may show: SQL, a path, a secret.
INTERNALS = "SELECT token FROM secrets -- /srv/app/legacy_flask/db.py line 42"
ONE_500 = {"error": "Internal server error"}


def _raise_internals() -> Any:
    raise RuntimeError(INTERNALS)


class TestOne500Shape:
    """Every 500 of the legacy app is ``{"error": "Internal server error"}``: RESTX's own
    (``{"message": ...}``, with the exception's text) and Flask's HTML page never show."""

    def test_an_unexpected_error_in_a_resource(
        self, production_app: Flask, production_client: FlaskClient
    ) -> None:
        _add_resource(production_app, "/bug", _raise_internals)

        response = production_client.get("/_probe/bug")

        assert (response.status_code, response.get_json()) == (500, ONE_500)
        assert b"secrets" not in response.get_data()

    def test_an_unexpected_error_in_a_request_hook_of_a_resource(
        self, production_app: Flask, production_client: FlaskClient
    ) -> None:
        production_app.before_request(_raise_internals)

        response = production_client.get("/healthz")

        assert (response.status_code, response.get_json()) == (500, ONE_500)

    def test_an_unexpected_error_outside_the_resources(
        self, production_app: Flask, production_client: FlaskClient
    ) -> None:
        production_app.add_url_rule("/_plain", "plain", _raise_internals)

        response = production_client.get("/_plain")

        assert (response.status_code, response.get_json()) == (500, ONE_500)

    async def test_through_the_gateway(self, settings: Settings, database: Database) -> None:
        gateway = create_app(settings, database=database)  # its own: a probe is added
        legacy: Flask = gateway.state.gateway.flask
        _add_resource(legacy, "/bug", _raise_internals)
        transport = httpx.ASGITransport(app=gateway)
        async with (
            gateway.router.lifespan_context(gateway),
            httpx.AsyncClient(transport=transport, base_url="http://gw") as client,
        ):
            response = await client.get("/api/_probe/bug")

        assert (response.status_code, response.json()) == (500, ONE_500)
        assert response.headers["content-type"] == "application/json"
        assert "secrets" not in response.text

    def test_the_request_parser_keeps_its_400(
        self, production_app: Flask, production_client: FlaskClient
    ) -> None:
        response = production_client.get("copr-builds?per_page=3")

        assert response.status_code == 400
        assert set(response.get_json()) == {"errors", "message"}

    def test_a_wrong_method_keeps_its_405(
        self, production_app: Flask, production_client: FlaskClient
    ) -> None:
        response = production_client.delete("copr-builds")

        assert response.status_code == 405
        assert set(response.get_json()) == {"message"}


class TestCommitFailures:
    def test_failed_commit_turns_the_answer_into_an_error(
        self, production_app: Flask, production_client: FlaskClient, session: Session
    ) -> None:
        session.add(AllowlistEntry(namespace="github.com/dup", status=AllowlistStatus.waiting))
        session.flush()

        def duplicate() -> Any:
            # Not flushed here: the unique violation surfaces only at commit, after the view.
            get_session().add(
                AllowlistEntry(namespace="github.com/dup", status=AllowlistStatus.denied)
            )
            return {"stored": True}

        _add_resource(production_app, "/duplicate", duplicate)

        response = production_client.get("/_probe/duplicate")

        assert response.status_code == 500
        assert response.get_json() == {"error": "Internal server error"}

    def test_database_lost_at_commit_is_a_503(
        self, production_app: Flask, production_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def lost(_: Session) -> None:
            raise sa_exc.OperationalError("COMMIT", {}, Exception("server closed the connection"))

        monkeypatch.setattr(Session, "commit", lost)
        _add_resource(production_app, "/write", lambda: (get_session(), {"ok": True})[1])

        response = production_client.get("/_probe/write")

        assert response.status_code == 503
        assert response.headers["Retry-After"] == "5"
        assert response.get_json() == {"error": "The database is unavailable, try again later"}
