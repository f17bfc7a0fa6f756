"""How the legacy app answers errors its contract leaves open: JSON, never a trace."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_restx import Api, Namespace, Resource
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

import legacy_flask
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
