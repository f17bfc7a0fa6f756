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

from legacy_flask.db import get_session
from shared_db.errors import NotFound
from shared_db.models import AllowlistEntry, AllowlistStatus


def _add_resource(app: Flask, path: str, get: Callable[[], Any]) -> None:
    namespace = Namespace(f"probe{abs(hash(path))}", path="/_probe")
    namespace.add_resource(type("Probe", (Resource,), {"get": lambda self: get()}), path)
    api: Api = app.extensions["legacy_api"]
    api.add_namespace(namespace)


@pytest.fixture
def production_app(legacy_app: Flask) -> Flask:
    # Errors render as in production, instead of propagating into the test client.
    legacy_app.config.update(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    return legacy_app


class TestResourceErrors:
    def test_domain_error_renders_in_the_legacy_404_style(
        self, production_app: Flask, legacy_client: FlaskClient
    ) -> None:
        def missing() -> Any:
            raise NotFound("No info about build stored in DB")

        _add_resource(production_app, "/missing", missing)

        response = legacy_client.get("/_probe/missing")

        assert response.status_code == 404
        assert response.get_json() == {"error": "No info about build stored in DB"}

    def test_database_bug_is_a_500_without_internals(
        self, production_app: Flask, legacy_client: FlaskClient
    ) -> None:
        def broken() -> Any:
            raise sa_exc.IntegrityError("INSERT …", {}, Exception("secret detail"))

        _add_resource(production_app, "/broken", broken)

        response = legacy_client.get("/_probe/broken")

        assert response.status_code == 500
        assert response.get_json() == {"error": "Internal server error"}


class TestCommitFailures:
    def test_failed_commit_turns_the_answer_into_an_error(
        self, production_app: Flask, legacy_client: FlaskClient, session: Session
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

        response = legacy_client.get("/_probe/duplicate")

        assert response.status_code == 500
        assert response.get_json() == {"error": "Internal server error"}

    def test_database_lost_at_commit_is_a_503(
        self, production_app: Flask, legacy_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def lost(_: Session) -> None:
            raise sa_exc.OperationalError("COMMIT", {}, Exception("server closed the connection"))

        monkeypatch.setattr(Session, "commit", lost)
        _add_resource(production_app, "/write", lambda: (get_session(), {"ok": True})[1])

        response = legacy_client.get("/_probe/write")

        assert response.status_code == 503
        assert response.headers["Retry-After"] == "5"
        assert response.get_json() == {"error": "The database is unavailable, try again later"}
