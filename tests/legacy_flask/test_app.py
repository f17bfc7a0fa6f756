"""The legacy app alone, through Flask's test client."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from shared_db.engine import Database


class TestHealthz:
    def test_get_answers_the_contract_body(self, legacy_client: FlaskClient) -> None:
        response = legacy_client.get("/healthz")

        assert response.status_code == 200
        assert response.get_json() == {"status": "We are healthy!"}

    def test_head_answers_200(self, legacy_client: FlaskClient) -> None:
        assert legacy_client.head("/healthz").status_code == 200


class TestSessions:
    def test_request_without_database_work_opens_no_session(
        self, legacy_app: Flask, legacy_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        opened: list[Session] = []
        database: Database = legacy_app.extensions["shared_db"]
        original = database.session

        def counting_session() -> Session:
            opened.append(original())
            return opened[-1]

        monkeypatch.setattr(database, "session", counting_session)

        legacy_client.get("/swagger.json")
        assert opened == []
        legacy_client.get("/healthz")
        assert len(opened) == 1

    def test_swagger_json_uses_the_mount_prefix(self, legacy_client: FlaskClient) -> None:
        document = legacy_client.get("/swagger.json").get_json()

        assert document["basePath"] == "/api"
        assert document["info"]["version"] == "1.0"
